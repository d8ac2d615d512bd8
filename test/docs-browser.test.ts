/**
 * GET /docs in a real browser: Debian's Chromium, driven by playwright-core, renders Swagger UI from the mock's
 * own assets (nothing from the network) and lists the Sync endpoints, and the admin document from the drop-down.
 * CI installs chromium; where it is missing this test fails and says how to fix it, rather than passing unseen.
 * Set SYNC_MOCK_DOCS_SCREENSHOT=/some/file.png to keep a screenshot of the rendered page.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSyncMock, type SyncMock } from "../src/testing/index.js";

const CHROMIUM = process.env.SYNC_MOCK_CHROMIUM ?? "/usr/bin/chromium";
// Headless as root, and quiet: without the networking flags Chromium keeps dialling Google's hosts.
// playwright-core adds --headless and a fresh, empty --user-data-dir itself.
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let mock: SyncMock;
let browser: Browser;
let page: Page;
const offsite: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install it (Debian: apt-get install -y chromium) or point SYNC_MOCK_CHROMIUM at one`);
  }
  mock = await startSyncMock();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  page.on("request", (request) => {
    if (!request.url().startsWith(mock.baseUrl) && !request.url().startsWith("data:")) offsite.push(request.url());
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${mock.baseUrl}/docs`);
});

afterAll(async () => {
  await browser?.close();
  await mock?.close();
});

/** The paths of the operations Swagger UI has rendered. */
async function renderedPaths(): Promise<string[]> {
  return page.locator(".opblock .opblock-summary-path").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-path") ?? n.textContent ?? ""));
}

describe("GET /docs in Chromium", () => {
  it("renders the Sync API reference with its endpoints", async () => {
    await page.locator(".opblock").first().waitFor({ timeout: 15_000 });
    await expect.poll(renderedPaths).toEqual(expect.arrayContaining(["/v2/generate", "/v2/generate/{id}", "/v2/generations", "/v2/models"]));
    expect(await page.locator(".info .title").innerText()).toMatch(/Sync/);

    const screenshot = process.env.SYNC_MOCK_DOCS_SCREENSHOT ?? join(mkdtempSync(join(tmpdir(), "sync-mock-docs-")), "docs.png");
    await page.screenshot({ path: screenshot, fullPage: false });
    expect(statSync(screenshot).size, "a blank page compresses to a few KB").toBeGreaterThan(20_000);
    if (!process.env.SYNC_MOCK_DOCS_SCREENSHOT) rmSync(join(screenshot, ".."), { recursive: true, force: true });
  });

  it("switches to the admin document (paths under its /__mock server) from the drop-down", async () => {
    await page.locator(".topbar select").selectOption({ label: "sync-mock admin" });
    await expect.poll(renderedPaths, { timeout: 15_000 }).toContain("/clock/advance");
  });

  it("loads everything from the mock itself, without script errors", () => {
    expect(offsite).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
