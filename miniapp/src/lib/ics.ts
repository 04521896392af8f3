// An iCalendar file (RFC 5545) with one daily repeating event per alarm time, for the browser
// build, where WeChat's addPhoneRepeatCalendar does not exist: the patient opens the file and the
// phone's calendar adds the same alarms. Written by hand (a few lines of the standard) rather than
// with a library, to keep the bundle small.
//
// Times are "floating" (no zone): 08:00 rings at 08:00 wherever the phone is, as an alarm should.
// Each event's UID is stable per time, so importing an updated file updates the events.

export interface IcsAlarm {
  /** "08:00" */
  time: string;
  /** First day, YYYY-MM-DD. */
  startDate: string;
  /** Last day (inclusive), or null to repeat without end. */
  endDate: string | null;
  summary: string;
  description: string;
}

const CRLF = "\r\n";
const encoder = new TextEncoder();

/** TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11). */
export function escapeText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/**
 * Lines longer than 75 octets are folded: CRLF and a space, never inside a UTF-8 character
 * (Chinese text is 3 octets a character).
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    // The first line holds 75 octets; continuation lines start with a space, so 74 more.
    const limit = out.length === 0 ? 75 : 74;
    if (octets + n > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

const basic = (date: string) => date.replace(/-/g, "");
const stamp = (at: number) => `${new Date(at).toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;

export function icsCalendar(alarms: IcsAlarm[], opts: { now: number; uidPrefix: string }): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Steady//Medication alarms//ZH",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
  ];
  for (const a of alarms) {
    const hhmm = a.time.replace(":", "");
    lines.push(
      "BEGIN:VEVENT",
      `UID:${opts.uidPrefix}-${hhmm}@steady`,
      `DTSTAMP:${stamp(opts.now)}`,
      `DTSTART:${basic(a.startDate)}T${hhmm}00`,
      "DURATION:PT5M",
      // UNTIL has the value type of DTSTART: floating, the end of the last day.
      `RRULE:FREQ=DAILY${a.endDate ? `;UNTIL=${basic(a.endDate)}T235959` : ""}`,
      `SUMMARY:${escapeText(a.summary)}`,
      `DESCRIPTION:${escapeText(a.description)}`,
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      "TRIGGER:PT0S",
      `DESCRIPTION:${escapeText(a.summary)}`,
      "END:VALARM",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}
