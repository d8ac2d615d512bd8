// Preloaded into the soak test's server (node --expose-gc --require): on SIGUSR2 it collects garbage fully and
// prints the process's memory on stderr, so the test can compare live heap sizes between phases. Test-only.
process.on("SIGUSR2", () => {
  global.gc();
  global.gc();
  process.stderr.write(`gc-probe ${JSON.stringify(process.memoryUsage())}\n`);
});
