// Clinical thresholds as data (docs/definitions.md). A programme carries its own copy and a
// patient may override the home-BP target; nothing else in the code hard-codes them.

export interface Thresholds {
  /** Grace window around a slot within which a dose counts as "on time" (ms either side). */
  onTimeGraceMs: number;
  /** Share of days covered at or above which a patient is adherent. */
  adherentDaysCovered: number;
  bp: {
    /** Home BP target: 7-day mean must be strictly below both to be "controlled". */
    homeTargetSystolic: number;
    homeTargetDiastolic: number;
    /** Grade-3 (urgent) lower bounds, inclusive. */
    urgentSystolic: number;
    urgentDiastolic: number;
    /** Crisis: strictly above either → "seek care now". */
    crisisSystolic: number;
    crisisDiastolic: number;
  };
  glucose: {
    fastingLow: number;
    fastingHigh: number;
    nonFastingHigh: number;
    hypoL1: number;
    hypoL2: number;
    veryHigh: number;
    rangeLow: number;
    rangeHigh: number;
    /** Population flags over `flagWindowDays`. */
    hypoRateFlag: number;
    hyperRateFlag: number;
    flagWindowDays: number;
  };
  triage: {
    /** Dose adherence below this over `adherenceWindowDays` puts a patient in "attention". */
    lowAdherence: number;
    adherenceWindowDays: number;
    /** No log of any kind for this many days → "silent". */
    silentDays: number;
  };
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  onTimeGraceMs: 2 * 60 * 60 * 1000,
  adherentDaysCovered: 0.8,
  bp: {
    homeTargetSystolic: 135,
    homeTargetDiastolic: 85,
    urgentSystolic: 180,
    urgentDiastolic: 110,
    crisisSystolic: 180,
    crisisDiastolic: 120,
  },
  glucose: {
    fastingLow: 4.4,
    fastingHigh: 7.0,
    nonFastingHigh: 10.0,
    hypoL1: 3.9,
    hypoL2: 3.0,
    veryHigh: 16.7,
    rangeLow: 3.9,
    rangeHigh: 10.0,
    hypoRateFlag: 0.1,
    hyperRateFlag: 0.25,
    flagWindowDays: 14,
  },
  triage: {
    lowAdherence: 0.5,
    adherenceWindowDays: 14,
    silentDays: 7,
  },
};

export const DEFAULT_TIMEZONE = "Asia/Shanghai";
