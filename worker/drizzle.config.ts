import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: [
    "./src/db/schema.ts",
    "./src/db/schema-reminders.ts",
    "./src/db/schema-triage.ts",
    "./src/db/schema-family.ts",
    "./src/db/schema-programme.ts",
    "./src/db/schema-trust.ts",
    "./src/db/schema-self-report.ts",
    "./src/safety/schema.ts",
    "./src/reminders/schema.ts",
  ],
  out: "./drizzle",
});
