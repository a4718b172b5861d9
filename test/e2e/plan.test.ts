/** End-to-end: `capacity plan` run as a user runs it (the built bin/capacity.cjs), stdout, stderr and exit code. */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, stripAnsi, tmpDir, tmpFile, type RunResult } from '../helpers/cli.js';
import { expectNoStackTrace, expectUsageError, show } from './expect-cli.js';

const PHASES = ['single-instance', 'rds', 'ecs', 'proxy', 'replicas'];
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/;

function ok(result: RunResult): RunResult {
  expect(result.status, show(result)).toBe(0);
  expect(result.stderr, show(result)).toBe('');
  return result;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function planJson(args: string[]): any {
  const result = ok(runCli(['plan', ...args, '--format', 'json']));
  return JSON.parse(result.stdout);
}

const micros = (usd: number): number => Math.round(usd * 1e6);
const isNum = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

describe('capacity plan --users 500 (table)', () => {
  it('exits 0 with the plan on stdout and nothing on stderr', () => {
    const result = ok(runCli(['plan', '--users', '500']));
    const out = result.stdout;
    expect(out).toMatch(/^capacity plan: profile "default", 500 users, us-east-1 \(prices \d{4}-\d{2}-\d{2}: aws-us-east-1-\d{4}-\d{2}-\d{2}\.json/);
    for (const heading of ['Phase:', 'Demand at peak:', 'Per month:', 'Components', 'Constraints', 'Totals:', 'Next breakpoint:']) {
      expect(out).toContain(heading);
    }
    expect(out).toMatch(/total \$[\d,]+\.\d{2}\/month/);
    expect(out).toMatch(/│ role +│ service +│ type +│ count +│/);
    expect(out).not.toMatch(ANSI);
  });

  it('shows the same phase, binding constraint and total as the JSON', () => {
    const table = ok(runCli(['plan', '--users', '500'])).stdout;
    const plan = planJson(['--users', '500']);
    expect(table).toContain(`Phase: ${plan.phase.id}: ${plan.phase.description}`);
    if (plan.binding) expect(table).toContain(`${plan.binding} (binding)`);
    const total = plan.totals.monthlyUsd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(table).toContain(`total $${total}/month`);
    for (const c of plan.components) expect(table).toContain(c.type);
  });
});

describe('capacity plan --format json', () => {
  const plan = planJson(['--users', '500']);

  it('has the schema version, the resolved profile and the pricing snapshot', () => {
    expect(plan.schemaVersion).toBe(1);
    expect(plan.kind).toBe('capacity-plan');
    expect(plan.profile).toMatchObject({ name: 'default', users: 500, region: 'us-east-1' });
    expect(plan.profile.traffic).toBeTypeOf('object');
    expect(plan.profile.llm).toMatchObject({ model: expect.any(String) });
    expect(plan.pricing).toMatchObject({ snapshot: expect.stringMatching(/^aws-us-east-1-\d{4}-\d{2}-\d{2}\.json$/), region: 'us-east-1', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(plan.pricing.snapshot).toContain(plan.pricing.date);
  });

  it('has the demand', () => {
    const d = plan.demand;
    for (const key of ['users', 'concurrentUsers', 'peakMessagesPerSecond', 'monthlyMessages', 'inputTokensPerMessage', 'outputTokensPerMessage']) {
      expect(isNum(d[key]), `demand.${key} = ${d[key]}`).toBe(true);
      expect(d[key], `demand.${key}`).toBeGreaterThan(0);
    }
    expect(d.users).toBe(500);
    // default profile: 10 % of users at the peak
    expect(d.concurrentUsers).toBeCloseTo(500 * plan.profile.traffic.peakConcurrentRatio, 9);
  });

  it('has a phase with a reason', () => {
    expect(PHASES).toContain(plan.phase.id);
    expect(plan.phase.reason).toBeTypeOf('string');
    expect(plan.phase.reason.length).toBeGreaterThan(0);
  });

  it('has components with counts, sizes and prices', () => {
    expect(Array.isArray(plan.components)).toBe(true);
    expect(plan.components.length).toBeGreaterThan(0);
    for (const c of plan.components) {
      expect(c, JSON.stringify(c)).toMatchObject({ role: expect.any(String), service: expect.any(String), type: expect.any(String) });
      expect(isNum(c.count) && c.count > 0, JSON.stringify(c)).toBe(true);
      expect(c.vcpu === null || isNum(c.vcpu), JSON.stringify(c)).toBe(true);
      expect(c.memoryGiB === null || isNum(c.memoryGiB), JSON.stringify(c)).toBe(true);
      expect(isNum(c.unitMonthlyUsd) && c.unitMonthlyUsd >= 0, JSON.stringify(c)).toBe(true);
      expect(isNum(c.monthlyUsd) && c.monthlyUsd >= 0, JSON.stringify(c)).toBe(true);
      expect(micros(c.monthlyUsd), `${c.role} monthly = count × unit`).toBe(micros(c.count * c.unitMonthlyUsd));
    }
    expect(plan.components.map((c: { role: string }) => c.role)).toContain('app');
  });

  it('has constraints, a binding one, and the rejected lower phases', () => {
    expect(plan.constraints.length).toBeGreaterThan(0);
    for (const c of plan.constraints) {
      expect(c, JSON.stringify(c)).toMatchObject({ id: expect.any(String), unit: expect.any(String), ok: expect.any(Boolean) });
      for (const key of ['required', 'capacity', 'utilization']) expect(isNum(c[key]), `${c.id}.${key}`).toBe(true);
      expect(c.utilization).toBeCloseTo(c.required / c.capacity, 9);
      expect(c.ok).toBe(c.utilization <= plan.profile.targets.utilization);
    }
    const ids = plan.constraints.map((c: { id: string }) => c.id);
    expect(ids).toContain(plan.binding);
    const highest = Math.max(...plan.constraints.map((c: { utilization: number }) => c.utilization));
    expect(plan.constraints.find((c: { id: string }) => c.id === plan.binding).utilization).toBe(highest);
    expect(Array.isArray(plan.rejected)).toBe(true);
    for (const r of plan.rejected) {
      expect(PHASES).toContain(r.phase);
      expect(r.constraint).toBeTypeOf('string');
      expect(PHASES.indexOf(r.phase)).toBeLessThan(PHASES.indexOf(plan.phase.id));
    }
  });

  it('has totals that add up to the micro-dollar', () => {
    const t = plan.totals;
    for (const key of ['infraMonthlyUsd', 'llmMonthlyUsd', 'monthlyUsd', 'perUserMonthlyUsd']) expect(isNum(t[key]), `totals.${key}`).toBe(true);
    const sum = plan.components.reduce((s: number, c: { monthlyUsd: number }) => s + micros(c.monthlyUsd), 0);
    expect(micros(t.monthlyUsd)).toBe(sum);
    const llm = plan.components.filter((c: { role: string }) => c.role === 'llm').reduce((s: number, c: { monthlyUsd: number }) => s + micros(c.monthlyUsd), 0);
    expect(micros(t.llmMonthlyUsd)).toBe(llm);
    expect(micros(t.infraMonthlyUsd) + micros(t.llmMonthlyUsd)).toBe(micros(t.monthlyUsd));
    expect(t.perUserMonthlyUsd).toBeCloseTo(t.monthlyUsd / 500, 5);
  });

  it('has the next breakpoint (or null) and warnings', () => {
    const nb = plan.nextBreakpoint;
    if (nb !== null) {
      expect(isNum(nb.users)).toBe(true);
      expect(nb.users).toBeGreaterThan(500);
      expect(PHASES).toContain(nb.phase);
      expect(PHASES.indexOf(nb.phase)).toBeGreaterThan(PHASES.indexOf(plan.phase.id));
      expect(nb.constraint).toBeTypeOf('string');
    }
    expect(Array.isArray(plan.warnings)).toBe(true);
    for (const w of plan.warnings) expect(w).toBeTypeOf('string');
  });

  it('is the only thing on stdout (parses as one JSON document, no colour)', () => {
    const result = ok(runCli(['plan', '--users', '500', '--format', 'json'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }));
    expect(result.stdout).not.toMatch(ANSI);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
  });
});

describe('capacity plan --format markdown', () => {
  it('prints a markdown report with the same figures as the JSON', () => {
    const result = ok(runCli(['plan', '--users', '500', '--format', 'markdown']));
    const plan = planJson(['--users', '500']);
    const md = result.stdout;
    expect(md).toMatch(new RegExp(`^### capacity plan: \`${plan.phase.id}\` at 500 users, \\$[\\d,.]+/month`));
    expect(md).toContain('| role | service | type | count | $/month |');
    expect(md).toMatch(/^\| ---.*---: \|$/m);
    for (const c of plan.components) expect(md).toContain(`| ${c.role} | ${c.service} | ${c.type} |`);
    const total = plan.totals.monthlyUsd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(md).toContain(`**total $${total}**`);
    expect(md).not.toMatch(ANSI);
    expect(md).not.toContain('┌');
  });
});

describe('capacity plan --out FILE', () => {
  it.each(['table', 'json', 'markdown'])('writes %s output to the file and nothing to stdout', (format) => {
    const file = join(tmpDir(), `out-${format}-${process.pid}.txt`);
    const result = runCli(['plan', '--users', '500', '--format', format, '--out', file], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(result.status, show(result)).toBe(0);
    expect(result.stdout).toBe('');
    expectNoStackTrace(result.stderr);
    expect(existsSync(file)).toBe(true);
    const written = readFileSync(file, 'utf8');
    expect(written, 'no colour codes in a file').not.toMatch(ANSI);
    const direct = ok(runCli(['plan', '--users', '500', '--format', format])).stdout;
    expect(written).toBe(direct);
  });

  it('creates missing parent directories', () => {
    const file = join(tmpDir(), `nested-${process.pid}`, 'a', 'b', 'plan.json');
    const result = runCli(['plan', '--users', '500', '--format', 'json', '--out', file]);
    expect(result.status, show(result)).toBe(0);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(file, 'utf8')).demand.users).toBe(500);
  });

  it('replaces an existing file', () => {
    const file = tmpFile('existing.json', 'old content\n');
    const result = runCli(['plan', '--users', '500', '--format', 'json', '--out', file]);
    expect(result.status, show(result)).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(1);
  });

  it('reports an unwritable output path as a usage error (exit 2), not a bug', () => {
    // A path below a regular file cannot be created, even by root.
    const blocker = tmpFile('not-a-dir', 'x');
    const result = runCli(['plan', '--users', '500', '--out', join(blocker, 'plan.txt')]);
    expectUsageError(result);
    expect(result.stderr).toContain(join(blocker, 'plan.txt'));
  });
});

describe('flags override the profile, and the resolved profile shows it', () => {
  it('--users', () => {
    const plan = planJson(['--users', '2000']);
    expect(plan.profile.users).toBe(2000);
    expect(plan.demand.users).toBe(2000);
    expect(plan.demand.concurrentUsers).toBeCloseTo(2000 * plan.profile.traffic.peakConcurrentRatio, 9);
  });

  it('--users accepts underscores as digit separators', () => {
    expect(planJson(['--users', '1_500']).profile.users).toBe(1500);
  });

  it('--concurrent', () => {
    const plan = planJson(['--users', '500', '--concurrent', '20']);
    expect(plan.profile.users).toBe(500);
    expect(plan.profile.traffic.peakConcurrentRatio).toBeCloseTo(20 / 500, 12);
    expect(plan.profile.traffic.peakConcurrentUsers).toBeUndefined();
    expect(plan.demand.concurrentUsers).toBeCloseTo(20, 9);
  });

  it('--concurrent above --users is a usage error', () => {
    const result = runCli(['plan', '--users', '500', '--concurrent', '600']);
    expectUsageError(result);
    expect(result.stderr).toContain('--concurrent');
  });

  it('--model', () => {
    const plan = planJson(['--users', '500', '--model', 'gpt-4.1']);
    expect(plan.profile.llm.model).toBe('gpt-4.1');
    const llm = plan.components.find((c: { role: string }) => c.role === 'llm');
    expect(llm.type).toBe('gpt-4.1');
    // gpt-4.1 costs more than the default gpt-4.1-mini
    expect(plan.totals.llmMonthlyUsd).toBeGreaterThan(planJson(['--users', '500']).totals.llmMonthlyUsd);
  });

  it('--model that the catalogue does not know names the flag', () => {
    const result = runCli(['plan', '--model', 'gpt-9-ultra']);
    expectUsageError(result);
    expect(result.stderr).toContain('--model');
    expect(result.stderr).toContain('gpt-9-ultra');
    expect(result.stderr).toContain('gpt-4.1-mini'); // lists the known models
  });

  it('--region', () => {
    // A profile in a region without a snapshot plans fine once --region points at one that has it.
    const profile = tmpFile('paris.yaml', 'name: paris\nregion: eu-west-3\nusers: 300\n');
    const plan = planJson(['--profile', profile, '--region', 'us-east-1']);
    expect(plan.profile.region).toBe('us-east-1');
    expect(plan.profile.name).toBe('paris');
    expect(plan.profile.users).toBe(300);
    expect(plan.pricing.region).toBe('us-east-1');
  });

  it('all four together', () => {
    const plan = planJson(['--users', '800', '--concurrent', '100', '--model', 'gpt-4o-mini', '--region', 'us-east-1']);
    expect(plan.profile).toMatchObject({ users: 800, region: 'us-east-1', llm: { model: 'gpt-4o-mini' } });
    expect(plan.profile.traffic.peakConcurrentRatio).toBeCloseTo(100 / 800, 12);
    expect(plan.demand.concurrentUsers).toBeCloseTo(100, 9);
  });
});

describe('a region without a pricing snapshot', () => {
  it('exits 2 naming the region and the refresh command', () => {
    const result = runCli(['plan', '--region', 'eu-west-3']);
    expectUsageError(result);
    expect(result.stderr).toContain('eu-west-3');
    expect(result.stderr).toContain('capacity pricing refresh --region eu-west-3');
  });

  it('does the same for a region written in the profile', () => {
    const profile = tmpFile('paris.yaml', 'region: eu-west-3\n');
    const result = runCli(['plan', '--profile', profile]);
    expectUsageError(result);
    expect(result.stderr).toContain('eu-west-3');
    expect(result.stderr).toContain('capacity pricing refresh --region eu-west-3');
  });
});

describe('colour', () => {
  it('FORCE_COLOR=1 without NO_COLOR colours the table', () => {
    const result = ok(runCli(['plan', '--users', '500'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }));
    expect(result.stdout).toMatch(ANSI);
    // colour does not change the text
    expect(stripAnsi(result.stdout)).toBe(ok(runCli(['plan', '--users', '500'])).stdout);
  });

  it('NO_COLOR=1 means no colour', () => {
    const result = ok(runCli(['plan', '--users', '500'], { env: { NO_COLOR: '1', FORCE_COLOR: undefined } }));
    expect(result.stdout).not.toMatch(ANSI);
  });

  it('NO_COLOR=1 wins over FORCE_COLOR=1', () => {
    const result = ok(runCli(['plan', '--users', '500'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }));
    expect(result.stdout).not.toMatch(ANSI);
  });

  it('no colour when stdout is not a terminal and nothing forces it', () => {
    const result = ok(runCli(['plan', '--users', '500'], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } }));
    expect(result.stdout).not.toMatch(ANSI);
  });

  // util-linux `script` (Debian's bsdutils, an essential package) gives a real pseudo-terminal.
  it.runIf(process.platform === 'linux')('colours the table on a terminal, without NO_COLOR or FORCE_COLOR', () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', CAPACITY_CACHE_DIR: join(tmpDir(), 'cache') };
    const onTerminal = spawnSync('script', ['-qec', `'${process.execPath}' '${BIN}' plan --users 500`, '/dev/null'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(onTerminal.status, `${onTerminal.error ?? ''} ${onTerminal.stderr}`).toBe(0);
    expect(onTerminal.stdout).toMatch(ANSI);
    expect(stripAnsi(onTerminal.stdout).replace(/\r\n/g, '\n')).toBe(ok(runCli(['plan', '--users', '500'])).stdout);
  });

  it('tells a pipe or a file from a terminal without loading node:tty, and colours neither', () => {
    // A preload that reports, as the process exits, whether node:tty was ever loaded.
    const preload = tmpFile('report-tty.cjs', "process.on('exit', () => require('node:fs').writeSync(2, `tty loaded: ${process.moduleLoadList.includes('NativeModule tty')}\\n`));\n");
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', CAPACITY_CACHE_DIR: join(tmpDir(), 'cache') };
    const args = ['-r', preload, BIN, 'plan', '--users', '500'];
    const piped = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8' });
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stderr).toContain('tty loaded: false');
    expect(piped.stdout).not.toMatch(ANSI);
    expect(piped.stdout).toContain('Phase: rds');
    const file = join(tmpDir(), 'plan-stdout.txt');
    const fd = openSync(file, 'w');
    try {
      const toFile = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      expect(toFile.status, toFile.stderr).toBe(0);
      expect(toFile.stderr).toContain('tty loaded: false');
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, 'utf8')).toBe(piped.stdout);
    // The preload does see node:tty when a run does load it (so `false` above is a real answer).
    const forced = spawnSync(process.execPath, ['-r', preload, '-e', "require('node:tty')"], { env, encoding: 'utf8' });
    expect(forced.stderr).toContain('tty loaded: true');
  });

  it('markdown never has colour', () => {
    const result = ok(runCli(['plan', '--users', '500', '--format', 'markdown'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }));
    expect(result.stdout).not.toMatch(ANSI);
  });
});

