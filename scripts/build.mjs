// Bundles the CLI into one CommonJS file, dist/capacity.cjs, so `capacity plan` loads a single module, and warms a
// V8 code cache for it (see bin/capacity.cjs). @aws-sdk/* stays external and is imported lazily by the AWS commands.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { fastCellOptions, lazyChildProcess, nativeEmojiRegex, narrowTextStringWidth, noColorDetection, xbytesCommonJs } from './bundle-plugins.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/capacity.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // The bundle runs in a vm.Script (for its code cache), where import() is unavailable: lazy imports become require.
  supported: { 'dynamic-import': false },
  minify: !process.env.BUILD_NO_MINIFY,
  sourcemap: 'linked',
  external: ['@aws-sdk/*', '@smithy/*'],
  define: { __CAPACITY_VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__capacityModuleUrl' },
  banner: { js: "var __capacityModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [lazyChildProcess, nativeEmojiRegex, narrowTextStringWidth, fastCellOptions, noColorDetection, xbytesCommonJs],
  logLevel: 'warning',
});

// The code cache is named after the bundle's content, so a cache can never be applied to another build.
// Runs of earlier builds kept validated profiles in dist/ (now in the user's cache directory): their texts must not
// stay in the package.
const stale = (name) => name.endsWith('.v8cache') || name === 'capacity.js' || name === 'capacity.js.map' || /^\.?validated-profiles\.json/.test(name);
for (const name of readdirSync('dist')) if (stale(name)) rmSync(`dist/${name}`);
const id = createHash('sha256').update(readFileSync('dist/capacity.cjs')).digest('hex').slice(0, 16);
writeFileSync('dist/build-id', `${id}\n`);
// The built-in profiles and snapshots, validated by this bundle, so that a plan on them skips YAML and the schemas.
const bundle = createRequire(import.meta.url)('../dist/capacity.cjs');
const knownCount = await bundle.buildKnownInputs(fileURLToPath(new URL('../dist', import.meta.url)), id);
if (knownCount === 0) throw new Error('no built-in profile or snapshot validated: see dist/known-inputs.json');
// A code cache per kind of run (a plan, a plan given --profile, a sweep), each written by a process that ran only
// that kind: against one cache shared by all three, a plan measured 0.968 of the time, a sweep 0.950 and an uncertain
// plan 1.004 (paired runs).
execFileSync(process.execPath, ['scripts/warm-code-cache.cjs'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
