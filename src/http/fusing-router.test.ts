import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../env.js";
import { FusingRouter } from "./fusing-router.js";
import { asMiddleware, steps, type Step } from "./steps.js";

/** An app whose every request passes a step that records the answer's status. */
function appWithScope() {
  const statuses: number[] = [];
  const app = new Hono<AppEnv>({ router: new FusingRouter() });
  const scope: Step = (_c, next) => {
    const answer = next();
    const seen = (response: Response) => (statuses.push(response.status), response);
    return answer instanceof Promise ? answer.then(seen) : seen(answer);
  };
  app.use(asMiddleware(scope));
  return { app, statuses };
}

describe("FusingRouter", () => {
  it("runs a request whose handlers are all steps as one handler, answering in the same call", async () => {
    const { app, statuses } = appWithScope();
    app.get("/items/:id", steps((c) => c.json({ id: c.req.param("id") })));
    const answer = app.fetch(new Request("http://localhost/items/42"));
    expect(answer).toBeInstanceOf(Response);
    expect(await (answer as Response).json()).toEqual({ id: "42" });
    expect(statuses).toEqual([200]);
  });

  it("leaves a request with any other handler to Hono's compose, as before", async () => {
    const { app, statuses } = appWithScope();
    app.get("/plain/:id", (c) => c.text(`plain ${c.req.param("id")}`));
    const answer = app.fetch(new Request("http://localhost/plain/7"));
    expect(answer).toBeInstanceOf(Promise);
    expect(await (await answer).text()).toBe("plain 7");
    expect(statuses).toEqual([200]);
  });

  it("gives a fused chain that throws to the app's error handler", async () => {
    const { app } = appWithScope();
    app.get("/broken", steps(() => {
      throw new Error("boom");
    }));
    app.onError((error, c) => c.text(`handled ${error.message}`, 500));
    const response = await app.fetch(new Request("http://localhost/broken"));
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("handled boom");
  });

  it("still answers unknown paths with the not-found handler", async () => {
    const { app, statuses } = appWithScope();
    app.get("/known", steps((c) => c.text("known")));
    app.notFound((c) => c.text("nothing here", 404));
    const response = await app.fetch(new Request("http://localhost/unknown"));
    expect(response.status).toBe(404);
    expect(statuses).toEqual([404]);
  });

  it("fuses the same route the same way on every request", async () => {
    const { app } = appWithScope();
    app.get("/items/:id", steps((c) => c.text(c.req.param("id") ?? "")));
    for (const id of ["a", "b", "c"]) expect(await (app.fetch(new Request(`http://localhost/items/${id}`)) as Response).text()).toBe(id);
  });
});
