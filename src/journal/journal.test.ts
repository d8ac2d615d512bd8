import { describe, expect, it } from "vitest";
import { RequestJournal, type JournalRecord } from "./journal.js";

const entry = (tenant: string | null, path: string, atMs = Date.parse("2026-01-01T00:00:00.000Z")): JournalRecord => ({
  requestId: path,
  tenant,
  atMs,
  method: "GET",
  path,
  url: path,
  headers: "",
  body: null,
  status: 200,
  durationMs: 1,
  scenario: "default",
  rule: null,
});

describe("RequestJournal", () => {
  it("lists a tenant's requests newest first, even when they share a timestamp", () => {
    const journal = new RequestJournal();
    for (const p of ["/a", "/b", "/c"]) journal.record(entry("k", p));
    expect(journal.list("k").map((e) => e.path)).toEqual(["/c", "/b", "/a"]);
  });

  it("keeps tenants apart, and lists everyone's without a tenant", () => {
    const journal = new RequestJournal();
    journal.record(entry("a", "/1"));
    journal.record(entry("b", "/2"));
    journal.record(entry(null, "/3"));
    expect(journal.list("a").map((e) => e.path)).toEqual(["/1"]);
    expect(journal.list().map((e) => e.path)).toEqual(["/3", "/2", "/1"]);
  });

  it("drops a tenant's oldest entries past the cap", () => {
    const journal = new RequestJournal(2);
    for (const p of ["/1", "/2", "/3"]) journal.record(entry("k", p));
    expect(journal.list("k").map((e) => e.path)).toEqual(["/3", "/2"]);
    expect(journal.list().map((e) => e.path)).toEqual(["/3", "/2"]);
  });

  it("lists only the newest `cap` at every count", () => {
    const journal = new RequestJournal(8);
    for (let n = 1; n <= 40; n++) {
      journal.record(entry("k", `/${n}`));
      const expected = Array.from({ length: Math.min(n, 8) }, (_, i) => `/${n - i}`);
      expect(journal.list("k").map((e) => e.path)).toEqual(expected);
    }
  });

  it("shows the time, query and headers as Hono would, without credentials", () => {
    const journal = new RequestJournal();
    const raw = ["Accept", "*/*", "X-Api-Key", "k", "X-Tag", "a", "Cookie", "c=1", "x-tag", "b", ":path", "/q"].join("\n");
    journal.record({ ...entry("k", "/q"), url: "/q?a=1&b=2&b=3&c=%20", headers: raw });
    journal.record({ ...entry("k", "/w"), url: "http://localhost/w?x=1", headers: new Headers({ "X-Tag": "w", Authorization: "Bearer x" }) });
    const [web, node] = journal.list("k");
    expect(node).toMatchObject({ at: "2026-01-01T00:00:00.000Z", query: { a: "1", b: ["2", "3"], c: " " } });
    expect(node!.headers).toEqual({ accept: "*/*", "x-tag": "a, b" });
    expect(Object.keys(node!.headers)).toEqual(["accept", "x-tag"]);
    expect(web!).toMatchObject({ headers: { "x-tag": "w" }, query: { x: "1" } });
  });

  it("shows a JSON body kept as text as the value it parses to", () => {
    const journal = new RequestJournal();
    journal.record({ ...entry("k", "/j"), bodyJson: '{"model":"lipsync-2","input":[{"type":"video"}]}' });
    expect(journal.list("k")[0]!.body).toEqual({ model: "lipsync-2", input: [{ type: "video" }] });
  });

  it("shows a body recorded as a value (a multipart body's fields) and texts in any script as they were", () => {
    const journal = new RequestJournal();
    const fields = { fields: { model: "lipsync-2", note: "Grüße, 世界 🎬" }, files: [{ field: "video", filename: "clip é.mp4", mimeType: "video/mp4", size: 3 }] };
    journal.record({ ...entry("k", "/v2/é"), body: fields, headers: ["X-Note", "naïve"].join("\n") });
    journal.record({ ...entry("k", "/v2/generate"), bodyJson: '{"script":"Привет"}', rule: "slow-start", scenario: "bench" });
    const [json, multipart] = journal.list("k");
    expect(multipart).toMatchObject({ path: "/v2/é", body: fields, headers: { "x-note": "naïve" }, rule: null });
    expect(json).toMatchObject({ body: { script: "Привет" }, rule: "slow-start", scenario: "bench", status: 200, durationMs: 1 });
  });

  it("filters by method, path and limit, and forgets a tenant on reset", () => {
    const journal = new RequestJournal();
    journal.record(entry("k", "/x"));
    journal.record({ ...entry("k", "/y"), method: "POST" });
    journal.record(entry("k", "/x"));
    expect(journal.list("k", { method: "post" }).map((e) => e.path)).toEqual(["/y"]);
    expect(journal.list("k", { path: "/x", limit: 1 })).toHaveLength(1);
    journal.reset("k");
    expect(journal.list("k")).toEqual([]);
  });
});
