// WeChat-only capabilities. Each returns a result the UI can show instead of throwing, and
// reports "unsupported" on H5 so the browser build stays usable and testable.
import Taro from "@tarojs/taro";
import { isH5 } from "./env";

export type Outcome = "ok" | "declined" | "unsupported" | "failed";

/** Scan a doctor's QR code; returns the enrolment code it carries. */
export async function scanEnrolmentCode(): Promise<{ outcome: Outcome; code?: string }> {
  if (isH5) return { outcome: "unsupported" };
  try {
    const res = await Taro.scanCode({ onlyFromCamera: false });
    return { outcome: "ok", code: enrolmentCodeFromScan(res.path, res.result) };
  } catch (e) {
    const msg = String((e as { errMsg?: string })?.errMsg ?? "");
    return { outcome: msg.includes("cancel") ? "declined" : "failed" };
  }
}

/** A mini-program code yields `path` with `scene=`; a plain QR its text (a URL with ?code= or the code). */
export function enrolmentCodeFromScan(
  path: string | undefined,
  result: string | undefined,
): string | undefined {
  for (const s of [path, result]) {
    if (!s) continue;
    const m = /[?&](?:scene|code)=([^&#]+)/.exec(s);
    if (m?.[1]) return decodeURIComponent(m[1]);
  }
  const plain = result?.trim();
  return plain && /^[A-Za-z0-9-]{4,32}$/.test(plain) ? plain : undefined;
}

/**
 * Ask for one more reminder (one-time subscribe message). Must be called from a tap handler.
 * WeChat answers per template; any value starting with "accept" is consent (DESIGN.md §5).
 */
export async function requestReminder(templateId: string | undefined): Promise<Outcome> {
  if (isH5 || !templateId) return "unsupported";
  try {
    const res = (await Taro.requestSubscribeMessage({
      tmplIds: [templateId],
      entityIds: [],
    })) as unknown as Record<string, string>;
    return String(res[templateId] ?? "").startsWith("accept") ? "ok" : "declined";
  } catch {
    return "failed";
  }
}

/** A daily repeating alarm in the phone's own calendar (rings with no quota and no signal). */
export async function addDailyAlarm(title: string, time: string, startDate: string): Promise<Outcome> {
  if (isH5) return "unsupported";
  const [h, m] = time.split(":").map(Number);
  const start = new Date(`${startDate}T00:00:00+08:00`);
  start.setHours(h ?? 8, m ?? 0, 0, 0);
  try {
    await Taro.addPhoneRepeatCalendar({
      title,
      startTime: Math.floor(start.getTime() / 1000),
      alarm: true,
      alarmOffset: 0,
      repeatInterval: "day",
    });
    return "ok";
  } catch (e) {
    const msg = String((e as { errMsg?: string })?.errMsg ?? "");
    return msg.includes("auth deny") || msg.includes("cancel") ? "declined" : "failed";
  }
}

/** Hand the export to the patient: a JSON file to forward in WeChat, or a download on H5. */
export async function shareExport(fileName: string, json: string): Promise<Outcome> {
  if (isH5) {
    const url = URL.createObjectURL(new Blob([json], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return "ok";
  }
  try {
    const path = `${(Taro.env as { USER_DATA_PATH?: string }).USER_DATA_PATH}/${fileName}`;
    Taro.getFileSystemManager().writeFileSync(path, json, "utf8");
    await Taro.shareFileMessage({ filePath: path, fileName });
    return "ok";
  } catch {
    return "failed";
  }
}

/** Copy text (e.g. the summary for the doctor). */
export async function copyText(text: string): Promise<Outcome> {
  try {
    await Taro.setClipboardData({ data: text });
    return "ok";
  } catch {
    return "failed";
  }
}

/** Let the app retry uploads as soon as the phone is back online. */
export function onNetworkBack(listener: () => void): () => void {
  if (isH5) {
    window.addEventListener("online", listener);
    return () => window.removeEventListener("online", listener);
  }
  const handler = (res: { isConnected: boolean }) => {
    if (res.isConnected) listener();
  };
  Taro.onNetworkStatusChange(handler);
  return () => Taro.offNetworkStatusChange?.(handler);
}
