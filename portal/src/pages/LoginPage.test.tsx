import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi, renderPage } from "../test/render";
import { LoginPage, lockedMinutes } from "./LoginPage";

afterEach(() => vi.unstubAllGlobals());

async function signIn(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("邮箱"), email);
  await user.type(screen.getByLabelText("密码"), password);
  await user.click(screen.getByRole("button", { name: "登录" }));
}

describe("LoginPage", () => {
  it("explains a wrong password and the lock-out rule, and clears the password", async () => {
    const api = fakeApi({
      "POST /api/v1/auth/login": {
        status: 401,
        body: { status: 401, detail: "email or password is incorrect" },
      },
    });
    renderPage(<LoginPage />, { path: "/login", route: "/login" });
    await signIn("doctor.a@demo.test", "nope");
    expect((await screen.findByRole("alert")).textContent).toContain("邮箱或密码不正确");
    expect(screen.getByRole("alert").textContent).toContain("5 次");
    expect((screen.getByLabelText("密码") as HTMLInputElement).value).toBe("");
    expect(api.calls[0]?.body).toEqual({ email: "doctor.a@demo.test", password: "nope" });
  });

  it("says how long a locked account stays locked", async () => {
    fakeApi({
      "POST /api/v1/auth/login": {
        status: 423,
        body: { status: 423, detail: "too many wrong passwords: this account is locked for 14 more minutes" },
      },
    });
    renderPage(<LoginPage />, { path: "/login", route: "/login" });
    await signIn("doctor.a@demo.test", "steady-demo");
    expect((await screen.findByRole("alert")).textContent).toContain("请 14 分钟后再试");
  });

  it("checks the email before asking the server", async () => {
    const api = fakeApi({});
    renderPage(<LoginPage />, { path: "/login", route: "/login" });
    await signIn("not-an-email", "x");
    expect((await screen.findByRole("alert")).textContent).toContain("有效的邮箱地址");
    expect(api.calls).toHaveLength(0);
  });

  it.each([
    ["/login?next=%2Falerts", "elsewhere"], // back to the page that asked for sign-in
    ["/login?next=%2F%2Fevil.example", "home"], // another site: home instead
  ])("after signing in from %s goes to %s", async (route, where) => {
    fakeApi({
      "POST /api/v1/auth/login": { body: { user: { id: "u", role: "doctor", name: "陈" } } },
      "GET /api/v1/auth/me": { body: { role: "doctor", id: "u", name: "陈" } },
    });
    renderPage(<LoginPage />, { path: "/login", route });
    await signIn("doctor.a@demo.test", "steady-demo");
    await waitFor(() => expect(screen.getByText(where)).toBeTruthy());
  });
});

describe("lockedMinutes", () => {
  it("reads the minutes from the API's message", () => {
    expect(lockedMinutes("this account is locked for 15 more minutes")).toBe(15);
    expect(lockedMinutes("locked")).toBeNull();
  });
});
