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
 * Ask WeChat for one-time subscriptions to several templates at once (≤ 3 per call); must be
 * called from a tap handler. Resolves with WeChat's answer per template ("accept", "reject",
 * "ban", "filter"), each of which the app reports to the server.
 */
export async function askSubscriptions(
  templateIds: string[],
): Promise<{ outcome: Outcome; results: Record<string, string> }> {
  const ids = templateIds.slice(0, 3);
  if (isH5 || ids.length === 0) return { outcome: "unsupported", results: {} };
  try {
    const res = (await Taro.requestSubscribeMessage({
      tmplIds: ids,
      entityIds: [],
    })) as unknown as Record<string, string>;
    const results: Record<string, string> = {};
    for (const id of ids) if (res[id]) results[id] = String(res[id]);
    const accepted = Object.values(results).some((r) => r.startsWith("accept"));
    return { outcome: accepted ? "ok" : "declined", results };
  } catch {
    return { outcome: "failed", results: {} };
  }
}

/**
 * A daily repeating alarm in the phone's own calendar (rings with no quota and no signal).
 * WeChat needs the scope.addPhoneCalendar permission and a tap; it asks the user itself.
 */
export async function addDailyAlarm(
  title: string,
  time: string,
  startDate: string,
  opts: { description?: string; endDate?: string | null } = {},
): Promise<Outcome> {
  if (isH5) return "unsupported";
  const [h, m] = time.split(":").map(Number);
  const start = new Date(`${startDate}T00:00:00+08:00`);
  start.setHours(h ?? 8, m ?? 0, 0, 0);
  const end = opts.endDate ? new Date(`${opts.endDate}T23:59:59+08:00`) : null;
  try {
    await Taro.addPhoneRepeatCalendar({
      title,
      startTime: Math.floor(start.getTime() / 1000),
      ...(opts.description ? { description: opts.description } : {}),
      alarm: true,
      alarmOffset: 0,
      repeatInterval: "day",
      ...(end ? { repeatEndTime: Math.floor(end.getTime() / 1000) } : {}),
    });
    return "ok";
  } catch (e) {
    const msg = String((e as { errMsg?: string })?.errMsg ?? "");
    return msg.includes("auth deny") || msg.includes("cancel") ? "declined" : "failed";
  }
}

/** A file download in the browser (H5 only): the export, or the calendar file. */
export function downloadFile(fileName: string, text: string, type: string): Outcome {
  if (!isH5) return "unsupported";
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return "ok";
}

/** Hand the export to the patient: a JSON file to forward in WeChat, or a download on H5. */
export async function shareExport(fileName: string, json: string): Promise<Outcome> {
  if (isH5) return downloadFile(fileName, json, "application/json");
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
