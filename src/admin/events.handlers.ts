/**
 * GET /__mock/events: the admin plane's live events as a server-sent events stream (see events.ts for what is
 * sent and how often). A client that goes away, or stops reading, is dropped without touching anyone else.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env.js";
import { API_KEY_HEADER } from "../http/middleware/auth.js";
import { sseText } from "./events.js";

/**
 * Bytes a stream may have waiting for a client that does not read before it is dropped: a reader that stalls
 * must not make the mock keep every event for it.
 */
export const MAX_UNREAD_BYTES = 4 * 1024 * 1024;

const encoder = new TextEncoder();

/** GET /__mock/events. */
export function eventsHandler(c: Context<AppEnv>): Response {
  const { events, journal } = c.var.deps;
  const tenant = c.req.query("apiKey") || c.req.header(API_KEY_HEADER) || undefined;
  const signal = c.req.raw.signal;
  let stop: (() => void) | undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const end = () => {
          stop?.();
          try {
            controller.close();
          } catch {
            // Already closed or errored by the reader going away.
          }
        };
        const write = (bytes: Uint8Array) => {
          if ((controller.desiredSize ?? 0) < -MAX_UNREAD_BYTES) return end();
          // The same bytes go to every stream of the key: each queue only holds a reference.
          controller.enqueue(bytes);
        };
        // `retry`: how soon EventSource reconnects after the stream ends (a restarted mock is back in about a second).
        controller.enqueue(encoder.encode(`retry: 1000\n${sseText([{ type: "ready", tenant: tenant ?? null, data: { type: "ready", tenant: tenant ?? null, seq: journal.nextSeq - 1 } }])}`));
        stop = events.subscribe(tenant, write, end);
        if (signal.aborted) end();
        else signal.addEventListener("abort", end, { once: true });
      },
      cancel() {
        stop?.();
      },
    },
    // Measured in bytes, so desiredSize says how much the client has left unread.
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  return new Response(body, {
    status: 200,
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache", "X-Accel-Buffering": "no" },
  });
}
