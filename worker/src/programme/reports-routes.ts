// Dashboards of reps (their clinics) and of the programme (managers, admins), and their CSV
// exports. Every number comes from the published release (programme/, ADR 0013), never
// from a patient row. Before answering, a bounded number of stale per-patient rows is refreshed so a
// small programme is always current; a large one relies on the background refresh.
import {
  type Locale,
  type ProgrammeReportResponse,
  type ProgrammeTargets,
  reportCsvQuery,
  reportNoteQuery,
  reportQuery,
} from "@steady/shared";
import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { requirePortalUser } from "../http/principal";
import { validate } from "../http/validate";
import { cachedRelease, loadClinicFacts, loadPackedCounts } from "./release";
import { clinicRows, clinicRowsCsv, DISCLOSURE_NOTE, programmeReport, reportCsv } from "./report";
import { auditStatement, currentProgramme } from "./scope";
import { refreshProgrammeStats } from "./stats";

/** Stale per-patient rows refreshed inside a dashboard request (the rest wait for the job). */
export const INLINE_REFRESH_LIMIT = 300;

async function release(c: Context<AppEnv>, programmeId?: string) {
  const { db, clock } = c.var.deps;
  const now = clock();
  const programme = await currentProgramme(db, programmeId);
  const { pending } = await refreshProgrammeStats(db, now, {
    limit: INLINE_REFRESH_LIMIT,
    programmeId: programme.id,
  });
  const [clinics, packed] = await Promise.all([
    loadClinicFacts(db, programme.id, now),
    loadPackedCounts(db, programme.id),
  ]);
  const r = cachedRelease({ programmeId: programme.id, now, clinics, packed });
  return { programme, release: r, pending };
}

// The note on disclosure control is served beside the CSV, not as a row in it (RFC 4180 readers
// reject a one-cell row): the export names it in a Link header (RFC 8288, rel="describedby").
const csvHeaders = (name: string, locale: Locale) => ({
  "content-type": "text/csv; charset=utf-8",
  "content-disposition": `attachment; filename="${name}"`,
  link: `</api/v1/reports/disclosure-note?lang=${locale}>; rel="describedby"; type="text/plain"`,
});

export const reportRoutes = new Hono<AppEnv>()
  .get("/clinics", validate("query", reportQuery), async (c) => {
    const user = requirePortalUser(c.var.principal);
    const { release: r } = await release(c, c.req.valid("query").programmeId);
    return c.json(clinicRows(r, user.role === "rep" ? user.userId : undefined));
  })
  .get("/clinics.csv", validate("query", reportCsvQuery), async (c) => {
    const user = requirePortalUser(c.var.principal);
    const q = c.req.valid("query");
    const { release: r } = await release(c, q.programmeId);
    const rows = clinicRows(r, user.role === "rep" ? user.userId : undefined);
    await auditStatement(c, "export_clinics_csv");
    const locale = (q.lang ?? "zh-CN") as Locale;
    return c.body(
      clinicRowsCsv(rows, locale),
      200,
      csvHeaders(`steady-clinics-${r.dataThrough}.csv`, locale),
    );
  })
  .get("/programme", validate("query", reportQuery), async (c) => {
    const { programme, release: r, pending } = await release(c, c.req.valid("query").programmeId);
    const report = programmeReport(
      r,
      { id: programme.id, name: programme.name, targets: programme.targets as ProgrammeTargets },
      pending,
    );
    return c.json(report satisfies ProgrammeReportResponse);
  })
  .get("/programme.csv", validate("query", reportCsvQuery), async (c) => {
    const q = c.req.valid("query");
    const { programme, release: r, pending } = await release(c, q.programmeId);
    const report = programmeReport(
      r,
      { id: programme.id, name: programme.name, targets: programme.targets as ProgrammeTargets },
      pending,
    );
    const table = q.table ?? "clinics";
    await auditStatement(c, `export_programme_csv_${table}`);
    const locale = (q.lang ?? "zh-CN") as Locale;
    return c.body(
      reportCsv(report, table, locale),
      200,
      csvHeaders(`steady-programme-${table}-${r.dataThrough}.csv`, locale),
    );
  })
  .get("/disclosure-note", validate("query", reportNoteQuery), (c) => {
    const locale = (c.req.valid("query").lang ?? "zh-CN") as Locale;
    return c.text(`${DISCLOSURE_NOTE[locale]}\n`, 200, { "content-type": "text/plain; charset=utf-8" });
  });
