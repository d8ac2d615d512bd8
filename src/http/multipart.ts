/**
 * Streaming multipart/form-data with busboy. Files go straight to disk (or, for small ones the caller asks
 * for, to memory) while they arrive; a file over its limit stops the upload at once with a 413, and whatever
 * was written is removed. Nothing here ever holds a whole upload in memory.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import type { Context } from "hono";
import type { AppEnv } from "../env.js";
import { apiError, ApiError } from "./errors.js";
import { uploadedBytes } from "./upload-gc.js";

/** A text part. */
export interface FormField {
  readonly name: string;
  readonly value: string;
}

/** A file part, saved to disk or kept in memory. */
export interface UploadedFile {
  readonly field: string;
  readonly filename: string;
  readonly mimeType: string;
  readonly size: number;
  /** Where it was saved (disk files). */
  readonly path?: string;
  /** Its bytes (memory files). */
  readonly data?: Buffer;
}

/** A parsed form, parts in arrival order. */
export interface MultipartForm {
  readonly fields: readonly FormField[];
  readonly files: readonly UploadedFile[];
}

/** How to treat file parts. */
export interface MultipartOptions {
  /** Directory for disk files. */
  readonly dir: string;
  /** Largest file accepted; over it the upload fails. */
  readonly maxFileBytes: number;
  /** Builds the error for a file over the limit (default: 413 naming the part and the limit). */
  readonly tooLarge?: (field: string, limit: number) => ApiError;
  /** File parts to keep in memory instead of on disk. */
  readonly inMemory?: ReadonlySet<string>;
  readonly maxFiles?: number;
  readonly maxFields?: number;
  readonly maxFieldBytes?: number;
  /** Names a uniquely named file on disk. */
  readonly newFileName: () => string;
}

/** Whether a Content-Type is multipart/form-data. */
export function isMultipart(contentType: string | undefined): boolean {
  return !!contentType && /^multipart\/form-data\s*(;|$)/i.test(contentType.trim());
}

/** Human-readable byte sizes for messages ("20 MB"). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

/** The request body as a Node stream, without buffering it. */
export function bodyStream(c: Context<AppEnv>): Readable {
  const incoming = c.env?.incoming;
  if (incoming) return incoming;
  const body = c.req.raw.body;
  return body ? Readable.fromWeb(body as import("node:stream/web").ReadableStream) : Readable.from([]);
}

/** Removes files an aborted or rejected request left behind. */
export async function discardFiles(files: readonly UploadedFile[]): Promise<void> {
  await Promise.all(files.map((f) => (f.path ? rm(f.path, { force: true }) : undefined)));
}

/** Reads a multipart body. Rejects with an {@link ApiError} (400 or 413) and leaves no files behind on failure. */
export function readMultipart(c: Context<AppEnv>, options: MultipartOptions): Promise<MultipartForm> {
  const contentType = c.req.header("content-type") ?? "";
  const source = bodyStream(c);
  const tooLarge =
    options.tooLarge ??
    ((field: string, limit: number) => apiError("upload_too_large", `File "${field}" is larger than the ${formatBytes(limit)} upload limit`));

  return new Promise<MultipartForm>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { "content-type": contentType },
        limits: {
          fileSize: options.maxFileBytes,
          files: options.maxFiles ?? 4,
          fields: options.maxFields ?? 32,
          fieldSize: options.maxFieldBytes ?? 1024 * 1024,
          parts: (options.maxFiles ?? 4) + (options.maxFields ?? 32),
        },
      });
    } catch (e) {
      source.resume();
      reject(apiError("bad_multipart", `Invalid multipart body: ${(e as Error).message}`));
      return;
    }

    const fields: FormField[] = [];
    // Files finish writing in any order; each keeps its place of arrival.
    const files: Array<UploadedFile & { seq: number }> = [];
    let fileSeq = 0;
    const written: string[] = [];
    const pending: Promise<void>[] = [];
    // Files being written, and a promise per file that settles once it is closed. A client that hangs up
    // mid-file leaves its part unfinished forever: on failure the writes are closed, then the files removed.
    const writing = new Set<WriteStream>();
    const closed: Promise<void>[] = [];
    let failed = false;

    const fail = (error: ApiError) => {
      if (failed) return;
      failed = true;
      source.unpipe(parser);
      source.resume();
      for (const out of writing) out.destroy();
      void Promise.all(closed).then(() => Promise.all(written.map((path) => rm(path, { force: true }))));
      reject(error);
    };

    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) return fail(apiError("bad_multipart", `Field "${name}" is too large`));
      fields.push({ name, value });
    });

    parser.on("file", (field, stream, info) => {
      if (failed) {
        stream.resume();
        return;
      }
      stream.on("limit", () => fail(tooLarge(field, options.maxFileBytes)));
      const base = { field, filename: info.filename ?? "", mimeType: info.mimeType || "application/octet-stream", seq: fileSeq++ };
      if (options.inMemory?.has(field)) {
        const chunks: Buffer[] = [];
        let size = 0;
        pending.push(
          new Promise<void>((done) => {
            stream.on("data", (chunk: Buffer) => {
              size += chunk.length;
              if (!failed) chunks.push(chunk);
            });
            stream.on("end", () => {
              if (!failed && !stream.truncated) files.push({ ...base, size, data: Buffer.concat(chunks) });
              done();
            });
            stream.on("error", (e) => {
              fail(apiError("bad_multipart", `Invalid multipart body: ${e.message}`));
              done();
            });
          }),
        );
        return;
      }
      const path = join(options.dir, options.newFileName());
      written.push(path);
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        uploadedBytes(chunk.length);
      });
      const out = createWriteStream(path);
      writing.add(out);
      closed.push(new Promise<void>((resolve) => out.once("close", () => resolve())));
      out.once("close", () => writing.delete(out));
      pending.push(
        pipeline(stream, out).then(
          () => {
            if (!failed && !stream.truncated) files.push({ ...base, size, path });
          },
          (e: Error) => fail(apiError("bad_multipart", `Invalid multipart body: ${e.message}`)),
        ),
      );
    });

    const tooMany = (what: string) => () => fail(apiError("bad_multipart", `Too many ${what} in the multipart body`));
    parser.on("filesLimit", tooMany("files"));
    parser.on("fieldsLimit", tooMany("fields"));
    parser.on("partsLimit", tooMany("parts"));
    parser.on("error", (e: Error) => fail(apiError("bad_multipart", `Invalid multipart body: ${e.message}`)));
    parser.on("close", () => {
      void Promise.all(pending).then(() => {
        if (failed) return;
        const ordered = files.sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...file }) => file);
        c.set("journalBody", { fields, files: ordered.map((f) => ({ field: f.field, filename: f.filename, mimeType: f.mimeType, size: f.size })) });
        resolve({ fields, files: ordered });
      });
    });
    source.on("error", (e: Error) => fail(apiError("bad_multipart", `Upload interrupted: ${e.message}`)));
    source.on("aborted", () => fail(apiError("bad_multipart", "Upload interrupted by the client")));
    source.pipe(parser);
  });
}
