import { describe, expect, it } from "vitest";
import { addressKey } from "./login-guard";

describe("addressKey", () => {
  it("counts IPv4 addresses one by one, IPv4-mapped ones as IPv4", () => {
    expect(addressKey("198.51.100.7")).toBe("ip:198.51.100.7");
    expect(addressKey("::ffff:198.51.100.7")).toBe("ip:198.51.100.7");
  });

  it("counts an IPv6 /64 as one client, however it is written", () => {
    const key = "ip6:2001:db8:0:1::/64";
    expect(addressKey("2001:db8:0:1::1")).toBe(key);
    expect(addressKey("2001:0db8:0000:0001:ffff:1:2:3")).toBe(key);
    expect(addressKey("[2001:db8:0:1:abcd::9]")).toBe(key);
    expect(addressKey("2001:db8::1")).toBe("ip6:2001:db8:0:0::/64");
    expect(addressKey("2001:db8:0:2::1")).not.toBe(key);
    expect(addressKey("::1")).toBe("ip6:0:0:0:0::/64");
  });

  it("has one key for a missing address", () => {
    expect(addressKey(undefined)).toBe("ip:unknown");
    expect(addressKey("")).toBe("ip:unknown");
  });
});
