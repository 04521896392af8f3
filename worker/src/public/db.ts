// `@steady/worker/db`: a database opened as the Node server opens it (migrations, pragmas) and its
// tables, for the cross-package tests and benches that seed or read rows directly.

export { type OpenDb, type OpenDbOptions, openDb } from "../db/node";
export * from "../db/schema";
export type { Db } from "../env";
