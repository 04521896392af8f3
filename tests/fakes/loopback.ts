// The fakes' HTTP servers: on this machine's loopback address only, on the port asked for or a
// free one. A handler that throws answers 500 with the error, so the test that caused it sees it.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export async function serveLoopback(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>,
  port = 0,
) {
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
