// Prints "<passed> <failed>" summed over the <testsuite> elements of JUnit XML reports (pytest's and
// schemathesis'), for .ci/run's totals. A missing or unreadable report counts as one failure.
import { readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  let xml;
  try {
    xml = readFileSync(file, "utf8");
  } catch {
    failed += 1;
    continue;
  }
  const suites = [...xml.matchAll(/<testsuite\s([^>]*)>/g)].map((m) => m[1]);
  if (suites.length === 0) failed += 1;
  for (const attributes of suites) {
    const count = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(attributes)?.[1] ?? 0);
    const bad = count("failures") + count("errors");
    passed += count("tests") - bad - count("skipped");
    failed += bad;
  }
}
console.log(`${passed} ${failed}`);
