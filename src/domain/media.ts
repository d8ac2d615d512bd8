/**
 * The media catalogue: what the mock pretends to know about an input file it never downloads. Scenarios
 * describe media by URL pattern; anything not described is a healthy 10-second, 25 fps clip.
 */
import { globMatch } from "./glob.js";

/** What a media file is like, as far as the lifecycle cares. */
export interface MediaInfo {
  readonly durationSeconds: number;
  readonly fps: number;
  /** False: fetching it fails (the generation FAILS with `generation_input_<type>_inaccessible`). */
  readonly reachable: boolean;
  /** False: it cannot be decoded (the generation FAILS with `generation_input_<type>_invalid`). */
  readonly valid: boolean;
}

/** One catalogue entry: media whose URL matches `match` has these properties. */
export interface MediaRule extends Partial<MediaInfo> {
  readonly match: string;
}

/** Unknown media: 10 s at 25 fps, reachable and valid (contract §5). */
export const DEFAULT_MEDIA: MediaInfo = { durationSeconds: 10, fps: 25, reachable: true, valid: true };

/** Looks a URL up in the catalogue: the first matching rule wins, and fills in over the defaults. */
export function describeMedia(url: string, rules: readonly MediaRule[], defaults: MediaInfo = DEFAULT_MEDIA): MediaInfo {
  const rule = rules.find((r) => globMatch(r.match, url));
  if (!rule) return defaults;
  const { match: _match, ...info } = rule;
  return { ...defaults, ...stripUndefined(info) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Characters per second of speech assumed for a text-to-speech script (contract §10a). */
export const TTS_CHARS_PER_SECOND = 15;

/** How long a text-to-speech script runs, in seconds. */
export function scriptSeconds(script: string): number {
  return script.length / TTS_CHARS_PER_SECOND;
}
