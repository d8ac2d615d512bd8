/**
 * Bounds the memory a large upload leaves behind it. Each chunk of an upload arrives in a buffer Node
 * allocated for one socket read (up to 64 KB, outside V8's heap); once written to disk it is garbage, but V8
 * frees such buffers only at a young-generation GC, which an upload, allocating little else, seldom triggers:
 * V8 waits for ~30 MB of them (`--trace-gc`: "Scavenge … external memory pressure" every ~80 ms at 350 MB/s).
 * So streaming a file raised the peak RSS by ~35 MB, whether it was 50 or 200 MB.
 *
 * A minor GC (a scavenge, well under a millisecond with a small young generation) every 8 MB written, all
 * uploads together, keeps that near 10 MB at the same MB/s. No Node flag is needed: a smaller young
 * generation (`--max-semi-space-size=1`) bounds it too, but makes every request dearer (+3 µs per GET,
 * +15 µs per POST, measured).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

const EVERY_BYTES = 8 * 1024 * 1024;

let written = 0;
/** The minor GC, once looked up; null where it cannot be had (then uploads just run without it). */
let minorGc: (() => void) | null | undefined;

function lookUpMinorGc(): (() => void) | null {
  try {
    // V8 installs `gc` in contexts created while --expose-gc is on; the main context keeps not having it.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as ((options: { type: "minor" }) => void) | undefined;
    return typeof gc === "function" ? () => gc({ type: "minor" }) : null;
  } catch {
    return null;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}

/** Counts bytes of uploads written to disk; every 8 MB, lets V8 free the socket buffers already written. */
export function uploadedBytes(bytes: number): void {
  written += bytes;
  if (written < EVERY_BYTES) return;
  written = 0;
  minorGc ??= lookUpMinorGc();
  minorGc?.();
}
