/**
 * Answers for requests Node's HTTP parser refuses before the app sees them (a garbled request line, a header
 * with control characters, headers over the size limit, broken chunked framing, Content-Length together with
 * Transfer-Encoding). Node's default handler writes a bare status line; this one writes the same status with
 * the mock's error body and an X-Request-Id, then closes the connection, as the default does.
 */
import type { Duplex } from "node:stream";
import { reasonPhrase, statusBody } from "./errors.js";

/** The status Node's default handler uses for a parser error code. */
export function clientErrorStatus(code: string | undefined): number {
  if (code === "HPE_HEADER_OVERFLOW") return 431;
  if (code === "HPE_CHUNK_EXTENSIONS_OVERFLOW") return 413;
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return 408;
  return 400;
}

// Deviation: what the real API's front end answers to malformed HTTP is unknown; the mock gives Node's status
// with its usual error body.
/** The `clientError` listener's work: an error answer if nothing was written yet, then the socket is closed. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number; destroySoon?: () => void }, requestId: string): void {
  // The client is gone (reset, or closed mid-request): nothing can be written.
  if (error.code === "ECONNRESET" || error.code === "HPE_INVALID_EOF_STATE") {
    socket.destroy();
    return;
  }
  // An answer has begun (or ended the connection): nothing more is written, but what it has queued goes out
  // first. Answers are flushed at the end of their turn (write-coalescing.ts), and one written at once (a 401
  // for a keyless POST) is still queued when the parser then finds the body's framing broken.
  if (!socket.writable || (socket.bytesWritten ?? 0) > 0) {
    if (socket.destroySoon) socket.destroySoon();
    else socket.destroy();
    return;
  }
  const status = clientErrorStatus(error.code);
  const body = JSON.stringify({ ...statusBody(status, reasonPhrase(status)), requestId });
  socket.end(
    `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\n` +
      "Content-Type: application/json; charset=UTF-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
}
