// Phone calendar alarms for the plan times (docs/product.md): one daily alarm per time of day,
// shared by the plans due then. The app remembers what it added; when the plans change it
// offers the alarms that are missing or changed, and names the ones to delete (no WeChat API
// removes a calendar event, so the patient deletes those in the calendar).
import type { Plan } from "../api/types";

export interface DesiredAlarm {
  time: string;
  startDate: string;
  endDate: string | null;
  /** "氨氯地平 5 mg" for each plan due at this time, in the event's description. */
  what: string[];
}

export interface AddedAlarm extends DesiredAlarm {
  addedAt: number;
  via: "calendar" | "ics";
}

export type AddedAlarms = Record<string, AddedAlarm>;

/** What of a plan decides its alarms (`stopped`: a stop still queued on this phone). */
export type AlarmPlan = Pick<Plan, "drug" | "dose" | "times" | "startDate" | "endDate" | "stoppedAt"> & {
  stopped?: boolean;
};

/** Active plans' times, each with the days it rings on and what is taken then. */
export function desiredAlarms(plans: ReadonlyArray<AlarmPlan>, today: string): DesiredAlarm[] {
  const byTime = new Map<string, DesiredAlarm>();
  for (const p of plans) {
    if (p.stopped || p.stoppedAt || (p.endDate && p.endDate < today)) continue;
    for (const time of p.times) {
      const start = p.startDate > today ? p.startDate : today;
      const end = p.endDate ?? null;
      const a = byTime.get(time);
      if (!a) {
        byTime.set(time, { time, startDate: start, endDate: end, what: [`${p.drug} ${p.dose}`] });
        continue;
      }
      // YYYY-MM-DD strings sort as dates. The earlier start; open-ended wins, else the later end.
      a.startDate = [start, a.startDate].sort()[0] as string;
      a.endDate = a.endDate === null || end === null ? null : ([end, a.endDate].sort()[1] as string);
      a.what.push(`${p.drug} ${p.dose}`);
    }
  }
  return [...byTime.values()].sort((a, b) => a.time.localeCompare(b.time));
}

export interface AlarmChanges {
  /** Times without an alarm, or whose alarm no longer matches (ends on another day). */
  add: DesiredAlarm[];
  /** Alarms the app added for times no plan has any more: to delete in the calendar. */
  remove: AddedAlarm[];
}

export function alarmChanges(desired: DesiredAlarm[], added: AddedAlarms): AlarmChanges {
  const want = new Map(desired.map((d) => [d.time, d]));
  return {
    add: desired.filter((d) => {
      const a = added[d.time];
      return !a || a.endDate !== d.endDate || a.startDate > d.startDate;
    }),
    remove: Object.values(added)
      .filter((a) => !want.has(a.time))
      .sort((a, b) => a.time.localeCompare(b.time)),
  };
}
