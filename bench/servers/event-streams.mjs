// Opens N streams of GET /__mock/events on a mock and reads them until stdin closes or SIGTERM, then prints
// what they received as JSON ({streams, events, bytes}). A process of its own, so the streams' reading costs
// neither the mock nor the load generator (the harness) their CPU.
// Usage: node bench/servers/event-streams.mjs <base-url> <streams>
const [base, count] = [process.argv[2], Number(process.argv[3])];
const abort = new AbortController();
let [events, bytes, open] = [0, 0, 0];
const readers = Array.from({ length: count }, async () => {
  const response = await fetch(`${base}/__mock/events`, { signal: abort.signal });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  open++;
  if (open === count) process.stdout.write("open\n");
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      events += (decoder.decode(value, { stream: true }).match(/^event: request$/gm) ?? []).length;
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
