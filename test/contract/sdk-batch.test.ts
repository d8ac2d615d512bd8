/**
 * The official TypeScript SDK's Batch API (`batch.create/get/list`) against the mock, every response checked
 * against openapi/openapi.json. The first test is the README's batch walk-through, as a new user would do it.
 */
import { createReadStream, readFileSync } from "node:fs";
import { SyncClient, Sync } from "@sync.so/sdk";
import { describe, expect, it } from "vitest";
import { batchLines, jsonl } from "../helpers/batch.js";
import { componentProblems } from "../helpers/openapi.js";
import { useContractTarget } from "./target.js";

const context = useContractTarget();

const FIXTURE = new URL("../fixtures/batch-25.jsonl", import.meta.url);
const sdk = (apiKey: string) => new SyncClient({ baseUrl: context.target.baseUrl, apiKey });
const mockOnly = !!process.env.SYNC_API_KEY;
const isBatch = (r: Sync.CreateBatchResponse): r is Sync.BatchResponse => "id" in r;

describe("batch", () => {
  it.skipIf(mockOnly)("a 25-line JSONL file: create from a file stream → watch until COMPLETED → download the results without a key", async () => {
    const key = context.target.apiKey();
    const client = sdk(key);
    const created = await client.batch.create(createReadStream(FIXTURE), { dry_run: false });
    if (!isBatch(created)) throw new Error("expected a batch");
    expect(created).toMatchObject({ status: "PENDING", metrics: { total_generations: 25 }, outputUrl: "" });
    let batch = await client.batch.get(created.id);
    for (let i = 0; i < 60 && !["COMPLETED", "FAILED"].includes(batch.status); i++) {
      await context.target.elapse(1_000, key);
      batch = await client.batch.get(created.id);
    }
    expect(batch).toMatchObject({ status: "COMPLETED", metrics: { total_generations: 25, success_count: 25, failed_count: 0, pending_count: 0 } });

    const download = await fetch(batch.outputUrl);
    expect(download.status).toBe(200);
    const lines = (await download.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const input = readFileSync(FIXTURE, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(25);
    expect(lines.map((l) => l.request_id)).toEqual(input.map((l) => l.request_id));
    for (const line of lines) expect(componentProblems("BatchResultLine", line)).toEqual([]);
    expect(lines.every((l) => l.status === "COMPLETED" && l.response.outputUrl)).toBe(true);
  });

  it("dry run from a file stream answers VALIDATED", async () => {
    const created = await sdk(context.target.apiKey()).batch.create(createReadStream(FIXTURE), { dry_run: true });
    expect(created).toEqual({ status: "VALIDATED" });
  });

  it.skipIf(mockOnly)("create from a Blob (dry run) and from a File, with webhook_url", async () => {
    const client = sdk(context.target.apiKey());
    const blob = new Blob([jsonl(batchLines(20))], { type: "application/jsonl" });
    expect(await client.batch.create(blob, { dry_run: true })).toEqual({ status: "VALIDATED" });
    const file = new File([jsonl(batchLines(21))], "my.jsonl", { type: "application/x-ndjson" });
    const created = await client.batch.create(file, { webhook_url: "https://hooks.test/batch" });
    expect(created).toMatchObject({ status: "PENDING", webhookUrl: "https://hooks.test/batch", metrics: { total_generations: 21 } });
  });

  it.skipIf(mockOnly)("get and list (newest first, filtered by status and creation time)", async () => {
    const key = context.target.apiKey("enterprise");
    const client = sdk(key);
    const first = (await client.batch.create(createReadStream(FIXTURE), {})) as Sync.BatchResponse;
    await context.target.elapse(5_000, key);
    const second = (await client.batch.create(createReadStream(FIXTURE), {})) as Sync.BatchResponse;
    expect((await client.batch.get(first.id)).status).toBe("COMPLETED");
    expect((await client.batch.list()).map((b) => b.id)).toEqual([second.id, first.id]);
    expect((await client.batch.list({ status: "COMPLETED" })).map((b) => b.id)).toEqual([first.id]);
    expect((await client.batch.list({ created_after: first.created_at })).map((b) => b.id)).toEqual([second.id]);
    expect((await client.batch.list({ created_before: second.created_at })).map((b) => b.id)).toEqual([first.id]);
  });

  it("maps an invalid file to BadRequestError with every problem", async () => {
    const error = await sdk(context.target.apiKey())
      .batch.create(new Blob(['{"request_id": 1}\n']), { dry_run: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Sync.BadRequestError);
    expect((error as Sync.BadRequestError).body).toMatchObject({ statusCode: 400, message: expect.arrayContaining([expect.stringMatching(/^line 1: /)]) });
  });

  it.skipIf(mockOnly)("maps a plan without the Batch API to PaymentRequiredError", async () => {
    const error = await sdk(context.target.apiKey("creator")).batch.create(createReadStream(FIXTURE), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Sync.PaymentRequiredError);
    expect((error as Sync.PaymentRequiredError).body).toMatchObject({ statusCode: 402, errorCode: "plan_feature_unavailable" });
  });

  it.skipIf(mockOnly)("maps the running-batch limit to TooManyRequestsError (no retries)", async () => {
    const client = sdk(context.target.apiKey("scale"));
    for (let i = 0; i < 3; i++) await client.batch.create(createReadStream(FIXTURE), {});
    const error = await client.batch.create(createReadStream(FIXTURE), {}, { maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Sync.TooManyRequestsError);
    expect((error as Sync.TooManyRequestsError).body).toMatchObject({ statusCode: 429, errorCode: "concurrency_limit_reached" });
  });

  it("maps an unknown batch to NotFoundError", async () => {
    const error = await sdk(context.target.apiKey()).batch.get("batch_does_not_exist").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Sync.NotFoundError);
  });
});
