import type { Socket } from "node:net";
import { Duplex } from "node:stream";
import { describe, expect, it } from "vitest";
import { deferFlushes } from "./write-coalescing.js";

/** A socket stand-in that records what reaches the "wire". */
function fakeSocket(): { socket: Socket; wire: string[] } {
  const wire: string[] = [];
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      wire.push(chunk.toString());
      done();
    },
    writev(chunks, done) {
      wire.push(chunks.map((c) => String(c.chunk)).join(""));
      done();
    },
  }) as unknown as Socket;
  return { socket, wire };
}

/** A connection listener whose scheduled flushes are run by hand. */
function withManualFlushes() {
  const scheduled: Array<() => void> = [];
  const connect = deferFlushes((flush) => scheduled.push(flush));
  const runScheduled = () => scheduled.splice(0).forEach((flush) => flush());
  return { connect, scheduled, runScheduled };
}

describe("deferFlushes", () => {
  it("holds a corked answer until the end-of-turn flush, then writes it whole", () => {
    const { connect, scheduled, runScheduled } = withManualFlushes();
    const { socket, wire } = fakeSocket();
    connect(socket);
    socket.cork();
    socket.write("HTTP/1.1 200 OK\r\n\r\n");
    socket.write("{}");
    socket.uncork();
    expect(wire).toEqual([]);
    expect(scheduled).toHaveLength(1);
    runScheduled();
    expect(wire).toEqual(["HTTP/1.1 200 OK\r\n\r\n{}"]);
    expect(socket.writableCorked).toBe(0);
  });

  it("flushes every socket answered in a turn with one scheduled call, in the order they were answered", async () => {
    const { connect, scheduled, runScheduled } = withManualFlushes();
    const order: string[] = [];
    const sockets = ["a", "b", "c"].map((name) => {
      const { socket, wire } = fakeSocket();
      connect(socket);
      socket.cork();
      socket.write(name, () => order.push(name));
      socket.uncork();
      return wire;
    });
    expect(scheduled).toHaveLength(1);
    runScheduled();
    expect(sockets.map((wire) => wire.join(""))).toEqual(["a", "b", "c"]);
    // Write callbacks run after the write completes (a tick later).
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("leaves alone an uncork that would not flush (the socket stays corked by someone else)", () => {
    const { connect, scheduled } = withManualFlushes();
    const { socket, wire } = fakeSocket();
    connect(socket);
    socket.cork();
    socket.cork();
    socket.write("x");
    socket.uncork();
    expect(scheduled).toHaveLength(0);
    expect(socket.writableCorked).toBe(1);
    expect(wire).toEqual([]);
  });

  it("writes at once what is written to an uncorked socket", () => {
    const { connect, scheduled } = withManualFlushes();
    const { socket, wire } = fakeSocket();
    connect(socket);
    socket.write("now");
    socket.uncork();
    expect(wire).toEqual(["now"]);
    expect(scheduled).toHaveLength(0);
  });

  it("drops the held answer of a socket destroyed before the flush, and flushes the others", () => {
    const { connect, runScheduled } = withManualFlushes();
    const gone = fakeSocket();
    const kept = fakeSocket();
    gone.socket.on("error", () => {});
    for (const { socket } of [gone, kept]) {
      connect(socket);
      socket.cork();
      socket.write("answer");
      socket.uncork();
    }
    gone.socket.destroy();
    expect(() => runScheduled()).not.toThrow();
    expect(gone.wire).toEqual([]);
    expect(kept.wire).toEqual(["answer"]);
  });
});
