// Builds the widget into dist/: widget.css (GOV.UK Frontend and the widget's own styles,
// made for a shadow root) and widget.js. `make widget` runs it after `npm ci`.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const ROOT_FONT_SIZE = 16;

const compiled = await sass.compileAsync(join(here, "src", "widget.scss"), {
  loadPaths: [join(here, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});

// Inside a shadow root `:root` matches nothing: the custom properties go on the host. And rem
// follows the host page's root font size, which a page may have changed (62.5% is common):
// sizes in px keep the widget as designed, and still grow with the browser's zoom.
// The custom properties are !important there: a page's rule for the host element would
// otherwise win over `:host` and could recolour the widget.
const css = compiled.css
  .replace(/^\uFEFF/, "")
  .replace(/:root\b/g, ":host")
  .replace(/:host\{(--[^}]*)\}/g, (_, body) =>
    `:host{${body.split(";").filter(Boolean).map((d) => `${d} !important`).join(";")}}`)
  .replace(/(-?\d*\.?\d+)rem\b/g, (_, n) => `${+(parseFloat(n) * ROOT_FONT_SIZE).toFixed(4)}px`);

const version = JSON.parse(await readFile(join(here, "package.json"), "utf8")).version;
const js = (await readFile(join(here, "src", "widget.js"), "utf8")).replace(
  "__WIDGET_VERSION__",
  version,
);

await mkdir(dist, { recursive: true });
await writeFile(join(dist, "widget.css"), css);
await writeFile(join(dist, "widget.js"), js);
console.log(`built dist/widget.css (${css.length} bytes) and dist/widget.js (${js.length} bytes)`);
