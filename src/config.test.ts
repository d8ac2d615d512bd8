import { describe, expect, it } from "vitest";
import { ConfigError, helpText, parseCli, SETTINGS } from "./config.js";

describe("parseCli", () => {
  it("has defaults for everything", () => {
    expect(parseCli([], {}).config).toEqual({
      port: 8080,
      host: "0.0.0.0",
      clock: "real",
      webhookSecret: "whsec_sync_mock_test_secret",
      logLevel: "info",
      store: "memory",
      storePrefix: "sync-mock:",
    });
  });

  it("takes a Redis store from SYNC_MOCK_STORE and refuses it with --data-dir", () => {
    expect(parseCli([], { SYNC_MOCK_STORE: "redis://redis:6379/0" }).config.store).toBe("redis://redis:6379/0");
    expect(() => parseCli(["--store", "redis://redis:6379/0", "--data-dir", "/tmp/x"], {})).toThrow(/cannot be used with a Redis --store/);
    expect(() => parseCli(["--store", "postgres://db"], {})).toThrow(/--store \/ SYNC_MOCK_STORE .*expected memory or a redis:\/\/ URL/);
  });

  it("reads environment variables", () => {
    const { config } = parseCli([], { PORT: "9000", SYNC_MOCK_CLOCK: "manual", SYNC_MOCK_PUBLIC_URL: "http://mock:9000/" });
    expect(config).toMatchObject({ port: 9000, clock: "manual", publicUrl: "http://mock:9000" });
  });

  it("lets flags win over the environment", () => {
    expect(parseCli(["--port", "7000", "--clock=manual"], { PORT: "9000", SYNC_MOCK_CLOCK: "real" }).config).toMatchObject({ port: 7000, clock: "manual" });
  });

  it.each([
    [["--port", "70000"], /--port \/ PORT/],
    [["--port", "abc"], /--port/],
    [["--clock", "fast"], /--clock \/ SYNC_MOCK_CLOCK/],
    [["--public-url", "not a url"], /--public-url/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--port"], /--port/],
  ])("refuses %j with one clear line", (argv, message) => {
    try {
      parseCli(argv, {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toMatch(message);
      expect((e as Error).message).not.toContain("\n");
    }
  });

  it("recognises --help and --version", () => {
    expect(parseCli(["--help"], {}).help).toBe(true);
    expect(parseCli(["-v"], {}).version).toBe(true);
  });

  it("lists every flag and environment variable in the help", () => {
    const help = helpText("1.2.3");
    for (const s of SETTINGS) {
      expect(help).toContain(`--${s.flag}`);
      expect(help).toContain(s.env);
    }
  });
});
