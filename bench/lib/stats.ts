/**
 * Small numeric helpers: medians of repeated runs and how figures are printed in the report.
 */

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median of one field over several results. */
export function medianOf<T>(results: readonly T[], pick: (r: T) => number): number {
  return median(results.map(pick));
}

/** `12,345` */
export function int(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** `1.23` / `12.3` / `123`: three significant figures at most, for ratios and milliseconds. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return int(n);
  return n.toPrecision(3).replace(/\.?0+$/, "");
}

/** `12.3 MB` (MiB, as /proc reports kB = KiB). */
export function mb(bytes: number): string {
  return `${num(bytes / (1024 * 1024))} MB`;
}
