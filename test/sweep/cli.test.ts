import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tmpDir } from '../helpers/cli.js';
import { expectNoStackTrace, show } from '../e2e/expect-cli.js';

describe('capacity sweep (CLI)', () => {
  it('--format json is a versioned Sweep, byte-identical between runs', () => {
    const a = runCli(['sweep', '--users', '50..20000', '--format', 'json']);
    expect(a.status, show(a)).toBe(0);
    const b = runCli(['sweep', '--users', '50..20000', '--format', 'json']);
    expect(b.stdout).toBe(a.stdout);
    const json = JSON.parse(a.stdout);
    expect(json.schemaVersion).toBe(1);
    expect(json.kind).toBe('capacity-sweep');
    expect(json.range).toEqual({ from: 50, to: 20000, points: 60, scale: 'log' });
    expect(json.points).toHaveLength(60);
    for (const p of json.points) {
      expect(Object.keys(p).sort()).toEqual(['binding', 'bindingUtilization', 'components', 'configuredAs', 'infraMonthlyUsd', 'llmMonthlyUsd', 'monthlyMicros', 'monthlyUsd', 'perUserMonthlyUsd', 'phase', 'users'].sort());
      expect(p.perUserMonthlyUsd).toBeCloseTo(p.monthlyUsd / p.users, 5);
    }
    for (const bp of json.breakpoints) expect(['phase', 'component']).toContain(bp.kind);
  });

  it('a breakpoint from the sweep is where capacity plan changes, seen through the CLI', () => {
    const sweep = JSON.parse(runCli(['sweep', '--profile', 'profiles/cupid.yaml', '--users', '50..20000', '--format', 'json']).stdout);
    const phaseBreak = sweep.breakpoints.find((b: { kind: string }) => b.kind === 'phase');
    expect(phaseBreak).toBeDefined();
    const below = JSON.parse(runCli(['plan', '--profile', 'profiles/cupid.yaml', '--users', String(phaseBreak.users - 1), '--format', 'json']).stdout);
    const at = JSON.parse(runCli(['plan', '--profile', 'profiles/cupid.yaml', '--users', String(phaseBreak.users), '--format', 'json']).stdout);
    expect(below.phase.id).toBe(phaseBreak.before.phase);
    expect(at.phase.id).toBe(phaseBreak.after.phase);
    expect(below.nextBreakpoint.users).toBe(phaseBreak.users);
  });

  it('--format html --out writes one self-contained file: inline SVG, no network, no script', () => {
    const out = join(tmpDir(), 'sweep-report.html');
    const r = runCli(['sweep', '--profile', 'profiles/cupid.yaml', '--users', '50..20000', '--format', 'html', '--out', out]);
    expect(r.status, show(r)).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`wrote ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\bsrc=/i);
    expect(html).toContain('id="cost-chart"');
    expect(html).toContain('id="per-user-chart"');
    expect(html.match(/<path class="curve" d="M[^"]+"/g)).toHaveLength(2);
    expect(html).toMatch(/<rect class="phase-band" data-phase="single-instance"/);
    expect(html).toMatch(/<rect class="phase-band" data-phase="ecs"/);
    expect(html).toContain('<table id="breakpoints">');
    expect(html).toContain('2,241');
  });

  it('--format chart draws the curve and the phase band with plain characters', () => {
    const r = runCli(['sweep', '--profile', 'profiles/cupid.yaml', '--users', '50..20000', '--format', 'chart']);
    expect(r.status, show(r)).toBe(0);
    expect(r.stdout).toContain('Monthly cost (USD) against users');
    expect(r.stdout).toMatch(/phase {2}S+\|?E+/);
    expect(r.stdout).toContain('2,241 users → ecs (app.cpu)');
    expect(r.stdout.split('\n').filter((l) => l.includes('*')).length).toBeGreaterThan(5);
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/[^\x20-\x7e\n→–…×]/);
  });

  it('--format table lists the breakpoints and every point', () => {
    const r = runCli(['sweep', '--users', '100..1000', '--points', '10', '--scale', 'linear']);
    expect(r.status, show(r)).toBe(0);
    expect(r.stdout).toContain('capacity sweep');
    for (const n of ['100', '200', '500', '1,000']) expect(r.stdout).toMatch(new RegExp(`│ ${n} +│`));
  });

  it.each([
    [['--users', '20..10'], /--users/],
    [['--users', 'lots'], /--users/],
    [['--users', '50..200', '--points', '1'], /--points/],
    [['--users', '50..200', '--scale', 'cubic'], /--scale/],
    [['--users', '50..200', '--format', 'pdf'], /--format/],
    [[], /--users/],
  ])('bad input %j exits 2 naming the flag', (args, flag) => {
    const r = runCli(['sweep', ...args]);
    expect(r.status, show(r)).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(flag);
    expectNoStackTrace(r.stderr);
  });

  it('--out into a missing directory creates it; into a directory path fails with exit 2', () => {
    const dir = join(tmpDir(), 'nested', 'deeper');
    const r = runCli(['sweep', '--users', '50..500', '--format', 'json', '--out', join(dir, 's.json')]);
    expect(r.status, show(r)).toBe(0);
    expect(existsSync(join(dir, 's.json'))).toBe(true);
    const bad = runCli(['sweep', '--users', '50..500', '--out', dir]);
    expect(bad.status, show(bad)).toBe(2);
  });
});
