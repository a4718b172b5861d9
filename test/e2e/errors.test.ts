/**
 * End-to-end: invalid profiles. Every one exits 2 with nothing on stdout, and stderr names the file, the field path
 * and the `line:col` of the offending YAML (design §3, §5) — never a stack trace.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tmpFile } from '../helpers/cli.js';
import { expectNoStackTrace, expectUsageError, located, show } from './expect-cli.js';

interface Case {
  name: string;
  yaml: string;
  /** The field path the error must name (a RegExp when several are right). */
  path: string | RegExp;
  /** Where the error must point: an exact line and column, or a check on them. */
  at: { line: number; column: number } | ((line: number, column: number, source: string[]) => boolean);
  message: RegExp;
}

const billionLaughs = [
  'name: lol',
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  'f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
  'g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]',
  'h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]',
  'i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]',
  '',
].join('\n');

const cases: Case[] = [
  {
    name: 'wrong type (string for a number)',
    yaml: 'name: typed\nusers: many\n',
    path: 'users',
    at: { line: 2, column: 8 },
    message: /expected number.*"many"/,
  },
  {
    name: 'wrong type (number for a section)',
    yaml: 'traffic: 5\n',
    path: 'traffic',
    at: { line: 1, column: 10 },
    message: /expected object/,
  },
  {
    name: 'wrong type (fraction for an integer)',
    yaml: 'llm:\n  model: gpt-4.1\n  usageTier: 2.5\n',
    path: 'llm.usageTier',
    at: { line: 3, column: 14 },
    message: /expected a whole number, got 2\.5/,
  },
  {
    name: 'a fractional user count',
    yaml: 'users: 2.5\n',
    path: 'users',
    at: { line: 1, column: 8 },
    message: /expected a whole number, got 2\.5/,
  },
  {
    name: 'negative number',
    yaml: 'name: x\ntraffic:\n  dailyActiveRatio: -0.2\n',
    path: 'traffic.dailyActiveRatio',
    at: { line: 3, column: 21 },
    message: /at least 0.*-0\.2/,
  },
  {
    name: 'ratio above 1',
    yaml: 'traffic:\n  peakConcurrentRatio: 1.5\n',
    path: 'traffic.peakConcurrentRatio',
    at: { line: 2, column: 24 },
    message: /at most 1.*1\.5/,
  },
  {
    name: 'non-finite number (.inf)',
    yaml: 'users: .inf\n',
    path: 'users',
    at: { line: 1, column: 8 },
    message: /Infinity|finite/i,
  },
  {
    name: 'non-finite number (.nan)',
    yaml: 'traffic:\n  messagesPerSession: .nan\n',
    path: 'traffic.messagesPerSession',
    at: { line: 2, column: 23 },
    message: /NaN|finite/i,
  },
  {
    name: 'missing required field (llm with neither model nor perRequestUsd)',
    yaml: 'llm:\n  provider: openai\n  tokensPerReply: 100\n',
    path: 'llm.model',
    // the llm key or the first line of its section
    at: (line) => line === 1 || line === 2,
    message: /model.*perRequestUsd/,
  },
  {
    name: 'unknown field (suggests the nearest name)',
    yaml: 'traffic:\n  dailyActivRatio: 0.3\n',
    path: 'traffic.dailyActivRatio',
    at: { line: 2, column: 3 },
    message: /unknown field.*did you mean "dailyActiveRatio"/,
  },
  {
    name: 'unknown top-level field (suggests the nearest name)',
    yaml: 'name: x\nusres: 500\n',
    path: 'usres',
    at: { line: 2, column: 1 },
    message: /unknown field.*did you mean "users"/,
  },
  {
    name: 'unknown llm field (suggests the nearest name)',
    yaml: 'llm:\n  model: gpt-4.1\n  tokensPerReplay: 3\n',
    path: 'llm.tokensPerReplay',
    at: { line: 3, column: 3 },
    message: /did you mean "tokensPerReply"/,
  },
  {
    name: 'malformed YAML (unclosed flow sequence)',
    yaml: 'traffic:\n  dailyActiveRatio: [0.3\nname: x\n',
    // the parser notices at the start of line 3; the opening bracket is on line 2
    path: /.*/,
    at: (line) => line === 2 || line === 3,
    message: /invalid YAML/,
  },
  {
    name: 'malformed YAML (tab indentation)',
    yaml: 'traffic:\n\tdailyActiveRatio: 0.3\n',
    path: /.*/,
    at: (line) => line === 2,
    message: /invalid YAML.*[Tt]ab/,
  },
  {
    name: 'duplicate key',
    yaml: 'traffic:\n  messagesPerSession: 3\n  messagesPerSession: 4\n',
    path: 'traffic.messagesPerSession',
    at: { line: 3, column: 3 },
    message: /unique|duplicate/i,
  },
  {
    name: 'YAML alias bomb ("billion laughs")',
    yaml: billionLaughs,
    // points at an alias that expands the document (not at line 1, which has none), under its field
    path: /^[b-i](\.\d+)*$/,
    at: (line, column, source) => (source[line - 1] ?? '').includes('*') && column >= 1,
    message: /alias/i,
  },
  {
    name: 'unknown LLM model',
    yaml: 'llm:\n  model: gpt-9-ultra\n',
    path: 'llm.model',
    at: { line: 2, column: 10 },
    message: /unknown model "gpt-9-ultra".*known: .*gpt-4\.1-mini/,
  },
  {
    name: 'unknown EC2 instance type in app.ec2Types',
    yaml: 'app:\n  ec2Types: [t3.small, t3.gigantic]\n',
    path: 'app.ec2Types.1',
    at: { line: 2, column: 24 },
    message: /unknown EC2 instance type "t3\.gigantic".*known: .*t3\.small/,
  },
  {
    name: 'unknown RDS class in database.classes',
    yaml: 'database:\n  classes:\n    - db.t4g.micro\n    - db.x9.huge\n',
    path: 'database.classes.1',
    at: { line: 4, column: 7 },
    message: /unknown RDS instance class "db\.x9\.huge".*known: .*db\.t4g\.micro/,
  },
  {
    name: 'unknown ElastiCache node type in redis.nodeTypes',
    yaml: 'redis:\n  nodeTypes: [cache.zz.big]\n',
    path: 'redis.nodeTypes.0',
    at: { line: 2, column: 15 },
    message: /unknown ElastiCache node type "cache\.zz\.big"/,
  },
  {
    name: 'bad size unit ("12 parsecs")',
    yaml: 'conversation:\n  threadBytes: 12 parsecs\n',
    path: 'conversation.threadBytes',
    at: { line: 2, column: 16 },
    message: /"12 parsecs" is not a size/,
  },
  {
    name: 'bad duration unit ("12 parsecs")',
    yaml: 'app:\n  cpuMsPerMessage: 12 parsecs\n',
    path: 'app.cpuMsPerMessage',
    at: { line: 2, column: 20 },
    message: /"12 parsecs" is not a duration/,
  },
  {
    name: 'bad enum value',
    yaml: 'targets:\n  durability: maybe\n',
    path: 'targets.durability',
    at: { line: 2, column: 15 },
    message: /ephemeral-ok.*required/,
  },
  {
    name: 'malformed region',
    yaml: 'region: Europe\n',
    path: 'region',
    at: { line: 1, column: 9 },
    message: /AWS region/,
  },
  {
    name: 'peakConcurrentUsers above users',
    yaml: 'users: 100\ntraffic:\n  peakConcurrentUsers: 500\n',
    path: 'traffic.peakConcurrentUsers',
    at: { line: 3, column: 24 },
    message: /500.*100/,
  },
  {
    name: 'top level is not a mapping',
    yaml: '- a\n- b\n',
    path: /.*/,
    at: { line: 1, column: 1 },
    message: /mapping/,
  },
];

