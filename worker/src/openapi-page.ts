// GET /api/docs: the API reference, rendered on the server from the OpenAPI document. No script
// and no CDN: the page CSP (http/security-headers.ts) lets nothing run and nothing load from
// elsewhere, and the reference must work offline; the schemas are shown as JSON in <details>.
const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );

type Json = Record<string, unknown>;

const schemaBlock = (label: string, schema: unknown) =>
  schema
    ? `<details><summary>${esc(label)}</summary><pre>${esc(JSON.stringify(schema, null, 2))}</pre></details>`
    : "";

function operation(method: string, path: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const responses = Object.entries((op.responses as Record<string, Json>) ?? {});
  const security = (op.security as Record<string, unknown>[]) ?? [];
  const auth = security.length ? security.map((s) => Object.keys(s).join("+")).join(" or ") : "public";
  const body = (op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content?.[
    "application/json"
  ]?.schema;
  return `<section class="op" id="${esc(String(op.operationId))}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${esc(String(op.description ?? ""))} 认证 Auth: <b>${esc(auth)}</b></p>
${
  params.length
    ? `<table><tr><th>参数 Parameter</th><th>in</th><th>required</th></tr>${params
        .map(
          (p) =>
            `<tr><td><code>${esc(String(p.name))}</code></td><td>${esc(String(p.in))}</td><td>${p.required ? "yes" : "no"}</td></tr>`,
        )
        .join("")}</table>`
    : ""
}
${schemaBlock("请求体 Request body", body)}
<table><tr><th>状态 Status</th><th>说明 Meaning</th></tr>${responses
    .map(([status, r]) => {
      const content = r.content as Record<string, { schema?: unknown }> | undefined;
      const types = content ? Object.keys(content).join(", ") : "";
      const json = content?.["application/json"]?.schema;
      return `<tr><td>${esc(status)}</td><td>${esc(String(r.description ?? ""))}${types ? ` <small>(${esc(types)})</small>` : ""}${schemaBlock("schema", json)}</td></tr>`;
    })
    .join("")}</table>
</section>`;
}

/** The whole reference as one HTML document. */
export function apiReferencePage(doc: Json): string {
  const info = doc.info as { title: string; version: string; description?: string };
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = ((op.tags as string[] | undefined) ?? ["api"])[0] as string;
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(method, path, op)]);
    }
  }
  const tags = [...byTag.keys()].sort();
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>稳稳 API 参考 · ${esc(info.title)} reference</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
nav a{margin-right:.75rem}.op{border:1px solid #ccc;border-radius:8px;padding:0 1rem;margin:1rem 0}
.m{font-family:monospace;padding:0 .4rem;border-radius:4px;background:#eee}.get{background:#dbeafe}.post{background:#dcfce7}
.put,.patch{background:#fef3c7}.delete{background:#fee2e2}table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;font-size:13px}</style>
</head><body>
<h1>稳稳 API 参考 · ${esc(info.title)} ${esc(info.version)}</h1>
<p>${esc(info.description ?? "")} 机器可读版本 Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a></p>
<nav>${tags.map((t) => `<a href="#tag-${esc(t)}">${esc(t)}</a>`).join("")}</nav>
${tags.map((t) => `<h2 id="tag-${esc(t)}">${esc(t)}</h2>\n${(byTag.get(t) ?? []).join("\n")}`).join("\n")}
</body></html>`;
}
