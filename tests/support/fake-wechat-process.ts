// The standalone fake WeChat server (every user subscribed, the dev templates) on a free port in
// a child process, so a bench does not count its work.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface FakeWechatProcess {
  baseUrl: string;
  /** Messages delivered so far. */
  count(): Promise<number>;
  /** The openid of every delivered message, in arrival order. */
  tousers(): Promise<string[]>;
  stop(): void;
}

export async function startFakeWechatProcess(): Promise<FakeWechatProcess> {
  const script = fileURLToPath(new URL("../fakes/wechat-server.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, FAKE_WECHAT_PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Fake WeChat API on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`fake WeChat server exited (${code})`)));
  });
  return {
    baseUrl,
    count: async () =>
      ((await (await fetch(`${baseUrl}/__fake/stats`)).json()) as { messages: number }).messages,
    tousers: async () =>
      (
        (await (await fetch(`${baseUrl}/__fake/messages`)).json()) as { messages: { touser: string }[] }
      ).messages.map((m) => m.touser),
    stop: () => child.kill(),
  };
}
