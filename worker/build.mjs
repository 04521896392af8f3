// Compiles the Node server and the operator CLI to plain JavaScript (worker/dist) for production:
// `node worker/dist/entry-node.js` runs without tsx. The workspace's own TypeScript packages
// (@steady/shared) are bundled in; every other dependency stays in node_modules (libsql is native).
import { copyFileSync, readFileSync } from "node:fs";
import { build } from "esbuild";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const external = Object.keys(pkg.dependencies)
  .filter((name) => !name.startsWith("@steady/"))
  .flatMap((name) => [name, `${name}/*`]);

await build({
  absWorkingDir: new URL(".", import.meta.url).pathname,
  entryPoints: { "entry-node": "src/entry-node.ts", steady: "src/cli/steady.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  external,
  sourcemap: true,
  logLevel: "warning",
});

// Worker-thread modules are loaded by URL at run time, beside the module that starts them.
for (const thread of ["db/checkpoint-thread.mjs", "backup/snapshot-thread.mjs"]) {
  const name = thread.split("/")[1];
  copyFileSync(new URL(`./src/${thread}`, import.meta.url), new URL(`./dist/${name}`, import.meta.url));
}
