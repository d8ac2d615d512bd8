/**
 * The package's root directory (package.json, scenarios/, assets/), as a URL. This file sits at the top of
 * src/, so the path is the same from src/ (tsx), from dist/ (tsc) and from the bundled dist/cli.js, in which
 * every module's `import.meta.url` is the bundle's (see scripts/bundle-cli.mjs).
 */
export const PACKAGE_ROOT_URL = new URL("../", import.meta.url);
