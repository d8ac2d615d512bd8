/**
 * What every request goes through first, as ONE step (`steps.ts`): its id (`request-id.ts`), the services on
 * the context, and once it is answered, its log line (`request-log.ts`) and, for the API, its journal entry
 * (`journal.ts`).
 *
 * Run as Hono middleware (`app.use`) for every route, and fused with a route's own steps by the app's router,
 * where it also answers the errors they throw (as `onError` would), so that their status is logged.
 */
import { performance } from "node:perf_hooks";
import type { Context } from "hono";
import type { AppDeps } from "../../services.js";
import type { AppEnv } from "../../env.js";
import { answerError } from "../error-answer.js";
import type { Answer, Step } from "../steps.js";
import { answerTextOf } from "./answer-text.js";
import { isJournalled, journalRequest } from "./journal.js";
import { assignRequestId } from "./request-id.js";
import { logRequest } from "./request-log.js";

/** `next()`'s answer, with whatever it throws or rejects with made into an error answer. */
function settled(c: Context<AppEnv>, next: () => Answer): Answer {
  let answer: Answer;
  try {
    answer = next();
  } catch (error) {
    return answerError(error, c);
  }
  return answer instanceof Promise ? answer.catch((error: unknown) => answerError(error, c)) : answer;
}

/** The request id, `deps` on the context, the request log and the journal. */
export function requestScope(deps: AppDeps): Step {
  const newId = () => deps.ids.uuid();
  return function requestScope(c, next) {
    assignRequestId(c, newId);
    c.set("deps", deps);
    const logged = deps.logger.isLevelEnabled("info");
    const journalled = isJournalled(c.req.path);
    if (!logged && !journalled) return settled(c, next);
    // Duration is real time by nature: it measures the server, not the simulated clock.
    const started = performance.now();
    const finish = (response: Response): Response => {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      if (logged) logRequest(c, deps.logger, response.status, ms);
      if (journalled) journalRequest(c, response.status, ms, answerTextOf(response));
      return response;
    };
    const answer = settled(c, next);
    return answer instanceof Promise ? answer.then(finish) : finish(answer);
  };
}
