import Taro from "@tarojs/taro";
import { isH5 } from "./env";
import type { KeyValueStore } from "./storage";

const DEV_NAME_KEY = "steady.devName";

/**
 * A one-time login code for POST /auth/wechat. WeChat: wx.login. Browser: the API's dev-mode
 * `dev:<name>` code, the name taken from `?dev=` or kept per browser so a reload stays the same patient.
 */
export async function loginCode(storage: KeyValueStore): Promise<string> {
  if (!isH5) {
    const res = await Taro.login();
    return res.code;
  }
  const fromUrl = new URLSearchParams(window.location.search).get("dev");
  let name = fromUrl ?? (await storage.get<string>(DEV_NAME_KEY));
  if (!name) name = `h5-${Math.random().toString(36).slice(2, 10)}`;
  await storage.set(DEV_NAME_KEY, name);
  return `dev:${name}`;
}
