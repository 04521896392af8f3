// Family follow in the mini-program: the patient invites with a consent of its own and can end it
// at once; the family member sees only what is shared, and a revoked link is gone on the next read.
import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, openPage, tap, typeInto } from "./harness";

const FAMILY_PAGES = { manage: "family-manage", index: "family", accept: "family-accept" } as const;
const open = (page: keyof typeof FAMILY_PAGES, params: Record<string, string> = {}) =>
  openPage(FAMILY_PAGES[page], params);

afterEach(() => vi.restoreAllMocks());

const LINK = "0190a000-0000-7000-8000-0000000000f1";

describe("the patient's family page", () => {
  it("needs the sharing consent ticked, sends the choices with the consent version, and shows the code", async () => {
    let followers: unknown[] = [];
    const api = fakeApi({
      "GET /api/v1/family/followers": () => ({ followers }),
      "POST /api/v1/family/invites": (b) => {
        followers = [
          {
            id: LINK,
            status: "pending",
            label: null,
            share: (b as { share: unknown }).share,
            notices: false,
            createdAt: "2026-11-20T02:00:00Z",
            acceptedAt: null,
            code: "K7M4Q2XP",
            expiresAt: "2026-11-27T02:00:00Z",
          },
        ];
        return { ...(followers[0] as object), path: "packages/family/accept?code=K7M4Q2XP" };
      },
    });
    await open("manage");
    expect(screen.getByTestId("followers").textContent).toContain("还没有家人关注您");
    await tap(screen.getByTestId("share-glucose")); // not glucose
    await tap(screen.getByTestId("share-notices")); // no notices
    await tap(screen.getByTestId("invite-create"));
    expect(screen.getByTestId("invite-error").textContent).toContain("勾选同意");
    expect(api.calls.some((c) => c.method === "POST" && c.path === "/api/v1/family/invites")).toBe(false);

    await tap(screen.getByTestId("family-consent"));
    await tap(screen.getByTestId("invite-create"));
    expect((await screen.findByTestId("invite-code")).textContent).toBe("K7M4Q2XP");
    const sent = api.calls.find((c) => c.method === "POST" && c.path === "/api/v1/family/invites");
    expect(sent?.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      share: { doses: true, bp: true, glucose: false },
      notices: false,
      consent: { version: "family-2026-01", accepted: true },
    });
    await waitFor(() =>
      expect(screen.getByTestId("follower-row").textContent).toContain("等待家人接受（邀请码 K7M4Q2XP）"),
    );
  });

  it("revokes after an inline confirmation, at once", async () => {
    let followers = [
      {
        id: LINK,
        status: "active",
        label: "女儿 小丽",
        share: { doses: true, bp: false, glucose: false },
        notices: true,
        createdAt: "2026-11-20T02:00:00Z",
        acceptedAt: "2026-11-20T03:00:00Z",
      },
    ];
    const api = fakeApi({
      "GET /api/v1/family/followers": () => ({ followers }),
      [`DELETE /api/v1/family/followers/${LINK}`]: () => {
        followers = [];
        return { id: LINK, revokedAt: "2026-11-20T04:00:00Z" };
      },
      [`PATCH /api/v1/family/followers/${LINK}`]: (b) => ({ ...followers[0], ...(b as object) }),
    });
    await open("manage");
    expect(screen.getByTestId("follower-row").textContent).toContain("女儿 小丽 正在关注");
    // Sharing BP too is one tap; it sends only that change.
    await tap(screen.getByTestId("follower-share-bp"));
    expect(api.calls.find((c) => c.method === "PATCH")?.body).toEqual({ share: { bp: true } });
    await tap(screen.getByTestId("revoke"));
    expect(screen.getByTestId("revoke-confirm").textContent).toContain("马上看不到");
    expect(api.calls.some((c) => c.method === "DELETE")).toBe(false);
    await tap(screen.getByTestId("revoke-yes"));
    await waitFor(() => expect(screen.queryByTestId("follower-row")).toBeNull());
    expect(screen.getByTestId("family-note").textContent).toContain("对方已经看不到了");
  });

  it("a pending invitation is withdrawn, not 'unfollowed'; no internal version tag is shown", async () => {
    fakeApi({
      "GET /api/v1/family/followers": () => ({
        followers: [
          {
            id: LINK,
            status: "pending",
            code: "K7Q2M9",
            label: null,
            share: { doses: true, bp: false, glucose: false },
            notices: true,
            createdAt: "2026-11-20T02:00:00Z",
            acceptedAt: null,
          },
        ],
      }),
    });
    await open("manage");
    const row = await screen.findByTestId("follower-row");
    expect(screen.getByTestId("revoke").textContent).toBe("撤回邀请");
    expect(row.textContent).not.toContain("取消关注");
    await tap(screen.getByTestId("revoke"));
    expect(screen.getByTestId("revoke-confirm").textContent).toContain("邀请码 K7Q2M9 将不能再使用");
    expect(screen.getByTestId("page-family-manage").textContent).not.toContain("family-2026");
    expect(screen.getByTestId("back").textContent).toContain("返回");
  });
});

