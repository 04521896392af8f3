export * from "./schemas";
export * from "./thresholds";
export * from "./types";
