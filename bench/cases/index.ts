/**
 * Every benchmark case, in the order they run and appear in the report.
 */
import type { BenchCase } from "../lib/case.js";
import { batchAdvanceCase, batchValidateCase } from "./batch.js";
import { eventsCase } from "./events.js";
import { redisCase } from "./redis.js";
import { scaleCase } from "./scale.js";
import { startupCase } from "./startup.js";
import { throughputCase } from "./throughput.js";
import { uploadCase } from "./upload.js";

export const CASES: readonly BenchCase[] = [startupCase, throughputCase, scaleCase, uploadCase, batchValidateCase, batchAdvanceCase, redisCase, eventsCase];
