// The framework's limit on this machine: a bare Hono + @hono/node-server app with no middleware that answers
// the benchmarked routes with a fixed JSON body. Plain JavaScript run by `node` directly, as sync-mock's
// dist/ is, so no TypeScript loader sits in the measured process.
// Usage: node bench/servers/bare-hono.mjs <port>
import { serve } from "@hono/node-server";
import { Hono } from "hono";

// The same shape and size as sync-mock's answer for a PENDING generation, so both send similar bytes.
const GENERATION = {
  id: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  createdAt: "2026-01-01T00:00:00.000Z",
  status: "PENDING",
  model: "lipsync-2",
  input: [
    { type: "video", url: "https://cdn.test/bench/video.mp4" },
    { type: "audio", url: "https://cdn.test/bench/audio.wav" },
  ],
  options: null,
  segments: null,
  webhookUrl: null,
  outputUrl: null,
  outputDuration: null,
  segmentOutputUrl: null,
  outputFileName: null,
  projectId: null,
  error: null,
  error_code: null,
  errorCode: null,
};

const app = new Hono();
app.get("/health", (c) => c.json({ status: "ok" }));
app.get("/v2/generate/:id", (c) => c.json(GENERATION));
// The body is read and parsed, as any JSON API must; the answer stays fixed.
app.post("/v2/generate", async (c) => {
  await c.req.json();
  return c.json(GENERATION, 201);
});

const port = Number(process.argv[2] ?? 0);
serve({ fetch: app.fetch, port, hostname: "127.0.0.1" });
process.once("SIGTERM", () => process.exit(0));
