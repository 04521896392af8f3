// `@steady/worker/seed`: the demo data (`pnpm start` seeds the same), its fixed names, the seeded
// random numbers behind it, and the development WeChat templates that reminders need.
export { DEV_TEMPLATES, ensureReminderTemplates } from "../reminders/templates";
export { DEMO_PASSWORD, DEMO_PATIENTS, DEMO_PROGRAMME_ID, type SeedOptions, seedDemo } from "../seed/demo";
export { type Rng, rng } from "../seed/random";
