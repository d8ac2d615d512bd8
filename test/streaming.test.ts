/**
 * Uploads are streamed to disk, never held in memory: a 100 MB multipart upload to a separate server process
 * must raise that process's peak memory by far less than the file's size.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const MB = 1024 * 1024;

function peakRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** A multipart body streamed chunk by chunk: `size` bytes of video, then a small audio and the model. */
function multipartStream(size: number): ReadableStream<Uint8Array> {
  const boundary = "streaming-test-boundary";
  const chunk = new Uint8Array(256 * 1024).fill(42);
  let sent = 0;
  let phase = 0;
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      if (phase === 0) {
        controller.enqueue(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`));
        phase = 1;
      } else if (phase === 1) {
        const n = Math.min(chunk.length, size - sent);
        controller.enqueue(chunk.subarray(0, n));
        sent += n;
        if (sent >= size) phase = 2;
      } else {
        controller.enqueue(
          encoder.encode(
            `\r\n--${boundary}\r\nContent-Disposition: form-data; name="audio"; filename="a.wav"\r\n\r\nRIFF\r\n` +
              `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\nlipsync-2\r\n--${boundary}--\r\n`,
          ),
        );
        controller.close();
      }
    },
  });
}

describe("multipart streaming", () => {
  it("accepts a 100 MB upload while the server's peak memory grows by well under 100 MB", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sync-mock-stream-"));
    const scenario = join(dir, "big-uploads.yaml");
    writeFileSync(scenario, "name: big-uploads\nlimits:\n  maxUploadBytes: 209715200\n");
    const child = spawn(process.execPath, [CLI, "--port", "0", "--host", "127.0.0.1", "--scenario", scenario, "--log-level", "silent"], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const [first] = (await once(child.stdout, "data")) as [Buffer];
      const port = /:(\d+) ·/.exec(first.toString())![1];
      const base = `http://127.0.0.1:${port}`;
      // Warm up so the baseline includes the code paths of an upload.
      const multipart = { "x-api-key": "k", "content-type": "multipart/form-data; boundary=streaming-test-boundary" };
      await fetch(`${base}/v2/generate`, { method: "POST", headers: multipart, body: multipartStream(MB), duplex: "half" } as RequestInit);
      const before = peakRssBytes(child.pid!);
      const response = await fetch(`${base}/v2/generate`, {
        method: "POST",
        headers: multipart,
        body: multipartStream(100 * MB),
        duplex: "half",
      } as RequestInit);
      expect(response.status).toBe(201);
      const created = (await response.json()) as { input: Array<{ assetId: string }> };
      const asset = (await (await fetch(`${base}/v2/assets/${created.input[0]!.assetId}`, { headers: { "x-api-key": "k" } })).json()) as { size: number };
      expect(asset.size).toBe(100 * MB);
      const growth = peakRssBytes(child.pid!) - before;
      expect(growth).toBeLessThan(40 * MB);
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });
});
