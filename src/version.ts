/**
 * The package version, read once from package.json (present in the repo, the npm package and the image).
 */
import { readFileSync } from "node:fs";

/** sync-mock's version. */
export const VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
