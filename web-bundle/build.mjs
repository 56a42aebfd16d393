// Bundles src/*.js into ../engine/http/web/static/bundle/ with esbuild, the same bytes
// from the same package-lock.json (tests/test_web_bundle.py rebuilds and compares).
import { build } from "esbuild";
import { rmSync, writeFileSync } from "node:fs";

// Libraries only other kinds of diagram use (maths in labels, the ELK and cytoscape
// layouts of mind maps and architecture diagrams): a process flowchart never loads
// them, and leaving them out keeps 2 MB out of the repository and the wheel.
const UNUSED = /^(katex|elkjs(\/.*)?|cytoscape(-cose-bilkent|-fcose)?)$/;
const leaveOut = {
  name: "leave-out-unused-diagram-libraries",
  setup(build) {
    build.onResolve({ filter: UNUSED }, (args) => ({ path: args.path, namespace: "unused" }));
    // Importing the stand-in is harmless; using it says what is missing.
    build.onLoad({ filter: /.*/, namespace: "unused" }, (args) => ({
      contents: `const missing = () => { throw new Error(${JSON.stringify(
        args.path + " is not bundled with Stegvis")}); };
export default new Proxy(missing, { get: () => missing, construct: missing });`,
      loader: "js",
    }));
  },
};

const out = new URL("../engine/http/web/static/bundle/", import.meta.url).pathname;
rmSync(out, { recursive: true, force: true });
const result = await build({
  entryPoints: { editor: "src/editor.js", diagram: "src/diagram.js" },
  bundle: true,
  splitting: true,
  format: "esm",
  minify: true,
  target: ["es2020"],
  outdir: out,
  entryNames: "[name]-[hash]",
  chunkNames: "chunk-[hash]",
  legalComments: "external",
  metafile: true,
  logLevel: "warning",
  plugins: [leaveOut],
});
// Which file each entry point became: the pages look their hashed names up here.
const entries = {};
for (const [file, info] of Object.entries(result.metafile.outputs)) {
  if (info.entryPoint && info.entryPoint.startsWith("src/")) entries[info.entryPoint.replace(/^src\//, "")] = file.split("/").pop();
}
writeFileSync(out + "manifest.json", JSON.stringify(entries, null, 2) + "\n");
