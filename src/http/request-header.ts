/**
 * Reading request headers cheaply. Under Node, `c.req.header()` makes @hono/node-server build a whole web
 * `Headers` object from the raw headers on first use; Node's own parsed headers cost far less. Measured on
 * `GET /v2/generate/{id}`, the web `Headers` of the request and of the response were a fifth of its CPU.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env.js";

/** The value of a request header (`name` in lower case), or `undefined`. */
export function requestHeader(c: Context<AppEnv>, name: string): string | undefined {
  const incoming = c.env?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}
