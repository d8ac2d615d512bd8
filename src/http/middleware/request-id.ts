/**
 * The request id: `X-Request-Id` from the client when it is a sane token, a new UUID otherwise; kept on the
 * context (error bodies and logs quote it) and sent back in the `X-Request-Id` response header.
 *
 * The same contract as `hono/request-id`, written out because that middleware reads the header through
 * `c.req.header()` and sets it with `c.header()`, and under Node both build web `Headers` objects: 7 µs of the
 * 37 µs of CPU a `GET /v2/generate/{id}` took. Here the header is read from Node's parsed headers and set on
 * Node's response, which merges it into whatever the handler answers. Run by {@link requestScope}.
 */
import type { Context } from "hono";
import type { AppEnv } from "../../env.js";
import { requestHeader } from "../request-header.js";

const HEADER = "X-Request-Id";
const MAX_LENGTH = 255;
const UNSAFE = /[^\w\-=]/;

/** Sets `requestId` on the context and `X-Request-Id` on the response; `generator` makes a new id. */
export function assignRequestId(c: Context<AppEnv>, generator: () => string): void {
  const given = requestHeader(c, "x-request-id");
  const id = given && given.length <= MAX_LENGTH && !UNSAFE.test(given) ? given : generator();
  c.set("requestId", id);
  const outgoing = c.env?.outgoing;
  if (outgoing && "setHeader" in outgoing) outgoing.setHeader(HEADER, id);
  else c.header(HEADER, id);
}
