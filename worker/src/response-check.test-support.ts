// Every 2xx JSON answer a worker test receives through makeTestApp().call is checked against the
// schema openapi-responses.ts declares for its route: a handler that drifts from its documented
// shape fails the test that exercised it, whatever that test was about. Tests only.
import * as z from "zod/mini";
import { POLICY } from "./auth/policy";
import { ROUTE_ANSWERS } from "./openapi-responses";

/** Policy keys with the regex of their path; literal paths before parameterised ones. */
const ROUTES = Object.keys(POLICY)
  .map((key) => {
    const [method, path] = key.split(" ") as [string, string];
    const pattern = path.replace(/[.]/g, "\\.").replace(/:\w+/g, "[^/]+");
    return { key, method, re: new RegExp(`^${pattern}$`), params: (path.match(/:/g) ?? []).length };
  })
  .sort((a, b) => a.params - b.params);

export function routeKeyOf(method: string, url: string): string | undefined {
  const path = url.split("?")[0] as string;
  return ROUTES.find((r) => r.method === method && r.re.test(path))?.key;
}

/** Route keys whose 2xx body was checked in this test file (for openapi.test.ts's count). */
export const CHECKED = new Set<string>();

/** Throws when a 2xx JSON body does not fit the route's declared schema. */
export function checkAnswer(method: string, url: string, status: number, type: string, json: unknown) {
  if (status < 200 || status > 299 || !type.startsWith("application/json")) return;
  const key = routeKeyOf(method, url);
  const schema = key ? ROUTE_ANSWERS[key]?.schema : undefined;
  if (!key || !schema) return;
  const parsed = z.safeParse(schema, json);
  if (!parsed.success) {
    throw new Error(
      `${key} answered ${status} with a body that does not fit its declared schema: ${JSON.stringify(
        parsed.error.issues.slice(0, 3),
      )}`,
    );
  }
  CHECKED.add(key);
}
