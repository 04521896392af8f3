// TC3-HMAC-SHA256 against Tencent's own worked example (the "Signature v3" page: DescribeInstances
// on cvm, SecretKey Gu5t9xGARNpq86cd98joQYCN3EXAMPLE, timestamp 1551113065, content-type and host
// signed). Every intermediate value below is the one the page prints.
import { describe, expect, it } from "vitest";
import { sha256Hex, tc3Sign, utcDate } from "./tc3";

const EXAMPLE = {
  secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
  secretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
  service: "cvm",
  host: "cvm.tencentcloudapi.com",
  action: "DescribeInstances",
  version: "2017-03-12",
  region: "ap-guangzhou",
  timestamp: 1551113065,
  // The body exactly as the page sends it (JSON with \u escapes, spaces after separators).
  payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  signAction: false,
};

describe("TC3-HMAC-SHA256", () => {
  it("reproduces Tencent's worked example step by step", async () => {
    expect(await sha256Hex(EXAMPLE.payload)).toBe(
      "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
    );
    const s = await tc3Sign(EXAMPLE);
    expect(s.canonicalRequest).toBe(
      [
        "POST",
        "/",
        "",
        "content-type:application/json; charset=utf-8",
        "host:cvm.tencentcloudapi.com",
        "",
        "content-type;host",
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
      ].join("\n"),
    );
    expect(s.stringToSign).toBe(
      "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
    );
    expect(s.signature).toBe("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    expect(s.authorization).toBe(
      "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
    );
    expect(s.headers).toMatchObject({
      "X-TC-Action": "DescribeInstances",
      "X-TC-Version": "2017-03-12",
      "X-TC-Timestamp": "1551113065",
      "X-TC-Region": "ap-guangzhou",
    });
  });

  it("dates the scope in UTC: 1551113065 is 00:44 on the 26th in Beijing but the 25th in UTC", () => {
    expect(utcDate(1551113065)).toBe("2019-02-25");
  });

  it("signs the action too by default, lowercased in the canonical headers", async () => {
    const s = await tc3Sign({ ...EXAMPLE, signAction: undefined });
    expect(s.canonicalRequest).toContain(
      "\nx-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n",
    );
    expect(s.signature).not.toBe("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
  });

  it("changes with any byte of the body or a different key", async () => {
    const base = await tc3Sign(EXAMPLE);
    expect((await tc3Sign({ ...EXAMPLE, payload: EXAMPLE.payload.replace("1", "2") })).signature).not.toBe(
      base.signature,
    );
    expect((await tc3Sign({ ...EXAMPLE, secretKey: `${EXAMPLE.secretKey}x` })).signature).not.toBe(
      base.signature,
    );
  });
});
