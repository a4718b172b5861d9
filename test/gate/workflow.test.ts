/**
 * The example GitHub Actions workflow, examples/github-actions-gate.yml: valid YAML, calling only capacity commands
 * and flags the README documents, shown in the README as is, and working: its shell steps run here under bash as
 * the runner runs them (`bash -eo pipefail`), with `npx capacity` pointed at the built CLI, and its comment script
 * runs against a stand-in for the GitHub API.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, ROOT, tmpDir } from '../helpers/cli.js';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  'working-directory'?: string;
  'continue-on-error'?: boolean;
}

const WORKFLOW = join(ROOT, 'examples', 'github-actions-gate.yml');
const text = readFileSync(WORKFLOW, 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const workflow: any = parse(text, { strict: true, uniqueKeys: true });
const steps: Step[] = workflow.jobs.gate.steps;
const step = (name: RegExp): Step => steps.find((s) => s.name && name.test(s.name))!;

/** Every `capacity …` command line in the workflow's shell steps, as [subcommand, flags]. */
function capacityCommands(): { sub: string; flags: string[] }[] {
  const lines = steps.flatMap((s) => (s.run ?? '').split('\n')).filter((l) => /(^|\s)(npx )?capacity /.test(l));
  return lines.map((l) => {
    const words = l.slice(l.search(/capacity /)).split(/\s+/);
    return { sub: words[1]!, flags: words.filter((w) => w.startsWith('--')) };
  });
}

describe('examples/github-actions-gate.yml', () => {
  it('is a pull-request workflow that may comment, with the steps the README describes', () => {
    expect(workflow.on).toHaveProperty('pull_request');
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(steps.map((s) => s.uses?.replace(/@.*/, '') ?? s.id ?? s.name)).toEqual([
      'actions/checkout', 'actions/checkout', 'actions/setup-node', 'Baseline plan of the base branch', 'gate', 'actions/github-script', 'Fail when over budget',
    ]);
    expect(capacityCommands().map((c) => c.sub)).toEqual(['plan', 'gate']);
  });

  it('calls only commands and flags the README documents, and the README shows this workflow', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const { sub, flags } of capacityCommands()) {
      const documented = readme.split('\n').filter((l) => l.includes(`capacity ${sub} `));
      expect(documented.length, `capacity ${sub} in README.md`).toBeGreaterThan(0);
      for (const flag of flags) expect(documented.some((l) => l.includes(flag)), `capacity ${sub} ${flag} in README.md`).toBe(true);
    }
    expect(readme).toContain(text.slice(text.indexOf('name: capacity gate')));
  });
});

/** A CI workspace: `base/` and `pr/` checkouts, `npm` a no-op and `npx capacity` the built CLI. */
function workspace(base: { profile?: string }, pr: { profile: string; budget: string }) {
  const root = mkdtempSync(join(tmpDir(), 'runner-'));
  const bin = join(root, 'bin');
  const temp = join(root, 'temp');
  for (const dir of [bin, temp, join(root, 'base', 'profiles'), join(root, 'pr', 'profiles')]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(bin, 'npm'), '#!/bin/sh\nexit 0\n');
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = capacity ] && shift\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  for (const f of ['npm', 'npx']) chmodSync(join(bin, f), 0o755);
  if (base.profile) writeFileSync(join(root, 'base', 'profiles', 'chat.yaml'), base.profile);
  writeFileSync(join(root, 'pr', 'profiles', 'chat.yaml'), pr.profile);
  writeFileSync(join(root, 'pr', 'budget.yaml'), pr.budget);
  const output = join(root, 'github-output');
  writeFileSync(output, '');
  const env = { PATH: `${bin}:${process.env.PATH}`, HOME: process.env.HOME, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true', ...workflow.env, RUNNER_TEMP: temp, GITHUB_OUTPUT: output };
  const runStep = (s: Step) => spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', s.run!], { cwd: join(root, s['working-directory']!), env, encoding: 'utf8' });
  const outputs = () => Object.fromEntries(readFileSync(output, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split('=') as [string, string]));
  return { runStep, outputs, temp };
}

