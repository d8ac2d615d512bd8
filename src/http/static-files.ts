/**
 * A fixed set of files served from one directory (the inspector's bundle, Swagger UI's assets): only the names
 * listed, each read once per app and kept, since they never change while it runs.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Context } from "hono";
import type { AppEnv } from "../env.js";

/** How {@link staticFiles} serves its files. */
export interface StaticFiles {
  /** The directory (a `file:` URL ending in `/`, or a path). */
  readonly dir: URL | string;
  /** Each file's name and Content-Type; any other name is a 404. */
  readonly types: Readonly<Record<string, string>>;
  readonly cacheControl: string;
  /** The 404 text when a listed file is not there (it is built by `npm run build`, say); default: rethrow. */
  readonly missing?: string;
}

/** A handler of `GET …/:file` serving the listed files of `files.dir`. */
export function staticFiles(files: StaticFiles): (c: Context<AppEnv>) => Response | Promise<Response> {
  const kept = new Map<string, Uint8Array<ArrayBuffer>>();
  const dir = typeof files.dir === "string" ? pathToFileURL(files.dir.endsWith("/") ? files.dir : `${files.dir}/`) : files.dir;
  return (c) => {
    const file = c.req.param("file") ?? "";
    const type = files.types[file];
    if (!type) return c.notFound();
    let bytes = kept.get(file);
    if (!bytes) {
      try {
        bytes = new Uint8Array(readFileSync(new URL(file, dir)));
      } catch (error) {
        if (files.missing === undefined) throw error;
        return c.text(files.missing, 404);
      }
      kept.set(file, bytes);
    }
    return c.body(bytes, 200, { "Content-Type": type, "Cache-Control": files.cacheControl });
  };
}
