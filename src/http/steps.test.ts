import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../env.js";
import { asMiddleware, runSteps, stepOf, steps, type Step } from "./steps.js";

describe("steps", () => {
  it("run in order and give back the last one's answer as it is", () => {
    const order: string[] = [];
    const outer: Step = (_c, next) => (order.push("outer"), next());
    const handler: Step = () => (order.push("handler"), new Response("done"));
    const answer = runSteps([outer, handler], {} as never, () => {
      throw new Error("not reached: the handler answers");
    });
    expect(answer).toBeInstanceOf(Response);
    expect(order).toEqual(["outer", "handler"]);
  });

  it("call the final next() when the last step passes on", async () => {
    const passOn: Step = (_c, next) => next();
    const answer = runSteps([passOn, passOn], {} as never, () => new Response("from next"));
    expect(await (answer as Response).text()).toBe("from next");
  });

  it("keep their step behind the middleware made of them", () => {
    const step: Step = (_c, next) => next();
    expect(stepOf(asMiddleware(step))).toBe(step);
    expect(stepOf(steps(step))).toEqual(expect.any(Function));
    expect(stepOf(() => undefined)).toBeUndefined();
    expect(stepOf("not a function")).toBeUndefined();
  });

  it("work as Hono middleware around an ordinary handler", async () => {
    const app = new Hono<AppEnv>();
    const seen: number[] = [];
    app.use(asMiddleware((_c, next) => Promise.resolve(next()).then((response) => (seen.push(response.status), response))));
    app.get("/", (c) => c.text("plain", 202));
    const response = await app.request("/");
    expect(response.status).toBe(202);
    expect(seen).toEqual([202]);
  });
});
