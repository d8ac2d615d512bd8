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
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number }, requestId: string): void {
  // The client is gone (reset, or closed mid-request), or an answer has begun: nothing useful can be written.
  const clientLeft = error.code === "ECONNRESET" || error.code === "HPE_INVALID_EOF_STATE";
  if (clientLeft || !socket.writable || (socket.bytesWritten ?? 0) > 0) {
    socket.destroy();
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
