/**
 * Answers finished in one turn of the event loop go out together, at the end of that turn, instead of one
 * socket write as each is finished.
 *
 * Why: under load, a turn handles dozens of requests. Written one by one, every answer wakes a client that has
 * gone back to sleep since the last one, and on a machine with few cores that wake-up is paid inside the
 * server's write (the kernel's `sock_def_readable` → `try_to_wake_up`, 13% of a `GET /v2/generate/{id}`'s CPU
 * in `perf`). Written back to back, the first wakes the client and the rest find it awake. Measured on 2 cores at
 * 50 connections: 34 → 27 µs of server CPU per GET, 86 → 62 per POST (bench/README.md). The delay it adds is
 * the rest of the turn, a fraction of a millisecond under load and nothing when idle (a lone request's turn
 * ends as soon as it is answered).
 *
 * How: Node's `ServerResponse.end()` corks the socket, writes head and body, then uncorks it, which flushes. The
 * uncork that would flush (the socket's cork count is 1) is put off until the check phase of the same turn
 * (`setImmediate`), where every socket put off is uncorked in order. Writes of any other kind (an uncorked
 * `socket.write`, a cork count above 1) are untouched, and a socket destroyed meanwhile just drops what it had
 * buffered, as it would have anyway.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";
import { Duplex } from "node:stream";
import { afterIo } from "../domain/scheduler.js";

/** Makes `server`'s connections flush the answers of one turn together, at the end of the turn. */
export function coalesceWrites(server: Server): void {
  server.on("connection", deferFlushes(afterIo));
}

/**
 * The per-connection part of {@link coalesceWrites}: a `connection` listener that defers the flushing uncork of
 * each socket it is given, all of a turn's sockets being flushed by one `schedule`d call. Exported for tests.
 */
export function deferFlushes(schedule: (flush: () => void) => void): (socket: Socket) => void {
  let deferred: Socket[] = [];
  const flush = () => {
    const sockets = deferred;
    deferred = [];
    for (const socket of sockets) uncorkNow(socket);
  };
  return (socket) => {
    socket.uncork = function uncorkAtEndOfTurn(this: Socket) {
      if (this.writableCorked !== 1) return uncorkNow(this);
      if (deferred.length === 0) schedule(flush);
      deferred.push(this);
    };
  };
}

/** A socket's own uncork (sockets inherit it from Duplex, which has Writable's), bypassing the deferral. */
const streamUncork = Duplex.prototype.uncork;

function uncorkNow(socket: Socket): void {
  streamUncork.call(socket);
}
