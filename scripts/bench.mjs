// Start-up and planning speed, as ratios of median wall time to `node -e 0` on this machine.
// Run with `npm run bench` (it builds first). Targets: plan --users 500 at most 1.5x; a 1,000-point sweep at most 2x;
// a 10,000-sample uncertain plan at most 3x.
// Wall time on a busy machine is noisy; BENCH_CALLGRIND=1 also prints instruction counts under valgrind's callgrind,
// which do not depend on load (valgrind must be installed; each run takes several seconds). When NODE_EXTRA_CA_CERTS
// is set, every case is timed again without it, for information (BENCH_WITHOUT_EXTRA_CA=0 skips that pass).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/capacity.cjs', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 21);
// The bench's profile files and cache directories (validated profiles), removed at the end.
const benchDir = mkdtempSync(join(tmpdir(), 'capacity-bench-'));
const cacheDir = join(benchDir, 'cache');
// The new profile files of one case fill a store of their own: in the shared one they would push out the profile of
// the case that is timed as stored.
const newFilesCacheDir = join(benchDir, 'cache-of-new-files');
process.on('exit', () => rmSync(benchDir, { recursive: true, force: true }));

function timeOnce(argsOrMake, env = process.env, cache = cacheDir) {
  const args = typeof argsOrMake === 'function' ? argsOrMake() : argsOrMake;
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...env, NO_COLOR: '1', CAPACITY_CACHE_DIR: cache } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const cases = [
  { name: 'plan --users 500', args: [bin, 'plan', '--users', '500'], target: 1.5 },
  { name: 'plan --users 500 --format json', args: [bin, 'plan', '--users', '500', '--format', 'json'], target: 1.5 },
  // The issue's target: a 1,000-point sweep at most 2x `node -e 0`.
  { name: 'sweep --users 50..20000 --points 1000 --format json', args: [bin, 'sweep', '--users', '50..20000', '--points', '1000', '--format', 'json'], target: 2 },
  // The issue's target: a 10,000-sample uncertain plan at most 3x. A profile with three ranges, written for the run.
  { name: 'plan (3 ranges) --samples 10000 --format json', args: [bin, 'plan', '--profile', rangedProfile(), '--users', '2000', '--samples', '10000', '--format', 'json'], target: 3, runs: 15 },
  // For information: the same plan of a profile file no run has validated yet (the validated-profile store misses),
  // which parses the YAML and runs the schemas. A new file, with its own text, for each run.
  { name: 'the same, first run of a new profile file', args: () => [bin, 'plan', '--profile', rangedProfile(`# ${Math.random()}`), '--users', '2000', '--samples', '10000', '--format', 'json'], runs: 15, cache: newFilesCacheDir },
];

function rangedProfile(comment = '') {
  const dir = mkdtempSync(join(benchDir, 'profile-'));
  const file = join(dir, 'ranged.yaml');
  writeFileSync(
    file,
    [...(comment ? [comment] : []), 'name: bench-ranges', 'traffic:', '  peakConcurrentRatio: {low: 0.05, mid: 0.1, high: 0.2}', 'conversation:', '  threadBytes: {low: 50KB, mid: 100KB, high: 200KB}', 'llm:', '  provider: openai', '  model: gpt-4.1-mini', '  tokensPerReply: {low: 150, mid: 250, high: 500}', ''].join('\n'),
  );
  return file;
}

/**
 * Median wall times of `node -e 0` and of each case, in `env`: the file cache warmed first, then the baseline
 * interleaved with the cases so that drift affects both alike.
 */
function measure(env, rounds) {
  timeOnce(['-e', '0'], env);
  for (const c of cases) timeOnce(c.args, env, c.cache);
  const baseline = [];
  const samples = new Map(cases.map((c) => [c.name, []]));
  for (let i = 0; i < rounds; i++) {
    // The order rotates from one round to the next: a run right after another one is measurably slower on a busy
    // machine, and no command should always take that place. Slow cases run in at most `runs` rounds; the baseline
    // runs in every one.
    const round = [{ name: 'node -e 0', args: ['-e', '0'] }, ...cases.filter((c) => i < (c.runs ?? rounds))];
    for (let k = 0; k < round.length; k++) {
      const c = round[(k + i) % round.length];
      const ms = timeOnce(c.args, env, c.cache);
      if (c.name === 'node -e 0') baseline.push(ms);
      else samples.get(c.name).push(ms);
    }
  }
  return { base: median(baseline), baseCount: baseline.length, cases: cases.map((c) => ({ ...c, median: median(samples.get(c.name)), count: samples.get(c.name).length })) };
}

const measured = measure(process.env, runs);
console.log(`node -e 0: median ${measured.base.toFixed(1)} ms over ${measured.baseCount} runs`);
let failed = false;
for (const c of measured.cases) {
  const ratio = c.median / measured.base;
  const verdict = c.target === undefined ? '(no target)' : ratio <= c.target ? `(target ≤ ${c.target}) ok` : `(target ≤ ${c.target}) OVER`;
  failed ||= c.target !== undefined && ratio > c.target;
  console.log(`${c.name}: median ${c.median.toFixed(1)} ms over ${c.count} runs, ratio ${ratio.toFixed(2)} ${verdict}`);
}

// NODE_EXTRA_CA_CERTS makes every node start read and parse that file of certificates before any script runs,
// `node -e 0` included: tens of milliseconds with a system bundle. That time is in the baseline and in each case alike,
// so it lowers every ratio. The same cases without it, for information (the targets are judged above, as run).
if (process.env.NODE_EXTRA_CA_CERTS && process.env.BENCH_WITHOUT_EXTRA_CA !== '0') {
  const { NODE_EXTRA_CA_CERTS: _, ...withoutExtraCa } = process.env;
  const again = measure(withoutExtraCa, Math.ceil(runs / 2));
  console.log(`\nNODE_EXTRA_CA_CERTS is set (${process.env.NODE_EXTRA_CA_CERTS}); without it, for information (BENCH_WITHOUT_EXTRA_CA=0 skips this):`);
  console.log(`node -e 0: median ${again.base.toFixed(1)} ms over ${again.baseCount} runs (${(measured.base - again.base).toFixed(1)} ms less)`);
  for (const c of again.cases) {
    console.log(`${c.name}: median ${c.median.toFixed(1)} ms over ${c.count} runs, ratio ${(c.median / again.base).toFixed(2)}${c.target === undefined ? '' : ` (target ≤ ${c.target})`}`);
  }
}

if (process.env.BENCH_CALLGRIND) {
  const instructions = (args) => {
    const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CAPACITY_CACHE_DIR: cacheDir } });
    const m = /Collected : (\d+)/.exec(r.stderr ?? '');
    if (!m) throw new Error(`valgrind did not report a count: ${r.error ?? r.stderr}`);
    return Number(m[1]);
  };
  const baseIr = instructions(['-e', '0']);
  console.log(`callgrind: node -e 0 ${(baseIr / 1e6).toFixed(0)}M instructions`);
  for (const c of cases) {
    const ir = instructions(typeof c.args === 'function' ? c.args() : c.args);
    console.log(`callgrind: ${c.name} ${(ir / 1e6).toFixed(0)}M instructions, ratio ${(ir / baseIr).toFixed(2)}`);
  }
}
process.exitCode = failed ? 1 : 0;
