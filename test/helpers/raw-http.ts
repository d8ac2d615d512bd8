/**
 * HTTP/1.1 over a raw socket, for requests fetch refuses to send: broken framing, invalid bytes in headers,
 * lying Content-Lengths, bodies written piece by piece. Each request opens its own connection and asks the
 * server to close it; the answer is parsed by hand (Content-Length, chunked, or read to the close).
 */
import { connect, type Socket } from "node:net";

/** A parsed answer. */
export interface RawAnswer {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: any;
}

/** What to send: bytes, or a writer that streams them (it should stop once `answered()` is true). */
export type RawRequest = Buffer | string | ((socket: Socket, answered: () => boolean) => Promise<void>);

/** Builds the bytes of a request with a correct Content-Length (unless the headers already frame the body). */
export function httpRequest(method: string, path: string, headers: Record<string, string> = {}, body: Buffer | string = ""): Buffer {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const lines = [`${method} ${path} HTTP/1.1`, "Host: 127.0.0.1", "Connection: close"];
  const names = Object.keys(headers).map((h) => h.toLowerCase());
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (!names.includes("content-length") && !names.includes("transfer-encoding") && (bytes.length > 0 || method === "POST" || method === "PUT")) {
    lines.push(`Content-Length: ${bytes.length}`);
  }
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), bytes]);
}

function headerEnd(data: Buffer): number {
  return data.indexOf("\r\n\r\n");
}

/** Parses a complete answer; undefined while more bytes are needed (or `closed` says none will come). */
export function parseAnswer(data: Buffer, closed: boolean): RawAnswer | undefined {
  const end = headerEnd(data);
  if (end < 0) {
    if (closed) throw new Error(`connection closed before the answer's headers: ${JSON.stringify(data.toString("latin1").slice(0, 200))}`);
    return undefined;
  }
  const [statusLine, ...headerLines] = data.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "")?.[1]);
  if (!status) throw new Error(`not an HTTP answer: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = data.subarray(end + 4);
  let body: Buffer | undefined;
  if (headers["transfer-encoding"]?.includes("chunked")) {
    const chunks: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const lineEnd = rest.indexOf("\r\n", offset);
      if (lineEnd < 0) break;
      const size = parseInt(rest.subarray(offset, lineEnd).toString("latin1"), 16);
      if (size === 0) {
        body = Buffer.concat(chunks);
        break;
      }
      if (rest.length < lineEnd + 2 + size + 2) break;
      chunks.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      offset = lineEnd + 2 + size + 2;
    }
  } else if (headers["content-length"] !== undefined) {
    const length = Number(headers["content-length"]);
    if (rest.length >= length) body = rest.subarray(0, length);
  } else if (closed) {
    body = rest;
  }
  if (!body) {
    if (closed) throw new Error(`connection closed in the middle of the answer's body (status ${status})`);
    return undefined;
  }
  let json: unknown;
  if (/^application\/([\w.-]+\+)?json/i.test(headers["content-type"] ?? "")) json = JSON.parse(body.toString("utf8"));
  return { status, headers, body, json };
}

/**
 * Sends `request` to `port` on loopback and resolves with the answer; rejects if none comes within
 * `timeoutMs` (a hang) or the connection closes without one.
 */
export function rawRequest(port: number, request: RawRequest, timeoutMs = 15_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = Buffer.alloc(0);
    let answer: RawAnswer | undefined;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (answer) resolve(answer);
      else reject(error ?? new Error("no answer"));
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const tryParse = (closed: boolean) => {
      try {
        answer = parseAnswer(data, closed);
      } catch (error) {
        finish(error as Error);
        return;
      }
      if (answer) finish();
    };
    socket.on("data", (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      tryParse(false);
    });
    socket.on("close", () => tryParse(true));
    // The server may answer and close while we are still writing (a 413 mid-upload): not an error of ours.
    socket.on("error", () => tryParse(true));
    socket.once("connect", () => {
      if (typeof request === "function") {
        request(socket, () => settled || answer !== undefined).catch(() => undefined);
      } else {
        socket.write(request);
      }
    });
  });
}

/** Writes `chunk` and waits until the socket can take more (or is closed). */
export function writeAndDrain(socket: Socket, chunk: Buffer | string): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    if (socket.write(chunk)) resolve();
    else {
      socket.once("drain", resolve);
      socket.once("close", resolve);
    }
  });
}
