import Taro from "@tarojs/taro";

/** The one place the app persists anything (wx storage in WeChat, localStorage on H5). */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

export const taroStorage: KeyValueStore = {
  async get<T>(key: string) {
    try {
      const res = await Taro.getStorage({ key });
      return res.data as T;
    } catch {
      return undefined; // "data not found"
    }
  },
  async set(key, value) {
    await Taro.setStorage({ key, data: value });
  },
  async remove(key) {
    try {
      await Taro.removeStorage({ key });
    } catch {
      // already absent
    }
  },
};

/** In-memory store for tests and for a storage that failed to open. */
export function memoryStorage(
  initial: Record<string, unknown> = {},
): KeyValueStore & { dump(): Record<string, unknown> } {
  const data = new Map<string, string>(Object.entries(initial).map(([k, v]) => [k, JSON.stringify(v)]));
  return {
    async get<T>(key: string) {
      const raw = data.get(key);
      return raw === undefined ? undefined : (JSON.parse(raw) as T);
    },
    async set(key, value) {
      data.set(key, JSON.stringify(value));
    },
    async remove(key) {
      data.delete(key);
    },
    dump() {
      return Object.fromEntries([...data].map(([k, v]) => [k, JSON.parse(v)]));
    },
  };
}
