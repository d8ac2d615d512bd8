/**
 * Start-up: from just before `spawn` to the first 200, sync-mock vs Prism (vs bare Hono for reference).
 * The servers are started in turn, round after round, so a slow moment of the machine hits all of them.
 */
import type { BenchCase, CaseResult } from "../lib/case.js";
import type { ServerProcess } from "../lib/process.js";
import { startBareHono, startPrism, startSyncMock } from "../lib/servers.js";
import { median, num } from "../lib/stats.js";

const GOAL_RATIO = 4;
const GOAL_MS = 250;

async function timeOne(start: () => Promise<ServerProcess>): Promise<number> {
  const server = await start();
  await server.stop();
  return server.readyMs;
}

export const startupCase: BenchCase = {
  id: "startup",
  title: "Start-up",
  async run(settings, log): Promise<CaseResult> {
    const ours: number[] = [];
    const prism: number[] = [];
    const hono: number[] = [];
    for (let i = 0; i < settings.startupRuns; i++) {
      ours.push(await timeOne(() => startSyncMock()));
      prism.push(await timeOne(startPrism));
      hono.push(await timeOne(startBareHono));
      log(`start-up ${i + 1}/${settings.startupRuns}: sync-mock ${num(ours[i]!)} ms, Prism ${num(prism[i]!)} ms, bare Hono ${num(hono[i]!)} ms`);
    }
    const [o, p, h] = [median(ours), median(prism), median(hono)];
    const ratio = p / o;
    return {
      rows: [
        {
          measure: "Start-up: spawn → first 200 (ms)",
          ours: num(o),
          prism: num(p),
          bareHono: num(h),
          ratio: `${num(ratio)}× faster than Prism`,
          goal: `≥ ${GOAL_RATIO}× faster than Prism, < ${GOAL_MS} ms`,
          met: ratio >= GOAL_RATIO && o < GOAL_MS,
        },
      ],
      notes: [
        `Median of ${settings.startupRuns} start-ups each, taken in turn. Time from just before \`spawn\` of \`node …\` to the first 200, polled every 2 ms on a new connection.`,
        "sync-mock and bare Hono are probed on `GET /health`. `/health` is not in the Sync API document, so Prism answers it 404; Prism is probed on `GET /v2/models` (with a key), its first 200 from the document.",
      ],
    };
  },
};
