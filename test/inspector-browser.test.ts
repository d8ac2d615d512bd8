/**
 * The inspector page (/__mock/ui) in a real browser: Debian's Chromium, driven by playwright-core, against a
 * real server, with the official SDK as the client under test and a real webhook receiver. Each view is
 * checked with axe-core (no serious or critical violation) and screenshotted into test-results/inspector/
 * (not committed; SYNC_MOCK_UI_SCREENSHOTS picks another directory). Chromium missing fails the test, with
 * how to fix it.
 */
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { SyncClient } from "@sync.so/sdk";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSyncMock, type SyncMock } from "../src/testing/index.js";
import { startReceiver, type Receiver } from "./helpers/receiver.js";

const CHROMIUM = process.env.SYNC_MOCK_CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"];
const SHOTS = process.env.SYNC_MOCK_UI_SCREENSHOTS ?? join(import.meta.dirname, "..", "test-results", "inspector");
const AXE_SOURCE = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

let mock: SyncMock;
let receiver: Receiver;
let browser: Browser;
let page: Page;
let key: string;
let generationId: string;
const consoleErrors: string[] = [];
const offsite: string[] = [];

/** Serious or critical accessibility violations of the page as it is now. */
async function axeViolations(target: Page = page): Promise<string[]> {
  if (!(await target.evaluate(() => "axe" in globalThis))) await target.addScriptTag({ content: AXE_SOURCE });
  const results = await target.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: unknown[] }> }> } }).axe;
    return (await axe.run()).violations;
  });
  return results.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

