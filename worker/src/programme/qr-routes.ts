// The QR code of an enrolment code, as a PNG. In production the poster carries a WeChat
// mini-program code (`getwxacodeunlimit`, scene = the enrolment code) that opens the enrol page;
// without WeChat credentials (local runs, tests) it is a standard QR of the same scene.
// The matrix comes from lean-qr (7 KB; ADR 0019), the PNG is written here: lean-qr's own PNG
// export needs node:zlib, which Workers lack without nodejs_compat.
import { correction, generate } from "lean-qr";
import type { WechatClient, WechatServerApi } from "../wechat/client";

/** The mini-program page a scanned code opens; it reads the code from `scene`. */
export const ENROL_PAGE = "pages/enrol/index";

export interface QrImage {
  bytes: Uint8Array;
  contentType: "image/png" | "image/jpeg";
  source: "wechat" | "local";
}

export async function qrImage(wechat: WechatClient, scene: string): Promise<QrImage> {
  const server = wechat as WechatClient & Partial<WechatServerApi>;
  if (typeof server.getUnlimitedQrCode === "function") {
    const bytes = await server.getUnlimitedQrCode({ scene, page: ENROL_PAGE, checkPath: false, width: 430 });
    // WeChat answers JPEG today; trust the bytes, not the documentation.
    const png = bytes[0] === 0x89 && bytes[1] === 0x50;
    return { bytes, contentType: png ? "image/png" : "image/jpeg", source: "wechat" };
  }
  return { bytes: await qrPng(scene), contentType: "image/png", source: "local" };
}

/**
 * A black-on-white QR (error correction M or better when the version has room, 4-module quiet
 * zone) as an 8-bit greyscale PNG.
 */
export async function qrPng(text: string, scale = 10): Promise<Uint8Array> {
  const qr = generate(text, { minCorrectionLevel: correction.M });
  const size = qr.size;
  const quiet = 4;
  const side = (size + 2 * quiet) * scale;
  const raw = new Uint8Array(side * (side + 1));
  for (let y = 0; y < side; y++) {
    const row = y * (side + 1);
    raw[row] = 0; // filter: none
    const my = Math.floor(y / scale) - quiet;
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / scale) - quiet;
      const dark = qr.get(mx, my); // false outside the matrix: the quiet zone
      raw[row + 1 + x] = dark ? 0 : 255;
    }
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, side);
  view.setUint32(4, side);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit, greyscale, deflate, no filter choice, no interlace
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", await deflate(raw)),
    chunk("IEND", new Uint8Array()),
  ]);
}

async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