describe.each([
  { command: 'plan', args: (file: string) => ['plan', '--profile', file] },
  { command: 'profile validate', args: (file: string) => ['profile', 'validate', file] },
])('capacity $command with an invalid profile', ({ args }) => {
  it.each(cases)('$name', ({ name, yaml, path, at, message }) => {
    const file = tmpFile(`${name.replace(/\W+/g, '-').slice(0, 40)}.yaml`, yaml);
    const result = runCli(args(file));
    expectUsageError(result);
    expect(result.stderr, show(result)).toContain(file);
    const details = located(result.stderr);
    const detail = details.find((d) => (typeof path === 'string' ? d.path === path : path.test(d.path)));
    const lineCol = /^\s+\d+:\d+: /m;
    expect(result.stderr, `no "line:col: " location\n${show(result)}`).toMatch(lineCol);
    expect(detail, `no "line:col: ${String(path)}: ..." line\n${show(result)}`).toBeDefined();
    if (typeof at === 'function') {
      expect(at(detail!.line, detail!.column, yaml.split('\n')), `wrong location ${detail!.line}:${detail!.column}\n${show(result)}`).toBe(true);
    } else {
      expect(`${detail!.line}:${detail!.column}`, show(result)).toBe(`${at.line}:${at.column}`);
    }
    expect(detail!.message, show(result)).toMatch(message);
  });

  it('unreadable file (missing path)', () => {
    const file = join(ROOT, 'no-such-dir', 'missing-profile.yaml');
    const result = runCli(args(file));
    expectUsageError(result);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(/no such file/i);
  });

  it('unreadable file (a directory)', () => {
    const result = runCli(args(join(ROOT, 'profiles')));
    expectUsageError(result);
    expect(result.stderr).toContain(`${join(ROOT, 'profiles')}: it is a directory, not a file (EISDIR)`);
  });

  it('reports every error of a file at once', () => {
    const file = tmpFile('several.yaml', 'users: -1\ntraffic:\n  dailyActivRatio: 0.3\nconversation:\n  threadBytes: 12 parsecs\n');
    const result = runCli(args(file));
    expectUsageError(result);
    const paths = located(result.stderr).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['users', 'traffic.dailyActivRatio', 'conversation.threadBytes']));
  });
});

