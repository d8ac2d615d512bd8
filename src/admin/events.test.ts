import { describe, expect, it } from "vitest";
import { RequestJournal, type JournalRecord } from "../journal/journal.js";
import { AdminEventHub, MAX_REQUESTS_PER_FLUSH } from "./events.js";

const request = (tenant: string, path: string): JournalRecord => ({
  requestId: `${tenant}${path}`,
  tenant,
  atMs: 0,
  method: "GET",
  path,
  url: path,
  headers: "",
  status: 200,
  durationMs: 1,
  scenario: "default",
  rule: null,
});

/** A hub whose turns and rests the test ends by hand. */
function manualHub() {
  const journal = new RequestJournal(10_000);
  const turns: Array<() => void> = [];
  const rests: Array<() => void> = [];
  let restAsked: (() => void) | undefined;
  const rest = () =>
    new Promise<void>((resolve) => {
      rests.push(resolve);
      restAsked?.();
    });
  const hub = new AdminEventHub(journal, rest, (work) => turns.push(work));
  const record = (tenant: string, path: string) => {
    journal.record(request(tenant, path));
    hub.requestRecorded();
  };
  const endTurn = () => turns.splice(0).forEach((work) => work());
  /** Ends the rest the flush loop is in, and resolves once it has flushed again and asked for its next rest. */
  const endRest = async () => {
    const next = new Promise<void>((resolve) => (restAsked = resolve));
    rests.splice(0).forEach((resolve) => resolve());
    await next;
  };
  return { hub, record, endTurn, endRest, turns, rests };
}

const decoder = new TextDecoder();
const text = (bytes: Uint8Array) => decoder.decode(bytes);

/** The `event:` names in what a stream was written. */
const names = (texts: string[]) => texts.join("").match(/^event: (\w+)$/gm)?.map((line) => line.slice(7)) ?? [];

describe("AdminEventHub", () => {
  it("does nothing for a request while no stream is open", () => {
    const { record, turns } = manualHub();
    record("k", "/v2/models");
    expect(turns).toEqual([]);
  });

  it("writes a turn's requests once, at the end of the turn, oldest first", () => {
    const { hub, record, endTurn } = manualHub();
    const written: string[] = [];
    hub.subscribe(undefined, (bytes) => written.push(text(bytes)));
    record("k", "/a");
    record("k", "/b");
    expect(written).toEqual([]);
    endTurn();
    expect(written).toHaveLength(1);
    expect(written[0]!.match(/"path":"[^"]+"/g)).toEqual(['"path":"/a"', '"path":"/b"']);
  });

  it("writes at most once per interval, gathering what came during it", async () => {
    const { hub, record, endTurn, endRest, turns } = manualHub();
    const written: string[] = [];
    hub.subscribe(undefined, (bytes) => written.push(text(bytes)));
    record("k", "/1");
    endTurn();
    record("k", "/2");
    record("k", "/3");
    // Resting: no new turn is asked for, nothing more is written.
    expect(turns).toEqual([]);
    expect(written).toHaveLength(1);
    await endRest();
    expect(written).toHaveLength(2);
    expect(written[1]!.match(/"path":"[^"]+"/g)).toEqual(['"path":"/2"', '"path":"/3"']);
  });

  it("sends a key's stream that key's requests and everyone's clock moves", () => {
    const { hub, record, endTurn } = manualHub();
    const a: string[] = [];
    const all: string[] = [];
    hub.subscribe("a", (bytes) => a.push(text(bytes)));
    hub.subscribe(undefined, (bytes) => all.push(text(bytes)));
    record("a", "/mine");
    record("b", "/theirs");
    hub.publish({ type: "clock", tenant: null, data: { ms: 5 } });
    hub.publish({ type: "reset", tenant: "b" });
    endTurn();
    expect(names(a)).toEqual(["request", "clock"]);
    expect(a.join("")).not.toContain("/theirs");
    expect(names(all)).toEqual(["request", "request", "clock", "reset"]);
  });

  it(`past ${MAX_REQUESTS_PER_FLUSH} requests in one write, sends the newest and says how many were missed`, () => {
    const { hub, record, endTurn } = manualHub();
    const written: string[] = [];
    hub.subscribe(undefined, (bytes) => written.push(text(bytes)));
    for (let i = 0; i < MAX_REQUESTS_PER_FLUSH + 50; i++) record("k", `/${i}`);
    endTurn();
    const sent = names(written);
    expect(sent[0]).toBe("overflow");
    expect(written[0]).toContain('"missed":50');
    expect(sent.filter((name) => name === "request")).toHaveLength(MAX_REQUESTS_PER_FLUSH);
    expect(written[0]).toContain(`"path":"/${MAX_REQUESTS_PER_FLUSH + 49}"`);
    expect(written[0]).not.toContain('"path":"/49"');
  });

  it("stops writing to a stream once it unsubscribes, and ends every stream on close", () => {
    const { hub, record, endTurn } = manualHub();
    const gone: string[] = [];
    const kept: string[] = [];
    let ended = 0;
    const leave = hub.subscribe(undefined, (bytes) => gone.push(text(bytes)));
    hub.subscribe(undefined, (bytes) => kept.push(text(bytes)), () => ended++);
    leave();
    record("k", "/after");
    endTurn();
    expect([gone.length, kept.length]).toEqual([0, 1]);
    hub.close();
    expect([ended, hub.streams]).toEqual([1, 0]);
  });
});
