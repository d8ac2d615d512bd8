/**
 * The new-user story, written the way a team would test its own code: an app that renders three clips
 * with the official SDK and polls until each is done; the test scripts one input to fail, one to be rejected and
 * one to hang, runs the app, and asserts on what the app did from the request journal.
 */
import { SyncClient } from "@sync.so/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSyncMock, type SyncMock } from "../src/testing/index.js";

/** The "app under test": creates one generation per video, polls each until it ends or it gives up. */
async function renderAll(sync: SyncClient, videos: string[], wait: () => Promise<void>, maxPolls = 10) {
  const jobs = await Promise.all(
    videos.map((url) =>
      sync.generations.create({ model: "lipsync-2", input: [{ type: "video", url }, { type: "audio", url: "https://cdn.example/voice.wav" }] }),
    ),
  );
  const results: Record<string, { id: string; status: string }> = {};
  for (const [index, job] of jobs.entries()) {
    let status: string = job.status;
    for (let poll = 0; poll < maxPolls && !["COMPLETED", "FAILED", "REJECTED"].includes(status); poll++) {
      await wait();
      const current = await sync.generations.get(job.id);
      status = current.status;
      if (status === "FAILED" || status === "REJECTED") {
        status = `${status}:${current.error_code}`;
        break;
      }
    }
    results[videos[index]!] = { id: job.id, status: status === "PROCESSING" ? "GAVE_UP" : status };
  }
  return results;
}

let mock: SyncMock;
beforeAll(async () => {
  mock = await startSyncMock({ clock: "manual" });
});
afterAll(() => mock.close());

describe("a team's test of its own render loop", () => {
  it("sees one clip fail, one rejected and one hang, and the app stops polling each at the right time", async () => {
    const apiKey = mock.apiKey();
    await mock.admin.setScenario(
      `
extends: default
rules:
  - { name: broken-clip, match: { inputUrl: "*/broken.mp4" }, fail: { code: generation_pipeline_failed } }
  - { name: too-long, match: { inputUrl: "*/too-long.mp4" }, reject: { code: generation_plan_duration_exceeded } }
  - { name: hangs, match: { inputUrl: "*/hangs.mp4" }, stuck: PROCESSING }
`,
      apiKey,
    );
    const sync = new SyncClient({ baseUrl: mock.baseUrl, apiKey });
    const videos = ["https://cdn.example/broken.mp4", "https://cdn.example/too-long.mp4", "https://cdn.example/hangs.mp4", "https://cdn.example/fine.mp4"];

    const results = await renderAll(sync, videos, () => mock.admin.advance(1_000, apiKey).then(() => undefined));

    expect(Object.fromEntries(Object.entries(results).map(([url, r]) => [url, r.status]))).toEqual({
      "https://cdn.example/broken.mp4": "FAILED:generation_pipeline_failed",
      "https://cdn.example/too-long.mp4": "REJECTED:generation_plan_duration_exceeded",
      "https://cdn.example/hangs.mp4": "GAVE_UP",
      "https://cdn.example/fine.mp4": "COMPLETED",
    });
    // What the app did, from the journal: four creates (three scripted by the scenario's rules), then polls.
    const journal = (await mock.admin.requests({}, apiKey)).reverse();
    const creates = journal.filter((e) => e.method === "POST" && e.path === "/v2/generate");
    expect(creates.map((e) => e.status)).toEqual([201, 201, 201, 201]);
    expect(creates.map((e) => e.rule).sort()).toEqual(["broken-clip", "hangs", "too-long", null].sort());
    const polls = (url: string) => journal.filter((e) => e.method === "GET" && e.path === `/v2/generate/${results[url]!.id}`).length;
    // One poll a simulated second: the broken clip fails after its second, the rejected one is known at the
    // first, the hanging one is given up after ten, and the fine one is done by the time the app gets to it.
    expect(videos.map(polls)).toEqual([2, 1, 10, 1]);
  });
});
