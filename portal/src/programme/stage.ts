// Onboarding stages in order (worker/src/programme/release.ts STAGES).
export const STAGES = ["created", "invited", "doctor_active", "first_patient", "active"] as const;
export type Stage = (typeof STAGES)[number];
