/**
 * Cost estimates. Sync bills per output frame at per-second list rates quoted for 25 fps (facts §2.5), so an
 * estimate is `ceil(seconds × fps)` frames at `rate / 25` dollars each.
 */

/** List price in USD per second of output at 25 fps, per model (the top of each published range). */
export const USD_PER_SECOND: Readonly<Record<string, number>> = {
  "lipsync-1.9.0-beta": 0.025,
  "lipsync-2": 0.05,
  "lipsync-2-pro": 0.083,
  "sync-3": 0.133,
  // Deviation: react-1's price is not published; the mock bills it like lipsync-2-pro.
  "react-1": 0.083,
};

/** Frames per second the prices are quoted at. */
export const PRICE_FPS = 25;

/** An estimate as the API reports it. */
export interface CostEstimate {
  readonly estimatedFrameCount: number;
  readonly estimatedGenerationCost: number;
}

/** Estimates frames and dollars for `seconds` of output at `fps`. */
export function estimateCost(model: string, seconds: number, fps: number): CostEstimate {
  const frames = Math.ceil(seconds * fps);
  const rate = USD_PER_SECOND[model] ?? USD_PER_SECOND["lipsync-2"]!;
  return { estimatedFrameCount: frames, estimatedGenerationCost: Math.round(((frames * rate) / PRICE_FPS) * 1e6) / 1e6 };
}
