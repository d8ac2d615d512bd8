/** Small formatting helpers shared by the views. */

/** An ISO time as the page shows it: the time of day with milliseconds (the date when it is not today's). */
export function clockTime(iso: string | null): string {
  if (!iso) return "—";
  const date = new Date(iso);
  const time = date.toISOString().slice(11, 23);
  return date.toDateString() === new Date().toDateString() ? time : `${date.toISOString().slice(0, 10)} ${time}`;
}

/** The time from `from` to `to` as "+1.25 s" (or "on poll" when it has no time). */
export function offset(from: string, to: string | null): string {
  if (to === null) return "on poll";
  const ms = Date.parse(to) - Date.parse(from);
  return ms < 60_000 ? `+${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 2)} s` : `+${(ms / 60_000).toFixed(1)} min`;
}

/** A value as pretty JSON (text that is JSON is parsed first). */
export function pretty(value: unknown): string {
  if (typeof value === "string") {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2) ?? "null";
}

/** A long id cut for a table cell (the whole one is in its title). */
export const shortId = (id: string) => (id.length > 13 ? `${id.slice(0, 8)}…` : id);

/** The CSS class of an HTTP status or a job status. */
export function statusClass(status: number | string): string {
  if (typeof status === "number") return status >= 500 ? "bad" : status >= 400 ? "warn" : "good";
  if (status === "COMPLETED" || status === "delivered") return "good";
  if (status === "FAILED" || status === "REJECTED" || status === "failed" || status === "dropped") return "bad";
  return "busy";
}
