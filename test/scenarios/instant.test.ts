import { createReadStream } from "node:fs";
import { describe, expect, it } from "vitest";
import { batchLines, jsonl } from "../helpers/batch.js";
import { request, useScenario } from "./helpers.js";

const t = useScenario("instant");

describe("scenarios/instant.yaml", () => {
  it("has a generation COMPLETED at its first read, without moving the clock", async () => {
    const { client } = t.sdk();
    const created = await client.generations.create(request());
    const got = await client.generations.get(created.id);
    expect(got.status).toBe("COMPLETED");
    expect(got.outputUrl).toMatch(/\/result\?token=/);
  });

  it("still fails what the media cards say fails", async () => {
    const { client } = t.sdk();
    const created = await client.generations.create(request("https://cdn.test/unreachable.mp4"));
    expect((await client.generations.get(created.id)).error_code).toBe("generation_input_video_inaccessible");
  });

  it("has a batch COMPLETED at its first read, with its result file ready", async () => {
    const { client } = t.sdk();
    const file = new Blob([jsonl(batchLines(20))], { type: "application/x-ndjson" });
    const created = await client.batch.create(file, {});
    const got = await client.batch.get((created as { id: string }).id);
    expect(got.status).toBe("COMPLETED");
    expect(got.metrics).toEqual({ total_generations: 20, success_count: 20, failed_count: 0, pending_count: 0 });
    expect((await (await fetch(got.outputUrl)).text()).trim().split("\n")).toHaveLength(20);
    expect(createReadStream).toBeDefined();
  });
});