describe('the alias bomb is refused quickly', () => {
  it('exits 2 in well under the test timeout', () => {
    const file = tmpFile('bomb.yaml', billionLaughs);
    const started = Date.now();
    const result = runCli(['plan', '--profile', file]);
    expect(result.status, show(result)).toBe(2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('still accepts a few ordinary anchors and aliases', () => {
    const file = tmpFile('aliases.yaml', 'name: anchors\ntraffic: &t\n  dailyActiveRatio: 0.3\napp:\n  ec2Types: &types [t3.small, t3.medium]\n');
    const result = runCli(['profile', 'validate', file]);
    expect(result.status, show(result)).toBe(0);
    expectNoStackTrace(result.stderr);
  });
});

// Values the schema accepts (no field has an upper bound) but whose costs no double sums exactly: exit 2 naming the
// line that costs too much, never an internal error or a total of $Infinity.
describe('costs beyond exact sums', () => {
  it.each([
    ['database:\n  storageGB: 1e12\n', ['plan'], 'the storage line (RDS gp3 storage'],
    ['app:\n  responseKB: 1e300\n', ['plan'], 'the transfer line (Data transfer out'],
    ['llm:\n  perRequestUsd: 1e300\n', ['plan'], 'the llm line (per-call API'],
    ['llm:\n  perRequestUsd: 1e10\n', ['plan', '--format', 'json'], 'the llm line (per-call API'],
    ['llm:\n  perRequestUsd: 1e10\n', ['sweep', '--users', '10..100'], 'the llm line (per-call API'],
    ['llm:\n  perRequestUsd: {low: 1, mid: 2, high: 1e10}\n', ['plan', '--samples', '100'], 'the llm line (per-call API'],
  ])('%j with %j exits 2', (body, args, culprit) => {
    const file = tmpFile('big.yaml', `name: big\n${body}`);
    const result = runCli([...args, '--profile', file]);
    expectUsageError(result);
    expect(result.stderr).toContain(culprit);
    expect(result.stderr).toContain('beyond the $9,007,199,254 a month that capacity sums exactly to the micro-dollar');
  });
});

// 600 s of CPU a message (a deliberate extreme). The defaults give 10 % of users at peak, one message every 30 s
// each: 28,000 users make 2,800 / 30 = 93.33 msg/s and 93.33 × 600 = 56,000 vCPU, which 5,000 tasks of the largest
// Fargate size (16 vCPU) carry at exactly 70 % (5,000 × 16 × 0.7 = 56,000). One user more needs 5,001 tasks, over
// the ECS quota of 5,000 tasks per service (aws-llm-facts.md).
describe('when no instance type or task size can run the app', () => {
  const cpuBound = () => tmpFile('cpu.yaml', 'name: cpu\napp:\n  cpuMsPerMessage: 600s\n');

  it('the plan names the limit that runs out, CPU here, not memory', () => {
    const result = runCli(['plan', '--profile', cpuBound(), '--users', '28001']);
    expectUsageError(result);
    expect(result.stderr).toContain('no instance type or Fargate task size in the catalogue can run this app at 28,001 users');
    expect(result.stderr).toContain('app.cpu: the CPU of its messages alone needs 5,001 × 16vCPU-32GB at 70 %');
    expect(result.stderr).toContain('more than the 5,000 tasks an ECS service may run');
    expect(result.stderr).toMatch(/^hint: lower app\.cpuMsPerMessage/m);
  });

  it('one user below, the next breakpoint says nothing runs there, and why', () => {
    const result = runCli(['plan', '--profile', cpuBound(), '--users', '28000', '--format', 'json']);
    expect(result.status, show(result)).toBe(0);
    expect(JSON.parse(result.stdout).nextBreakpoint).toEqual({ users: 28_001, phase: null, constraint: 'app.cpu' });
    const table = runCli(['plan', '--profile', cpuBound(), '--users', '28000']);
    expect(table.stdout).toContain('Next breakpoint: at 28,001 users no configuration in the catalogue can run the app (app.cpu)');
  });

  it('a database pool of no connections is the pool\'s fault, not memory\'s', () => {
    const result = runCli(['plan', '--profile', tmpFile('pool.yaml', 'name: pool\ndatabase:\n  poolSizePerWorker: 0\n  maxOverflowPerWorker: 0\n')]);
    expectUsageError(result);
    expect(result.stderr).toContain('db.pool: the app opens no database connections (database.poolSizePerWorker + database.maxOverflowPerWorker = 0)');
  });

  it('a phase that app.ec2Types leaves without instance types says so', () => {
    const file = tmpFile('ec2.yaml', 'name: e\napp:\n  ec2Types: [m5.large]\ntargets: {durability: ephemeral-ok}\n');
    const result = runCli(['plan', '--profile', file, '--users', '50', '--format', 'json']);
    expect(result.status, show(result)).toBe(0);
    expect(JSON.parse(result.stdout).rejected[0]).toMatchObject({ phase: 'single-instance', reason: "app.ec2Types allows no burstable instance type of us-east-1's snapshot for this phase" });
  });

  it('from the top phase, the next breakpoint is where nothing runs (cupid at 89,600,000 users)', () => {
    const result = runCli(['plan', '--profile', 'profiles/cupid.yaml', '--users', '89600000', '--format', 'json']);
    expect(result.status, show(result)).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan.phase.id).toBe('replicas');
    expect(plan.nextBreakpoint).toMatchObject({ phase: null, constraint: 'app.cpu' });
    expect(runCli(['plan', '--profile', 'profiles/cupid.yaml', '--users', String(plan.nextBreakpoint.users - 1)]).status).toBe(0);
    expectUsageError(runCli(['plan', '--profile', 'profiles/cupid.yaml', '--users', String(plan.nextBreakpoint.users)]));
  });

  it('a worker larger than every task size is a memory limit', () => {
    const result = runCli(['plan', '--profile', tmpFile('mem.yaml', 'name: mem\napp:\n  processBaseMB: 200GB\n')]);
    expectUsageError(result);
    expect(result.stderr).toContain('app.memory: no task size in the catalogue holds its own workers under 70 % of its memory: each worker needs 200,000 MB');
  });
});

describe('a sampled profile that cannot be planned', () => {
  it('names the sample, the seed and the values drawn, then why', () => {
    const file = tmpFile('big.yaml', 'name: big\nllm:\n  perRequestUsd: {low: 1, mid: 2, high: 1e10}\n');
    const result = runCli(['plan', '--profile', file, '--samples', '100']);
    expectUsageError(result);
    expect(result.stderr).toMatch(/^error: sample \d+ of 100 \(seed 1\) cannot be planned: llm\.perRequestUsd = \d/);
    expect(result.stderr).toContain('the llm line (per-call API, per call) at 500 users comes to $');
  });
});

describe('capacity profile validate', () => {
  const profiles = readdirSync(join(ROOT, 'profiles')).filter((f) => f.endsWith('.yaml'));

  it('has profiles to check', () => {
    expect(profiles).toContain('default.yaml');
  });

  it.each(profiles)('profiles/%s is valid (exit 0)', (name) => {
    const result = runCli(['profile', 'validate', `profiles/${name}`]);
    expect(result.status, show(result)).toBe(0);
    expect(result.stderr, show(result)).toBe('');
    expect(result.stdout).toMatch(/^valid: /);
    expect(result.stdout).toContain(`profiles/${name}`);
  });

  it('--format json prints the resolved profile', () => {
    const result = runCli(['profile', 'validate', 'profiles/default.yaml', '--format', 'json']);
    expect(result.status, show(result)).toBe(0);
    const out = JSON.parse(result.stdout) as { schemaVersion: number; kind: string; valid: boolean; profile: { name: string; conversation: { threadBytes: number } } };
    expect(out).toMatchObject({ schemaVersion: 1, kind: 'capacity-profile-validation', valid: true, file: 'profiles/default.yaml' });
    expect(out.profile.name).toBe('default');
    expect(out.profile.conversation.threadBytes).toBe(100_000); // "100KB" resolved to bytes
  });

  it('names the ranges a profile samples, and lists them in JSON', () => {
    const text = runCli(['profile', 'validate', 'profiles/uncertain.yaml']);
    expect(text.status, show(text)).toBe(0);
    expect(text.stdout).toContain('500 users, 3 ranges (traffic.peakConcurrentRatio, conversation.threadBytes, llm.tokensPerReply)');
    const json = JSON.parse(runCli(['profile', 'validate', 'profiles/uncertain.yaml', '--format', 'json']).stdout) as { profile: { conversation: { threadBytes: number } }; ranges: unknown[] };
    expect(json.profile.conversation.threadBytes).toBe(100_000); // the mid value, as other commands plan it
    expect(json.ranges).toContainEqual({ field: 'conversation.threadBytes', low: 50_000, mid: 100_000, high: 200_000 });
    const plain = JSON.parse(runCli(['profile', 'validate', 'profiles/default.yaml', '--format', 'json']).stdout) as { ranges: unknown[] };
    expect(plain.ranges).toEqual([]);
  });

  it('names the deployment gives that the pricing snapshot does not know exit 2 on their lines, for every command', () => {
    const file = tmpFile('dep.yaml', 'name: dep\ndeployment:\n  rds:\n    instance: chat-db\n    instanceClass: db.zz\n  redis:\n    cluster: chat-redis-001\n    nodeType: cache.zz\n');
    for (const args of [['profile', 'validate', file], ['plan', '--profile', file], ['check', '--print-queries', '--profile', file]]) {
      const result = runCli(args);
      expectUsageError(result);
      expect(located(result.stderr)).toEqual([
        expect.objectContaining({ path: 'deployment.rds.instanceClass', line: 5, message: expect.stringContaining('unknown RDS instance class "db.zz"') }),
        expect.objectContaining({ path: 'deployment.redis.nodeType', line: 8, message: expect.stringContaining('unknown ElastiCache node type "cache.zz"') }),
      ]);
    }
    // check's flags replace the stale names: only a name no flag replaced is still an error.
    const oneReplaced = runCli(['check', '--print-queries', '--profile', file, '--db-class', 'db.t3.micro']);
    expectUsageError(oneReplaced);
    expect(located(oneReplaced.stderr).map((d) => d.path)).toEqual(['deployment.redis.nodeType']);
    const bothReplaced = runCli(['check', '--print-queries', '--profile', file, '--db-class', 'db.t3.micro', '--node-type', 'cache.t3.micro']);
    expect(bothReplaced.status, show(bothReplaced)).toBe(0);
  });

  it('a bad profile exits 2', () => {
    const file = tmpFile('bad.yaml', 'traffic:\n  dailyActiveRatio: 3\n');
    const result = runCli(['profile', 'validate', file]);
    expectUsageError(result);
    expect(located(result.stderr)).toContainEqual(expect.objectContaining({ path: 'traffic.dailyActiveRatio', line: 2, column: 21 }));
  });

  it('without a file is a usage error', () => {
    const result = runCli(['profile', 'validate']);
    expectUsageError(result);
    expect(result.stderr).toContain('file');
  });
});
