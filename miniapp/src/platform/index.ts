// Platform adapters: everything that differs between WeChat and the browser build lives here.
export * from "./device";
export * from "./env";
export * from "./login";
export * from "./request";
export * from "./storage";
