/**
 * A client of a server-sent events stream for tests: reads events as they come and lets a test await the
 * next one of a kind (or matching a predicate), never sleeping.
 */
export interface SseEvent {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: any;
}

/** An open stream. */
export interface SseStream {
  /** Every event so far, in order. */
  readonly events: SseEvent[];
  /** Resolves with the first event (from the start of the stream) of `type` matching `where` not yet taken by `next`. */
  next(type: string, where?: (data: any) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Disconnects. */
  close(): void;
  readonly response: Response;
}

/** Opens `url` as an event stream (resolves once the response headers are in). */
export async function openEvents(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const taken = new Set<SseEvent>();
  const waiters = new Set<() => void>();
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = { event: "message", id: undefined as string | undefined, data: "" };
          for (const line of block.split("\n")) {
            const [name, ...rest] = line.split(": ");
            const value = rest.join(": ");
            if (name === "event") fields.event = value;
            else if (name === "id") fields.id = value;
            else if (name === "data") fields.data += value;
          }
          if (fields.data === "") continue;
          events.push({ event: fields.event, id: fields.id, data: JSON.parse(fields.data) });
          for (const wake of [...waiters]) wake();
        }
      }
    } catch {
      // Closed by the test.
    }
  })();
  return {
    events,
    response,
    next(type, where = () => true, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const look = () => {
          const found = events.find((e) => e.event === type && !taken.has(e) && where(e.data));
          if (!found) return false;
          taken.add(found);
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const wake = () => void look();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no ${type} event within ${timeoutMs} ms; got ${events.map((e) => e.event).join(", ")}`));
        }, timeoutMs);
        if (!look()) waiters.add(wake);
      });
    },
    close: () => abort.abort(),
  };
}
