import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: [
    "./src/db/schema.ts",
    "./src/reminders/schema.ts",
    "./src/triage/schema.ts",
    "./src/family/schema.ts",
    "./src/programme/schema.ts",
    "./src/auth/schema.ts",
    "./src/diary/schema-self-report.ts",
    "./src/safety/schema.ts",
  ],
  out: "./drizzle",
});
