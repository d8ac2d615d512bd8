import { describe, expect, it } from "vitest";
import { uploadedBytes } from "./upload-gc.js";

describe("uploadedBytes", () => {
  it("runs its minor GCs without a Node flag and leaves the main context without a global gc", () => {
    const hadGc = "gc" in globalThis;
    // 20 MB counted: two collections on the way.
    for (let i = 0; i < 20; i++) uploadedBytes(1024 * 1024);
    expect("gc" in globalThis).toBe(hadGc);
  });
});
