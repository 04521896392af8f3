/// <reference types="@tarojs/taro" />
declare module "*.css";
declare module "*.png";
declare const STEADY_API_BASE: string;
declare const STEADY_UNDO_WINDOW_MS: number;
declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: "development" | "production";
    TARO_ENV: "weapp" | "h5";
  }
}
