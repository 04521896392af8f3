import { describe, expect, it } from "vitest";
import { backupConfigFromEnv } from "../config-env";

const s3 = {
  STEADY_BACKUP_S3_ENDPOINT: "https://cos.ap-shanghai.myqcloud.com",
  STEADY_BACKUP_S3_BUCKET: "steady-backup-1250000000",
  STEADY_BACKUP_S3_REGION: "ap-shanghai",
  STEADY_BACKUP_S3_ACCESS_KEY_ID: "AKIDexample",
  STEADY_BACKUP_S3_SECRET_ACCESS_KEY: "secret",
};

describe("backup configuration", () => {
  it("defaults: hourly in production, off in dev, 48 newest + 35 daily, no object storage", () => {
    expect(backupConfigFromEnv({}, "production", "/d")).toEqual({
      intervalMinutes: 60,
      keepLast: 48,
      keepDaily: 35,
      dir: "/d",
      store: null,
    });
    expect(backupConfigFromEnv({}, "dev", "/d").intervalMinutes).toBe(0);
  });

  it("reads a Tencent COS bucket, virtual-hosted by default", () => {
    const c = backupConfigFromEnv({ ...s3, STEADY_BACKUP_INTERVAL_MINUTES: "15" }, "production", "/d");
    expect(c.intervalMinutes).toBe(15);
    expect(c.store).toEqual({
      endpoint: "https://cos.ap-shanghai.myqcloud.com",
      bucket: "steady-backup-1250000000",
      region: "ap-shanghai",
      accessKeyId: "AKIDexample",
      secretAccessKey: "secret",
      pathStyle: false,
      prefix: "steady/",
    });
  });

  it.each([
    [{ ...s3, STEADY_BACKUP_S3_REGION: "" }, /STEADY_BACKUP_S3_REGION: required with/],
    [
      { ...s3, STEADY_BACKUP_S3_SECRET_ACCESS_KEY: undefined },
      /STEADY_BACKUP_S3_SECRET_ACCESS_KEY: required with/,
    ],
    [
      { ...s3, STEADY_BACKUP_S3_ENDPOINT: "http://oss-cn-shanghai.aliyuncs.com" },
      /STEADY_BACKUP_S3_ENDPOINT: expected an https URL/,
    ],
    [{ ...s3, STEADY_BACKUP_S3_ENDPOINT: "not a url" }, /STEADY_BACKUP_S3_ENDPOINT: expected an https URL/],
    [{ ...s3, STEADY_BACKUP_S3_BUCKET: "Bad_Bucket" }, /STEADY_BACKUP_S3_BUCKET: expected an S3 bucket name/],
    [
      { ...s3, STEADY_BACKUP_S3_PREFIX: "steady" },
      /STEADY_BACKUP_S3_PREFIX: expected empty or a prefix ending in/,
    ],
    [{ ...s3, STEADY_BACKUP_S3_PATH_STYLE: "yes" }, /STEADY_BACKUP_S3_PATH_STYLE: expected 0 or 1/],
    [
      { STEADY_BACKUP_S3_ENDPOINT: s3.STEADY_BACKUP_S3_ENDPOINT },
      /STEADY_BACKUP_S3_ENDPOINT: set, but STEADY_BACKUP_S3_BUCKET is not/,
    ],
    [
      { STEADY_BACKUP_INTERVAL_MINUTES: "half an hour" },
      /STEADY_BACKUP_INTERVAL_MINUTES: expected a whole number/,
    ],
    [{ STEADY_BACKUP_KEEP_LAST: "0" }, /STEADY_BACKUP_KEEP_LAST: expected a whole number from 1/],
  ])("refuses %o, naming the variable", (env, message) => {
    expect(() => backupConfigFromEnv(env as Record<string, string>, "production", "/d")).toThrow(message);
  });

  it("allows plain http only to a loopback store (tests)", () => {
    const c = backupConfigFromEnv({ ...s3, STEADY_BACKUP_S3_ENDPOINT: "http://127.0.0.1:9000" }, "dev", "/d");
    expect(c.store?.endpoint).toBe("http://127.0.0.1:9000");
  });
});
