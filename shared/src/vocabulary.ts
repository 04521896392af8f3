// The words both apps, exports and reports use for the same things: the conditions, the units
// of readings. One place, so "2 型糖尿病" cannot be spelt three ways again. Words that belong to
// one screen stay in that app's dictionary; consent versions are never here (the server says
// which text is current: GET /enrol/:code, /me, /me/sms).
import type { PatientCondition } from "./conditions";
import type { Locale } from "./types";

export interface ConditionWords {
  /** In full, for clinicians, exports and reports. */
  full: string;
  /** In a list cell or a badge. */
  short: string;
  /** As a patient says it (the mini-program's enrolment question). */
  plain: string;
}

export const CONDITION_WORDS: Record<Locale, Record<PatientCondition, ConditionWords>> = {
  "zh-CN": {
    hypertension: { full: "高血压", short: "高血压", plain: "高血压" },
    diabetes: { full: "2 型糖尿病", short: "糖尿病", plain: "2 型糖尿病" },
    both: { full: "高血压 + 2 型糖尿病", short: "高血压+糖尿病", plain: "两种都有" },
  },
  en: {
    hypertension: { full: "Hypertension", short: "HTN", plain: "High blood pressure" },
    diabetes: { full: "Type 2 diabetes", short: "T2D", plain: "Type 2 diabetes" },
    both: { full: "Hypertension + type 2 diabetes", short: "HTN + T2D", plain: "Both" },
  },
};

/** Units of the readings as shown (glucose is stored in mmol/L; mg/dL only as typed in). */
export const UNITS = { bp: "mmHg", glucose: "mmol/L", glucoseMgDl: "mg/dL" } as const;