describe('help', () => {
  it.each([[['--help']], [['-h']], [['help']]])('capacity %j exits 0 with commands and examples', (args) => {
    const result = runCli(args);
    expect(result.status, show(result)).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Usage: capacity');
    for (const command of ['plan', 'profile', 'schema']) expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('$ capacity plan --users 500');
    expect(result.stdout).toMatch(/exit codes?/i);
    const environment = result.stdout.slice(result.stdout.indexOf('Environment:'));
    for (const variable of ['NO_COLOR', 'FORCE_COLOR', 'CAPACITY_CACHE_DIR', 'CAPACITY_DEBUG']) expect(environment).toContain(variable);
  });

  it.each([[['plan', '--help']], [['help', 'plan']]])('capacity %j exits 0 with every option and examples', (args) => {
    const result = runCli(args);
    expect(result.status, show(result)).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Usage: capacity plan');
    for (const flag of ['--profile', '--users', '--concurrent', '--model', '--region', '--format', '--out']) expect(result.stdout).toContain(flag);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toMatch(/\$ capacity plan --users \d+/);
  });

  it.each([
    ['plan'], ['sweep'], ['gate'], ['check'], ['schema'], ['profile'], ['profile', 'validate'],
    ['pricing'], ['pricing', 'show'], ['pricing', 'refresh'], ['pricing', 'diff'], ['pricing', 'import-llm'],
  ])('capacity %s --help has examples', (...command) => {
    const result = runCli([...command, '--help']);
    expect(result.status, show(result)).toBe(0);
    expect(result.stdout).toMatch(/^Examples?( \(.*\))?:\n {2}\$ capacity /m);
  });

  it('the profiles used in the help examples exist', () => {
    const texts = [['--help'], ['plan', '--help'], ['profile', 'validate', '--help']].map((args) => runCli(args).stdout);
    for (const text of texts) {
      for (const m of text.matchAll(/^\s+\$ capacity .*--profile (\S+)/gm)) {
        expect(existsSync(join(ROOT, m[1]!)), `help example uses ${m[1]}, which is not in the package`).toBe(true);
      }
      for (const m of text.matchAll(/^\s+\$ capacity profile validate (\S+)/gm)) {
        expect(existsSync(join(ROOT, m[1]!)), `help example uses ${m[1]}, which is not in the package`).toBe(true);
      }
    }
  });

  it('--version prints the package version', () => {
    const result = runCli(['--version']);
    expect(result.status, show(result)).toBe(0);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(result.stdout.trim()).toBe(pkg.version);
  });
});

