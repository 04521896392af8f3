// The Node server for `pnpm bench`, started through the package's public Node entry
// (`@steady/worker/node`, the factory `pnpm start` uses) in its own process, configured by the
// environment as `pnpm start` is. SIGTERM closes it as a deployment would.
import { startServer } from "@steady/worker/node";

const server = await startServer({ quiet: true });
process.on("SIGTERM", () => {
  void server.close().then(() => process.exit(0));
});
