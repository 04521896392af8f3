export declare const WORKER_BUNDLE_BUDGET: number;
/** Minified bytes (raw), their gzip, and each package's or source folder's minified bytes, largest first. */
export declare function measureWorkerBundle(): {
  raw: number;
  gzip: number;
  shares: [string, number][];
};