/** The comment step's script against a stand-in GitHub API holding `comments`. */
async function comment(script: string, temp: string, comments: { id: number; body: string }[]): Promise<void> {
  const api = {
    paginate: async (fn: () => unknown) => fn(),
    rest: {
      issues: {
        listComments: () => comments,
        updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => void (comments.find((c) => c.id === comment_id)!.body = body),
        createComment: async ({ body }: { body: string }) => void comments.push({ id: comments.length + 1, body }),
      },
    },
  };
  const context = { repo: { owner: 'o', repo: 'r' }, issue: { number: 7 } };
  const fakeProcess = { env: { RUNNER_TEMP: temp } };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
  await new AsyncFunction('require', 'github', 'context', 'process', script)((m: string) => (m === 'node:fs' ? { readFileSync } : undefined), api, context, fakeProcess);
}

describe('the workflow, run', () => {
  const defaultProfile = readFileSync(join(ROOT, 'profiles', 'default.yaml'), 'utf8');
  const nanoProfile = defaultProfile.replace('model: gpt-4.1-mini', 'model: gpt-4.1-nano');

  it('a pull request that doubles the LLM bill: the comment says so, and the job fails with exit 1', async () => {
    expect(nanoProfile).not.toBe(defaultProfile);
    const ws = workspace({ profile: nanoProfile }, { profile: defaultProfile, budget: 'monthlyUsd: 150\nmaxIncreasePercent: 50\n' });
    const baseline = ws.runStep(step(/^Baseline/));
    expect(baseline.status, baseline.stderr).toBe(0);
    const gate = ws.runStep(step(/^Gate/));
    expect(gate.status, gate.stderr).toBe(0); // the step records the exit code; the last step fails the job
    expect(ws.outputs()).toEqual({ exit: '1' });
    const md = readFileSync(join(ws.temp, 'gate.md'), 'utf8');
    expect(md.split('\n')[0]).toMatch(/^❌ \*\*capacity gate: fail\*\*, 1 of 2 rules exceeded; \$125\.83\/month at 500 users, \+\$63\.74 \(\+102\.7 %\)/);

    const comments = [{ id: 1, body: 'an unrelated comment' }];
    await comment(step(/^Comment/).with!.script!, ws.temp, comments);
    await comment(step(/^Comment/).with!.script!, ws.temp, comments); // a second push updates the same comment
    expect(comments.map((c) => c.body)).toEqual(['an unrelated comment', md]);
    expect(step(/^Fail/).run).toBe('exit "${{ steps.gate.outputs.exit }}"');
  });

  it('a base branch without capacity: the baseline step fails (continue-on-error) and the gate runs without one', () => {
    const ws = workspace({}, { profile: defaultProfile, budget: 'monthlyUsd: 150\nmaxIncreasePercent: 50\n' });
    expect(step(/^Baseline/)['continue-on-error']).toBe(true);
    expect(ws.runStep(step(/^Baseline/)).status).not.toBe(0);
    expect(ws.runStep(step(/^Gate/)).status).toBe(0);
    expect(ws.outputs()).toEqual({ exit: '0' });
    const md = readFileSync(join(ws.temp, 'gate.md'), 'utf8');
    expect(md).toMatch(/^✅ \*\*capacity gate: pass\*\*, 1 rule within budget, 1 not checked; \$125\.83\/month at 500 users, no baseline/);
    expect(md).toContain('Not checked: `maxIncreasePercent` (at most 50 %): no baseline given (--baseline).');
  });

  it('bad input (exit 2) writes no report: no comment, and the job fails', () => {
    const ws = workspace({}, { profile: defaultProfile, budget: 'monthlyUsd: lots\n' });
    ws.runStep(step(/^Gate/));
    expect(ws.outputs()).toEqual({ exit: '2' });
    expect(step(/^Comment/).if).toBe("steps.gate.outputs.exit == '0' || steps.gate.outputs.exit == '1'");
    expect(step(/^Fail/).if).toBe("steps.gate.outputs.exit != '0'");
  });
});