describe("the family member's view", () => {
  it("shows only the data types shared, read-only; after revocation the view is gone", async () => {
    let revoked = false;
    fakeApi({
      "POST /api/v1/auth/wechat": () => ({ token: "t2", patientId: "f1", enrolled: false }),
      "GET /api/v1/family/following": () => ({
        following: revoked
          ? []
          : [
              {
                id: LINK,
                patient: { name: "王秀英" },
                share: { doses: true, bp: false, glucose: false },
                notices: true,
                acceptedAt: null,
              },
            ],
        notices: { templateId: "tpl-family", remaining: 0, longTerm: false, page: "packages/family/index" },
      }),
      [`GET /api/v1/family/following/${LINK}`]: () =>
        revoked
          ? {
              __status: 404,
              body: { type: "about:blank", title: "Not found", status: 404, detail: "not found" },
            }
          : {
              id: LINK,
              patient: { name: "王秀英" },
              share: { doses: true, bp: false, glucose: false },
              notices: true,
              date: "2026-11-20",
              timezone: "Asia/Shanghai",
              doses: {
                today: [
                  {
                    planId: "p1",
                    drug: "氨氯地平",
                    dose: "5 mg",
                    scheduledAt: "2026-11-20T00:00:00.000Z",
                    time: "08:00",
                    status: "taken",
                  },
                ],
                week: { doseAdherence: 0.5, dosesTaken: 7, dosesDue: 14 },
              },
            },
    });
    const first = await open("index");
    const view = await screen.findByTestId("family-view");
    expect(view.textContent).toContain("王秀英");
    expect(screen.getByTestId("family-dose").textContent).toContain("08:00 氨氯地平 5 mg · ✓ 已服用");
    expect(screen.getByTestId("family-doses").textContent).toContain("近 7 天服药 7/14 次");
    expect(screen.getAllByTestId("not-shared").map((n) => n.textContent)).toEqual([
      "对方没有分享血压。",
      "对方没有分享血糖。",
    ]);
    // Nothing on the page edits anything: no Take, no log, no plan buttons.
    expect(screen.queryByTestId("take")).toBeNull();

    revoked = true;
    first.unmount();
    await open("index", { link: LINK });
    expect((await screen.findByTestId("family-gone")).textContent).toContain("对方已取消分享");
    expect(screen.queryByTestId("family-view")).toBeNull();
  });

  it("accepts an invite from the share card's code, with the name the family member gives", async () => {
    const api = fakeApi({
      "POST /api/v1/auth/wechat": () => ({ token: "t3", patientId: "f2", enrolled: false }),
      "GET /api/v1/family/invites/K7M4Q2XP": () => ({
        patient: { name: "王**" },
        share: { doses: true, bp: true, glucose: false },
        notices: true,
        expiresAt: "2026-11-27T02:00:00Z",
        own: false,
      }),
      "POST /api/v1/family/invites/K7M4Q2XP/accept": () => ({ id: LINK }),
    });
    const { container } = await open("accept", { code: "K7M4Q2XP" });
    const preview = await screen.findByTestId("invite-preview");
    expect(preview.textContent).toContain("王** 邀请您关注");
    expect(preview.textContent).toContain("✓ 今天的服药情况");
    expect(preview.textContent).not.toContain("血糖");
    typeInto(container, "label", "女儿 小丽");
    await tap(screen.getByTestId("invite-accept"));
    const sent = api.calls.find((c) => c.path.endsWith("/accept"));
    expect(sent?.body).toEqual({ label: "女儿 小丽" });
    const Taro = (await import("@tarojs/taro")).default as unknown as {
      redirectTo: ReturnType<typeof vi.fn>;
    };
    await waitFor(() =>
      expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/packages/family/index?link=${LINK}` }),
    );
  });
});