async function screenshot(name: string, target: Page = page): Promise<void> {
  await target.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

function watch(target: Page, base: string): void {
  target.on("console", (message) => {
    if (message.type() !== "error") return;
    // The bad scenario this test applies on purpose is answered 400, which Chromium logs as a failed load.
    if (/status of 400/.test(message.text()) && message.location().url.endsWith("/__mock/scenario")) return;
    consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  target.on("pageerror", (error) => consoleErrors.push(error.message));
  target.on("request", (request) => {
    if (!request.url().startsWith(base) && !request.url().startsWith("data:")) offsite.push(request.url());
  });
}

const view = (name: string) => page.getByRole("navigation", { name: "Views" }).getByRole("button", { name });

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install it (Debian: apt-get install -y chromium) or point SYNC_MOCK_CHROMIUM at one`);
  mkdirSync(SHOTS, { recursive: true });
  mock = await startSyncMock({ clock: "manual" });
  receiver = await startReceiver();
  key = mock.apiKey();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  watch(page, mock.baseUrl);
});

afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await mock?.close();
});

describe("the inspector page in Chromium", () => {
  it("is linked from / and connects to the live events", async () => {
    await page.goto(`${mock.baseUrl}/`);
    await page.getByRole("link", { name: /Inspector/ }).click();
    await expect.poll(() => page.url()).toContain("/__mock/ui");
    await page.getByRole("status").filter({ hasText: "Live" }).waitFor();
  });

  it("shows a generation the SDK creates in Requests, live, with its request and answer", async () => {
    const sdk = new SyncClient({ baseUrl: mock.baseUrl, apiKey: key });
    const created = await sdk.generations.create({
      model: "lipsync-2",
      input: [
        { type: "video", url: "https://assets.sync.so/docs/example-video.mp4" },
        { type: "audio", url: "https://assets.sync.so/docs/example-audio.wav" },
      ],
      webhookUrl: receiver.url("/flaky/1"),
    });
    generationId = created.id;
    const row = page.locator("table.requests tbody tr", { hasText: "/v2/generate" }).first();
    await row.waitFor();
    await expect.poll(() => row.locator(".badge").innerText()).toBe("201");
    await row.getByRole("button", { name: "/v2/generate" }).click();
    const detail = page.getByRole("region", { name: "Request detail" });
    await expect.poll(() => detail.locator(".answer-body").innerText()).toContain(generationId);
    expect(await detail.locator(".request-body").innerText()).toContain("lipsync-2");
    expect(await detail.innerText(), "credentials stay out").not.toContain(key.slice(-8) + "\n");
    expect(await axeViolations()).toEqual([]);
    await screenshot("requests");
  });

  it("shows the job in Jobs for the key, PENDING with its timeline", async () => {
    await page.getByLabel("API key").selectOption(key);
    await view("Jobs").click();
    const row = page.locator(`tr[data-job="${generationId}"]`);
    await expect.poll(() => row.locator(".badge").innerText()).toBe("PENDING");
    expect(await row.locator(".timeline").innerText()).toMatch(/PENDING[\s\S]*PROCESSING[\s\S]*COMPLETED/);
    expect(await axeViolations()).toEqual([]);
    await screenshot("jobs");
  });

  it("advances the key's clock with a button and sees the job COMPLETED", async () => {
    await view("Clock").click();
    const before = await page.locator(".clock-now .now").getAttribute("data-now");
    await page.getByRole("button", { name: "+1 min" }).click();
    await expect.poll(() => page.locator(".clock-now .now").getAttribute("data-now")).toBe(new Date(Date.parse(before!) + 60_000).toISOString());
    await expect.poll(() => page.locator(`tr[data-job="${generationId}"] .badge`).innerText()).toBe("COMPLETED");
    expect(await axeViolations()).toEqual([]);
    await screenshot("clock");
  });

  it("plays the output MP4 in the page", async () => {
    await view("Jobs").click();
    await page.locator(`tr[data-job="${generationId}"]`).getByRole("button").first().click();
    const video = page.locator("video.output");
    await video.waitFor();
    await expect.poll(() => video.evaluate((v) => (v as unknown as { readyState: number }).readyState), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await video.evaluate((v) => (v as unknown as { duration: number }).duration)).toBeGreaterThan(0);
    await screenshot("job-detail");
  });

  it("lists the webhook attempt and redelivers it from the page", async () => {
    await receiver.waitFor(1);
    await view("Webhooks").click();
    const failed = page.locator("table.webhooks tbody tr", { hasText: "failed" });
    await failed.waitFor();
    expect(await failed.innerText()).toContain("500");
    await failed.getByRole("button").click();
    const detail = page.getByRole("region", { name: "Webhook attempt detail" });
    expect(await detail.locator(".signature").innerText()).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    await detail.getByRole("button", { name: "Redeliver" }).click();
    await page.locator("table.webhooks tbody tr", { hasText: "delivered" }).waitFor();
    const received = await receiver.waitFor(2);
    expect(received[1]!.body).toContain(generationId);
    expect(await axeViolations()).toEqual([]);
    await screenshot("webhooks");
  });

  it("refuses a bad scenario with its error shown and nothing changed, then applies a good one", async () => {
    await view("Scenario").click();
    const editor = page.getByLabel("Scenario (YAML or JSON)");
    await expect.poll(() => editor.inputValue()).toContain("name: default");
    await editor.fill("name: broken\nextends: default\ntiming:\n  preset: glacial\n");
    await page.getByRole("button", { name: "Apply" }).click();
    const error = page.locator(".scenario-error");
    await error.waitFor();
    expect(await error.innerText()).toMatch(/timing\.preset/);
    expect((await mock.admin.scenario(key)).scenario.name).toBe("default");
    expect(await axeViolations()).toEqual([]);
    await screenshot("scenario-error");

    await editor.fill("name: inspected\nextends: default\n");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.locator(".scenario-name").innerText()).toBe("inspected");
    const state = await mock.admin.scenario(key);
    expect([state.scope, state.scenario.name]).toEqual(["tenant", "inspected"]);
    await screenshot("scenario");
  });

  it("pages a journal of 10,000 requests 100 at a time", async () => {
    const keys = Array.from({ length: 10 }, () => mock.apiKey());
    for (let round = 0; round < 200; round++) {
      await Promise.all(keys.flatMap((k) => Array.from({ length: 5 }, () => fetch(`${mock.baseUrl}/v2/models`, { headers: { "x-api-key": k } }).then((r) => r.arrayBuffer()))));
    }
    // A fresh load (a new hash alone would not reload the page): every key's requests, newest first.
    await page.goto("about:blank");
    await page.goto(`${mock.baseUrl}/__mock/ui#requests`);
    const rows = page.locator("table.requests tbody tr");
    await expect.poll(() => rows.count()).toBe(100);
    const seqs = () => rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-seq"))));
    const newest = await seqs();
    expect(newest).toEqual([...newest].sort((a, b) => b - a));
    await page.getByRole("button", { name: "Older" }).click();
    await expect.poll(() => page.locator(".pager span").innerText()).toContain("Page 2");
    await expect.poll(async () => (await seqs())[0]).toBe(newest.at(-1)! - 1);
    expect(await rows.count()).toBe(100);
  });

  it("had no console errors and loaded nothing from the network", () => {
    expect(consoleErrors).toEqual([]);
    expect(offsite).toEqual([]);
  });
});

describe("the inspector behind --admin-token", () => {
  it("asks a browser for the token, refuses a wrong one, and opens with the right one", async () => {
    const guarded = await startSyncMock({ adminToken: "s3cret-token" });
    const login = await browser.newPage();
    try {
      watch(login, guarded.baseUrl);
      const answer = await login.goto(`${guarded.baseUrl}/__mock/ui`);
      expect(answer?.status()).toBe(401);
      expect(await axeViolations(login)).toEqual([]);
      await login.getByLabel("Admin token").fill("wrong");
      await login.getByRole("button", { name: "Sign in" }).click();
      await login.getByRole("alert").filter({ hasText: "not the admin token" }).waitFor();
      await login.getByLabel("Admin token").fill("s3cret-token");
      await login.getByRole("button", { name: "Sign in" }).click();
      await login.getByRole("status").filter({ hasText: "Live" }).waitFor();
      expect(await login.locator("h1").innerText()).toBe("sync-mock inspector");
      await screenshot("login-done", login);
      expect(consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    } finally {
      await login.close();
      await guarded.close();
    }
  });
});