describe('a profile name in markdown', () => {
  // Markdown goes into pull-request comments: a name must not bring an image, a link or emphasis with it.
  it.each([
    ['plan', (f: string) => ['plan', '--profile', f, '--format', 'markdown']],
    ['gate', (f: string) => ['gate', '--budget', tmpFile('budget.yaml', 'monthlyUsd: 100000\n'), '--profile', f, '--format', 'markdown']],
    ['uncertain plan', (f: string) => ['plan', '--profile', f, '--samples', '20', '--format', 'markdown']],
  ])('is escaped in %s', (_, args) => {
    const file = tmpFile('inj.yaml', 'name: "<img src=https://e.x/a.png> *bold* [link](https://e.x)"\nconversation:\n  threadBytes: {low: 50KB, mid: 100KB, high: 200KB}\n');
    const result = runCli(args(file));
    expect(result.status, show(result)).toBe(0);
    expect(result.stdout).toContain('&lt;img src=https://e.x/a.png&gt; \\*bold\\* \\[link\\]\\(https://e.x\\)');
    expect(result.stdout).not.toContain('<img');
  });
});

describe('bad flags exit 2 without a stack trace', () => {
  it.each([
    { args: ['plan', '--bogus'], mentions: '--bogus' },
    { args: ['plan', '--users', '500', '--frmat', 'json'], mentions: '--frmat' },
    { args: ['--bogus'], mentions: '--bogus' },
    { args: ['bogus-command'], mentions: 'bogus-command' },
    { args: ['plan', '--users', 'abc'], mentions: 'abc' },
    { args: ['plan', '--users', '-5'], mentions: '-5' },
    { args: ['plan', '--users', '0'], mentions: '--users' },
    { args: ['plan', '--users', '2.5'], mentions: 'expected a positive whole number, got "2.5"' },
    { args: ['plan', '--users', '0x10'], mentions: 'expected a positive whole number, got "0x10"' },
    { args: ['plan', '--users', '1e3k'], mentions: 'expected a positive whole number, got "1e3k"' },
    { args: ['plan', '--out', ''], mentions: 'expected a file name, got an empty string' },
    // Checked before anything reads a snapshot or calls AWS, as a profile's region is.
    { args: ['pricing', 'show', '--region', 'mars'], mentions: 'expected an AWS region such as us-east-1, got "mars"' },
    { args: ['pricing', 'refresh', '--region', 'mars'], mentions: 'expected an AWS region such as us-east-1, got "mars"' },
    { args: ['check', '--live', '--region', 'mars'], mentions: 'expected an AWS region such as us-east-1, got "mars"' },
    { args: ['plan', '--users', 'Infinity'], mentions: 'Infinity' },
    { args: ['plan', '--users', '1e400'], mentions: '1e400' },
    { args: ['plan', '--users'], mentions: '--users' },
    { args: ['plan', '--concurrent', 'many'], mentions: 'many' },
    { args: ['plan', '--format', 'xml'], mentions: 'xml' },
    { args: ['plan', '--format', 'xml'], mentions: 'table, json, markdown' },
    { args: ['profile', 'validate', 'profiles/default.yaml', '--format', 'xml'], mentions: 'xml' },
  ].map((c) => ({ ...c, name: c.args.map((a) => a || "''").join(' ') })))('capacity $name (mentions $mentions)', ({ args, mentions }) => {
    const result = runCli(args);
    expectUsageError(result);
    expect(result.stderr).toContain(mentions);
    expect(result.stderr.split('\n').length, 'a short message').toBeLessThan(10);
  });

  it('a malformed --region names the flag, not the profile line it overrides', () => {
    const result = runCli(['plan', '--region', 'EU']);
    expectUsageError(result);
    expect(result.stderr).toContain('--region');
    expect(result.stderr).not.toMatch(/^\s+\d+:\d+: region:/m);
  });

  it('an empty --model names the flag, not the profile line it overrides', () => {
    const result = runCli(['plan', '--model', '']);
    expectUsageError(result);
    expect(result.stderr).toContain('--model');
    expect(result.stderr).not.toMatch(/^\s+\d+:\d+: llm\.model:/m);
  });
});

