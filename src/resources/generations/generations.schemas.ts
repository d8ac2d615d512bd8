/**
 * Zod schemas of the Generate API, named after the real API's components. They validate requests, type the
 * handlers and generate `openapi/openapi.json`. Field descriptions live here, not in comments.
 */
import { z } from "@hono/zod-openapi";
import { GENERATION_STATUSES } from "../../domain/job-machine.js";
import { enumListQuerySchema } from "../../http/query.js";

export const MODELS = ["lipsync-2", "lipsync-1.9.0-beta", "lipsync-2-pro", "react-1", "sync-3"] as const;

export const ModelSchema = z.enum(MODELS).openapi("Model", { description: "Name of the model to use for generation." });

const mediaUrl = z.url({ protocol: /^https?$/ }).openapi({ description: "URL of the media. Either `url` or `assetId` must be provided." });
const assetId = z.string().min(1).openapi({ description: "ID of an asset from your media library.", example: "550e8400-e29b-41d4-a716-446655440000" });
const refId = z.string().min(1).openapi({ description: "Reference identifier linking this input to segments." });

export const VideoInputSchema = z
  .looseObject({
    type: z.literal("video"),
    url: mediaUrl.nullish(),
    assetId: assetId.nullish(),
    segments_secs: z.array(z.array(z.number())).nullish().openapi({ deprecated: true }),
    segments_frames: z.array(z.array(z.number())).nullish().openapi({ deprecated: true }),
  })
  .openapi("Video", { description: "Video input. Provide either `url` or `assetId`." });

export const AudioInputSchema = z
  .looseObject({ type: z.literal("audio"), url: mediaUrl.nullish(), assetId: assetId.nullish(), refId: refId.nullish() })
  .openapi("Audio", { description: "Recorded/captured audio input. Provide either `url` or `assetId`." });

export const ImageInputSchema = z
  .looseObject({ type: z.literal("image"), url: mediaUrl.nullish(), assetId: assetId.nullish(), refId: refId.nullish() })
  .openapi("Image", { description: "Image input (model sync-3 only). Provide either `url` or `assetId`." });

export const ElevenLabsSchema = z
  .looseObject({
    name: z.literal("elevenlabs"),
    voiceId: z.string().min(1).openapi({ description: "Sync cloned-voice id or ElevenLabs voice id." }),
    script: z.string().min(1).openapi({ description: "Script to be spoken." }),
    stability: z.number().min(0).max(1).nullish(),
    similarityBoost: z.number().min(0).max(1).nullish(),
  })
  .openapi("ElevenLabs");

export const TextInputSchema = z
  .looseObject({ type: z.literal("text"), provider: ElevenLabsSchema, refId: refId.nullish() })
  .openapi("Tts", { description: "Text-to-speech input." });

export const InputSchema = z
  .discriminatedUnion("type", [VideoInputSchema, AudioInputSchema, TextInputSchema, ImageInputSchema])
  .openapi("Input", { description: "An input item for a generation." });

export const SyncModeSchema = z.enum(["bounce", "loop", "cut_off", "silence", "remap"]).openapi("SyncMode");

export const ActiveSpeakerSchema = z
  .looseObject({
    auto_detect: z.boolean().nullish(),
    frame_number: z.number().int().min(0).nullish(),
    coordinates: z.array(z.number()).nullish(),
    bounding_boxes: z.array(z.array(z.number()).nullable()).nullish(),
  })
  .openapi("ActiveSpeaker");

export const GenerationOptionsSchema = z
  .looseObject({
    sync_mode: SyncModeSchema.optional(),
    model_mode: z.enum(["lips", "face", "head"]).nullish().openapi({ description: "react-1 only." }),
    prompt: z.enum(["happy", "sad", "angry", "disgusted", "surprised", "neutral"]).nullish().openapi({ description: "react-1 only." }),
    temperature: z.number().min(0).max(1).nullish(),
    active_speaker_detection: ActiveSpeakerSchema.optional(),
    occlusion_detection_enabled: z.boolean().nullish(),
  })
  .openapi("GenerationOptions");

export const GenerationSegmentSchema = z
  .looseObject({
    startTime: z.number().min(0).openapi({ description: "Segment start time in seconds." }),
    endTime: z.number().min(0).openapi({ description: "Segment end time in seconds." }),
    audioInput: z
      .looseObject({ refId: z.string().min(1), startTime: z.number().min(0).nullish(), endTime: z.number().min(0).nullish() })
      .openapi("SegmentAudioInput"),
    optionsOverride: z.record(z.string(), z.unknown()).nullish(),
  })
  .openapi("GenerationSegment");

const webhookUrl = z
  .url({ protocol: /^https?$/ })
  .openapi({ description: "Absolute http(s) URL that receives a POST when the generation finishes." });

