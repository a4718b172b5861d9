// Bundles the CLI into one CommonJS file, dist/capacity.cjs, so `capacity plan` loads a single module, and warms a
// V8 code cache for it (see bin/capacity.cjs). @aws-sdk/* stays external and is imported lazily by the AWS commands.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// commander requires node:child_process at load time for executable subcommands, which capacity does not use.
// Loading child_process pulls in net, stream and more; a proxy loads it only if something ever touches it.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, () => ({ path: 'child_process', namespace: 'lazy-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => process.getBuiltinModule('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

// chalk detects the terminal's colour support when it loads (supports-color reads node:tty, node:os and the
// environment), but capacity never uses that: src/cli/output.ts decides colour itself (NO_COLOR, FORCE_COLOR, a TTY)
// and gives every Chalk instance its level. A module that reports no support saves loading tty and os on each run.
const noColorDetection = {
  name: 'no-color-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: 'supports-color', namespace: 'no-color-detection' }));
    b.onLoad({ filter: /.*/, namespace: 'no-color-detection' }, () => ({ contents: 'export default { stdout: false, stderr: false };', loader: 'js' }));
  },
};

// string-width (under cli-table3) measures every table cell with emoji-regex, a 10 KB generated pattern that V8
// compiles on each run. The Extended_Pictographic property compiles for free and finds the same single-code-point
// emoji; multi-code-point sequences (flags, ZWJ families) would measure wider, and capacity's tables have none.
const nativeEmojiRegex = {
  name: 'native-emoji-regex',
  setup(b) {
    b.onResolve({ filter: /^emoji-regex$/ }, () => ({ path: 'emoji-regex', namespace: 'native-emoji' }));
    b.onLoad({ filter: /.*/, namespace: 'native-emoji' }, () => ({ contents: 'module.exports = () => /\\p{Extended_Pictographic}/gu;', loader: 'js' }));
  },
};

// cli-table3 merges its options into every cell through setOption (15 border characters a cell), which splits and
// re-capitalises the same option names and filters an argument list each time: a plan's two tables spend most of
// their rendering there. The same function with the names' camel case kept and the first defined value found by a
// loop gives the same options; the build fails if cli-table3's source no longer has the function it replaces.
const fastCellOptions = {
  name: 'fast-cell-options',
  setup(b) {
    b.onLoad({ filter: /cli-table3[\\/]src[\\/]cell\.js$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      const original = /function setOption\(objA, objB, nameB, targetObj\) \{[\s\S]*?\n\}\n/;
      if (!original.test(source)) throw new Error(`${args.path}: setOption not found; update the fast-cell-options plugin`);
      const replacement = `const camelCaseNames = new Map();
function setOption(objA, objB, nameB, targetObj) {
  let nameA = camelCaseNames.get(nameB);
  if (nameA === undefined) {
    const parts = nameB.split('-');
    nameA = parts.length > 1 ? parts[0] + parts[1].charAt(0).toUpperCase() + parts[1].substr(1) + parts.slice(2).join('') : null;
    camelCaseNames.set(nameB, nameA);
  }
  const values = nameA === null ? [objA[nameB], objB[nameB]] : [objA[nameA], objA[nameB], objB[nameA], objB[nameB]];
  let value;
  for (const v of values) if (v !== undefined && v !== null) { value = v; break; }
  targetObj[nameA === null ? nameB : nameA] = value;
}
`;
      return { contents: source.replace(original, replacement), loader: 'js' };
    });
  },
};

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
  plugins: [lazyChildProcess, nativeEmojiRegex, fastCellOptions, noColorDetection],
  logLevel: 'warning',
});

// The code cache is named after the bundle's content, so a cache can never be applied to another build.
for (const name of readdirSync('dist')) if (name.endsWith('.v8cache') || name === 'capacity.js' || name === 'capacity.js.map') rmSync(`dist/${name}`);
const id = createHash('sha256').update(readFileSync('dist/capacity.cjs')).digest('hex').slice(0, 16);
writeFileSync('dist/build-id', `${id}\n`);
// The built-in profiles and snapshots, validated by this bundle, so that a plan on them skips YAML and the schemas.
const bundle = createRequire(import.meta.url)('../dist/capacity.cjs');
const knownCount = await bundle.buildKnownInputs(fileURLToPath(new URL('../dist', import.meta.url)), id);
if (knownCount === 0) throw new Error('no built-in profile or snapshot validated: see dist/known-inputs.json');
// A plan, a sweep and an uncertain plan, run in one process, compile what each needs and write the cache: a cache of
// only the plan's code was measured 8 % slower for an uncertain plan (its YAML and schema code compiled on each
// run), while the larger cache costs a plan about 1-2 %.
execFileSync(process.execPath, ['scripts/warm-code-cache.cjs'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
