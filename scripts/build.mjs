// Bundles the CLI into one ESM file so `capacity plan` loads a single module instead of hundreds (and no stale
// chunks can linger between builds).
// @aws-sdk/* stays external and is imported lazily by the commands that talk to AWS.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { capacity: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: false,
  minify: process.env.BUILD_NO_MINIFY ? false : true,
  sourcemap: 'linked',
  external: ['@aws-sdk/*', '@smithy/*'],
  define: { __CAPACITY_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
