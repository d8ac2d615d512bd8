/**
 * Schemas of the admin plane (`/__mock`), documented in `/__mock/openapi.json`.
 */
import { z } from "@hono/zod-openapi";

export const AdminHealthSchema = z
  .object({
    status: z.literal("ok"),
    version: z.string(),
    uptimeSeconds: z.number(),
    clock: z.enum(["real", "manual"]),
    scenario: z.string(),
    tenants: z.number().int(),
  })
  .openapi("AdminHealth");

export const ResetResultSchema = z
  .object({ scope: z.enum(["tenant", "all"]), tenantsRemoved: z.number().int() })
  .openapi("ResetResult");

export const ClockStateSchema = z
  .object({
    mode: z.enum(["real", "manual"]),
    now: z.iso.datetime().openapi({ description: "The time of the tenant of `x-api-key`, or of tenants without their own shift." }),
    globalShiftMs: z.number().openapi({ description: "How far every tenant's clock has been advanced." }),
    tenant: z
      .object({ apiKey: z.string(), shiftMs: z.number().openapi({ description: "How far this tenant alone has been advanced." }) })
      .optional(),
  })
  .openapi("ClockState");

export const AdvanceClockSchema = z
  .strictObject({
    ms: z.number().min(0).optional().openapi({ description: "Milliseconds to move forward." }),
    to: z.iso.datetime({ offset: true }).optional().openapi({ description: "Time to move to (needs x-api-key)." }),
  })
  .refine((b) => (b.ms === undefined) !== (b.to === undefined), { message: "give exactly one of ms or to" })
  .openapi("AdvanceClock");

export const AdminErrorSchema = z
  .object({ statusCode: z.number().int(), message: z.union([z.string(), z.array(z.string())]), error: z.string().optional() })
  .openapi("AdminError");
