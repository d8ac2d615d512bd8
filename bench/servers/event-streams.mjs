// Opens N streams of GET /__mock/events on a mock and reads them until stdin closes or SIGTERM, then prints
// what they received as JSON ({streams, events, bytes}). A process of its own, so the streams' reading costs
// neither the mock nor the load generator (the harness) their CPU; it counts events in the bytes, without
// decoding them, to cost as little as a reader can.
// Usage: node bench/servers/event-streams.mjs <base-url> <streams>
const [base, count] = [process.argv[2], Number(process.argv[3])];
const MARK = Buffer.from("event: request\n");
const abort = new AbortController();
let [events, bytes, open] = [0, 0, 0];
const readers = Array.from({ length: count }, async () => {
  const response = await fetch(`${base}/__mock/events`, { signal: abort.signal });
  const reader = response.body.getReader();
  open++;
  if (open === count) process.stdout.write("open\n");
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      // The hub writes whole events, so a mark never straddles two chunks.
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      for (let at = chunk.indexOf(MARK); at >= 0; at = chunk.indexOf(MARK, at + MARK.length)) events++;
    }
  } catch {
    // Aborted at the end.
  }
});
const finish = () => {
  abort.abort();
  void Promise.allSettled(readers).then(() => {
    process.stdout.write(`${JSON.stringify({ streams: open, events, bytes })}\n`);
    process.exit(0);
  });
};
process.on("SIGTERM", finish);
process.stdin.on("end", finish);
process.stdin.resume();
