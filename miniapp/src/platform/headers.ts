// WeChat's JavaScript has no `Headers`; Hono's client builds one for every request. This small
// stand-in (case-insensitive, one value per name) is injected for the weapp build only
// (config/index.ts, injectOptions), so the browser build keeps the real one.
export class MiniHeaders {
  private readonly map = new Map<string, string>();
  constructor(init?: Record<string, string>) {
    for (const [k, v] of Object.entries(init ?? {})) this.set(k, v);
  }
  set(name: string, value: string) {
    this.map.set(name.toLowerCase(), String(value));
  }
  append(name: string, value: string) {
    const had = this.map.get(name.toLowerCase());
    this.set(name, had === undefined ? value : `${had}, ${value}`);
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string) {
    return this.map.has(name.toLowerCase());
  }
  delete(name: string) {
    this.map.delete(name.toLowerCase());
  }
  forEach(fn: (value: string, key: string) => void) {
    for (const [k, v] of this.map) fn(v, k);
  }
}
