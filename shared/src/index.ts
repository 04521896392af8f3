export * from "./schemas";
export * from "./thresholds";
export * from "./types";
export * from "./time";
export * from "./slots";
export * from "./adherence";
export * from "./bp";
export * from "./glucose";
