// Part of `npm run build`, after tsc: bundles the command (dist/cli.js and everything it imports, dependencies
// included) into that one file, in place. Start-up was mostly module loading: about 300 files found, read,
// compiled and linked one by one took ~100 ms of a 300 ms start; one file saves most of it. The library
// entry points (dist/app.js, dist/testing/) stay tsc's separate modules.
//
// Kept out of the bundle: pino-pretty (required only on a terminal, see src/logger.ts) and swagger-ui-dist
// (its files are read at run time). Both are dependencies, so they are in node_modules wherever the command is.
import { dirname, sep } from "node:path";
import { build } from "esbuild";

// zod's `z` is a namespace object, so bundling any use of it keeps every export of it, `z.locales` among them:
// error messages in dozens of languages, 358 KB of the bundle's 1.6 MB, which every start compiled. zod itself uses
// English only (classic/schemas.js imports locales/en.js directly), and so do we; the namespace keeps `en`.
const englishZodLocales = {
  name: "english-zod-locales",
  setup(bundler) {
    bundler.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${sep}node_modules${sep}zod${sep}`) ? { path: args.importer, namespace: "zod-locales" } : undefined,
    );
    bundler.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: 'export { default as en } from "../locales/en.js";',
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

await build({
  entryPoints: ["dist/cli.js"],
  outfile: "dist/cli.js",
  allowOverwrite: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  plugins: [englishZodLocales],
  // CommonJS dependencies (pino, busboy) call require() for Node's modules; an ES module has no require.
  banner: { js: 'import { createRequire as __syncMockCreateRequire } from "node:module"; const require = __syncMockCreateRequire(import.meta.url);' },
});
