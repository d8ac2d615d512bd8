import { defineConfig } from "vitest/config";

// Tests of the command line, the package, the documents and the benchmarks: about the mock as a program, not
// its store, so they run once (in the memory project). The state log (--data-dir) is the memory store's only.
const STORE_INDEPENDENT = [
  "test/architecture.test.ts",
  "test/bench-smoke.test.ts",
  "test/catalogue.test.ts",
  "test/cli.test.ts",
  "test/docker.test.ts",
  "test/docs-browser.test.ts",
  "test/inspector-browser.test.ts",
  "test/record-drift.test.ts",
  "test/openapi.test.ts",
  "test/package.test.ts",
  "test/persistence.test.ts",
  "test/readme.test.ts",
  "test/readme-commands.test.ts",
  "test/scenario-files.test.ts",
  // Containers of the built image, whose store is its default (memory).
  "test/testcontainers.test.ts",
  "test/testcontainers-vitest.test.ts",
  "test/cluster/**",
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // HTTP tests start real servers; two workers match the machine's two cores.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: "memory", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
      },
      {
        // The same HTTP suite with every mock keeping its state in a real redis-server (one switch: the
        // SYNC_MOCK_STORE the setup file sets, which startSyncMock and the child processes read).
        extends: true,
        test: {
          name: "redis",
          include: ["test/**/*.test.ts"],
          exclude: STORE_INDEPENDENT,
          globalSetup: ["test/setup/redis-server.ts"],
          setupFiles: ["test/setup/redis-store.ts"],
        },
      },
    ],
  },
});