export const CreateGenerationDtoSchema = z
  .looseObject({
    model: ModelSchema,
    input: z.array(InputSchema).openapi({ description: "Exactly one video or image input and one or more audio/text inputs." }),
    options: GenerationOptionsSchema.optional(),
    segments: z.array(GenerationSegmentSchema).optional(),
    webhookUrl: webhookUrl.nullish(),
    outputFileName: z.string().nullish().openapi({ description: "Base name of the output file, `[A-Za-z0-9_-]{1,255}`." }),
    projectId: z.uuid().nullish(),
    dubParams: z.record(z.string(), z.unknown()).nullish(),
  })
  .openapi("CreateGenerationDto", {
    example: {
      model: "lipsync-2",
      input: [
        { type: "video", url: "https://assets.sync.so/docs/example-video.mp4" },
        { type: "audio", url: "https://assets.sync.so/docs/example-audio.wav" },
      ],
      options: { sync_mode: "cut_off" },
    },
  });

export type CreateGenerationDto = z.infer<typeof CreateGenerationDtoSchema>;
export type GenerationInputDto = z.infer<typeof InputSchema>;

export const GenerationStatusSchema = z.enum(GENERATION_STATUSES).openapi("GenerationStatus");

export const GenerationSchema = z
  .object({
    id: z.uuid().openapi({ example: "6533643b-aceb-4c40-967e-d9ba9baac39e" }),
    createdAt: z.iso.datetime().openapi({ example: "2026-01-22T09:46:10.602Z" }),
    status: GenerationStatusSchema,
    model: ModelSchema,
    input: z.array(InputSchema).openapi({ description: "The inputs as sent; uploads appear with `assetId`." }),
    options: z.record(z.string(), z.unknown()).nullable().openapi({ description: "The options as sent (GenerationOptions)." }),
    segments: z.array(GenerationSegmentSchema).nullable(),
    webhookUrl: z.string().nullable(),
    outputUrl: z.string().nullable().openapi({ description: "Public URL of the output MP4 once COMPLETED." }),
    outputDuration: z.number().nullable().openapi({ description: "Output length in seconds once COMPLETED." }),
    segmentOutputUrl: z.string().nullable(),
    outputFileName: z.string().nullable(),
    projectId: z.string().nullable(),
    error: z.string().nullable().openapi({ description: "Human-readable reason when FAILED or REJECTED." }),
    error_code: z.string().nullable().openapi({ description: "Machine-readable reason (snake_case spelling)." }),
    errorCode: z.string().nullable().openapi({ description: "Machine-readable reason (camelCase spelling)." }),
    progress_percent: z.number().int().min(0).max(100).optional().openapi({ description: "Only with `include=progress`." }),
  })
  .openapi("Generation");

export type GenerationJson = z.infer<typeof GenerationSchema>;

export const GenerationIdParamSchema = z.object({
  // Checked by the handler, which answers a non-UUID with 400 invalid_generation_id rather than zod's generic 400.
  id: z.string().openapi({ param: { name: "id", in: "path" }, format: "uuid", example: "6533643b-aceb-4c40-967e-d9ba9baac39e" }),
});

export const GetGenerationQuerySchema = z.object({
  wait: z.enum(["true", "false"]).optional().openapi({ description: "Long-poll until terminal or `timeout`." }),
  timeout: z.coerce.number().min(1).max(10).optional().openapi({ description: "Seconds to wait, 1-10 (default 5)." }),
  include: z.string().optional().openapi({ description: "Comma-separated extras; `progress` adds `progress_percent`." }),
});

const listParam = (description: string) =>
  z.union([z.string(), z.array(z.string())]).optional().openapi({ description });

export const ListGenerationsQuerySchema = z.object({
  status: enumListQuerySchema(GENERATION_STATUSES, "Statuses to keep: comma-separated, repeated, or a JSON array."),
  ids: listParam("Generation ids to keep: comma-separated, repeated, or a JSON array."),
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({ description: "Page size; without it every match is returned." }),
  cursor: z.string().optional().openapi({ description: "Id of the last generation of the previous page (needs `limit`)." }),
});

export const EstimatedGenerationCostSchema = z
  .object({ estimatedFrameCount: z.number(), estimatedGenerationCost: z.number().openapi({ description: "USD" }) })
  .openapi("EstimatedGenerationCost");

export const EstimateCostRequestSchema = z
  .looseObject({
    model: ModelSchema,
    duration: z.number().positive().max(86_400).openapi({ description: "Output seconds." }),
    fps: z.number().positive().max(240).nullish().openapi({ description: "Frames per second (default 30)." }),
    reasoningEnabled: z.boolean().nullish(),
  })
  .openapi("EstimateCostRequest");

export const EstimateCostResponseSchema = z
  .object({
    estimatedFrameCount: z.number(),
    estimatedGenerationCost: z.number().openapi({ description: "USD" }),
    estimatedCredits: z.number().nullable(),
  })
  .openapi("EstimateCostResponse");
