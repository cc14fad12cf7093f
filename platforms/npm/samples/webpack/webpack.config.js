// A minimal production webpack 5 setup, nothing specific to @unified-ai/store: webpack turns
// the package's `new Worker(new URL("./worker.js", import.meta.url))` into a worker chunk and
// its glue's `new URL("…_bg.wasm", import.meta.url)` into an emitted asset by itself.
import { readFileSync } from "node:fs";

export default {
  mode: "production",
  entry: "./src/index.js",
  output: { path: new URL("./dist", import.meta.url).pathname, clean: true },
  plugins: [
    // index.html copied as it is (one static file needs no html plugin).
    {
      apply(compiler) {
        const { RawSource } = compiler.webpack.sources;
        compiler.hooks.thisCompilation.tap("index.html", (compilation) =>
          compilation.hooks.processAssets.tap({ name: "index.html" }, () =>
            compilation.emitAsset("index.html", new RawSource(readFileSync(new URL("./index.html", import.meta.url)))),
          ),
        );
      },
    },
  ],
};