describe('a working directory other than the package', () => {
  it('finds the default profile and the bundled snapshots', () => {
    const result = ok(runCli(['plan', '--users', '500', '--format', 'json'], { cwd: tmpDir() }));
    expect(JSON.parse(result.stdout).profile.name).toBe('default');
  });

  it('reads --profile relative to the working directory', () => {
    const profile = tmpFile('rel.yaml', 'name: relative\n');
    writeFileSync(profile, 'name: relative\nusers: 42\n');
    const dir = join(profile, '..');
    const result = ok(runCli(['plan', '--profile', 'rel.yaml', '--format', 'json'], { cwd: dir }));
    expect(JSON.parse(result.stdout).profile).toMatchObject({ name: 'relative', users: 42 });
  });
});

describe('output to a reader that stops early', () => {
  // `true` exits without reading, so the pipe is closed before the CLI has started: every write meets EPIPE.
  it.each([['plan', '--users', '500'], ['--help'], ['check', '--help'], ['sweep', '--users', '50..20000', '--points', '1000']])(
    '`capacity %s … | true` ends quietly: exit 0, no EPIPE error',
    (...args: string[]) => {
      const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" bin/capacity.cjs ${args.join(' ')} | true`], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, NO_COLOR: '1' },
      });
      expect(r.stderr).not.toContain('EPIPE');
      expect(r.status).toBe(0);
    },
  );
});
