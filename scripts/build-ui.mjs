// Part of `npm run build`: bundles the inspector page (ui/src, Preact + TSX) into dist/ui/, the only place its
// output goes. Everything the page needs ships in those files, so it works with no network (no CDN).
import { copyFileSync, mkdirSync } from "node:fs";
import { build } from "esbuild";

mkdirSync("dist/ui", { recursive: true });
await build({
  entryPoints: ["ui/src/main.tsx"],
  outfile: "dist/ui/inspector.js",
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["chrome111", "firefox111", "safari16.4"],
  jsx: "automatic",
  jsxImportSource: "preact",
  minify: true,
  sourcemap: true,
  legalComments: "linked",
  logLevel: "warning",
});
copyFileSync("ui/src/inspector.css", "dist/ui/inspector.css");
