/** Setup file of the "redis" test project: every mock the tests start keeps its state in the run's Redis. */
import { inject } from "vitest";

process.env["SYNC_MOCK_STORE"] = inject("redisUrl");
