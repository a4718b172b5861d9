import { describe, expect, it } from 'vitest';
import { configurationOf, configurationKey, sweepCapacity, type Sweep } from '../../src/sweep/sweep.js';
import { parseUserRange, userGrid } from '../../src/sweep/grid.js';
import { PHASES } from '../../src/model/types.js';
import { bundledProfile, plan, usEast1 } from '../helpers/model.js';

const sweeps = new Map<string, Sweep>();
function sweepOf(name: string): Sweep {
  let s = sweeps.get(name);
  if (!s) sweeps.set(name, (s = sweepCapacity(bundledProfile(name), usEast1(), { from: 50, to: 20000, points: 60, scale: 'log' })));
  return s;
}

describe('user grid', () => {
  it('spans the range on a log scale, integers, strictly increasing', () => {
    const g = userGrid({ from: 50, to: 20000 }, 60, 'log');
    expect(g[0]).toBe(50);
    expect(g[g.length - 1]).toBe(20000);
    expect(g.length).toBe(60);
    for (let i = 1; i < g.length; i++) {
      expect(Number.isInteger(g[i])).toBe(true);
      expect(g[i]!).toBeGreaterThan(g[i - 1]!);
      // log spacing: roughly constant ratios
      if (i > 5) expect(g[i]! / g[i - 1]!).toBeCloseTo(Math.pow(400, 1 / 59), 1);
    }
  });

  it('linear spacing has equal steps, and a narrow range gives each integer once', () => {
    expect(userGrid({ from: 100, to: 500 }, 5, 'linear')).toEqual([100, 200, 300, 400, 500]);
    expect(userGrid({ from: 10, to: 13 }, 60, 'log')).toEqual([10, 11, 12, 13]);
  });

  it('parses ranges and rejects bad ones with a message', () => {
    expect(parseUserRange('50..20000')).toEqual({ from: 50, to: 20000 });
    expect(parseUserRange('1k..20_000')).toEqual({ from: 1000, to: 20000 });
    expect(parseUserRange('20..10')).toMatch(/end above its start/);
    expect(parseUserRange('0..10')).toMatch(/start at 1/);
    expect(parseUserRange('50-200')).toMatch(/expected a range/);
    expect(parseUserRange('1.5..20')).toMatch(/whole user counts/);
    // The same number forms as --users and --points: exponents yes, a third dot or hexadecimal no.
    expect(parseUserRange('1e2..2.5e4')).toEqual({ from: 100, to: 25000 });
    expect(parseUserRange('1.5k..2M')).toEqual({ from: 1500, to: 2_000_000 });
    expect(parseUserRange('2.01k..1.001m')).toEqual({ from: 2010, to: 1_001_000 }); // not 2009.9999999999998
    for (const bad of ['50...100', '0x10..100', '..100', '50..']) expect(parseUserRange(bad), bad).toMatch(/expected/);
  });
});

describe.each(['default', 'chatpop', 'cupid', 'ai-service'])('sweep of profile %s, 50..20000', (name) => {
  it('each breakpoint matches capacity plan just below it and at it', () => {
    const s = sweepOf(name);
    const profile = bundledProfile(name);
    expect(s.breakpoints.length).toBeGreaterThan(0);
    for (const b of s.breakpoints) {
      const below = plan(profile, { users: b.users - 1 });
      const at = plan(profile, { users: b.users });
      expect(configurationOf(below), `${b.users - 1} users`).toEqual({ phase: b.before.phase, configuredAs: b.before.configuredAs, components: b.before.components });
      expect(configurationOf(at), `${b.users} users`).toEqual({ phase: b.after.phase, configuredAs: b.after.configuredAs, components: b.after.components });
      expect(configurationKey(b.before)).not.toBe(configurationKey(b.after));
      expect(below.totals.monthlyUsd).toBe(b.before.monthlyUsd);
      expect(at.totals.monthlyUsd).toBe(b.after.monthlyUsd);
      if (b.kind === 'phase') {
        // The plan's own next breakpoint, seen from just below, is this one, with the same constraint.
        expect(below.nextBreakpoint).toEqual({ users: b.users, phase: b.after.phase, constraint: b.constraint });
        expect(below.phase.id).not.toBe(at.phase.id);
      } else {
        expect(below.phase.id).toBe(at.phase.id);
        expect(b.constraint).not.toBeNull();
      }
    }
  });

  it('breakpoints are increasing and inside the range; phase bands tile it', () => {
    const s = sweepOf(name);
    for (let i = 1; i < s.breakpoints.length; i++) expect(s.breakpoints[i]!.users).toBeGreaterThan(s.breakpoints[i - 1]!.users);
    for (const b of s.breakpoints) {
      expect(b.users).toBeGreaterThan(50);
      expect(b.users).toBeLessThanOrEqual(20000);
    }
    expect(s.phases[0]!.fromUsers).toBe(50);
    expect(s.phases[s.phases.length - 1]!.toUsers).toBe(20000);
    for (let i = 1; i < s.phases.length; i++) {
      expect(s.phases[i]!.fromUsers).toBe(s.phases[i - 1]!.toUsers + 1);
      expect(PHASES.indexOf(s.phases[i]!.phase)).toBeGreaterThan(PHASES.indexOf(s.phases[i - 1]!.phase));
    }
    expect(s.phases.length - 1).toBe(s.breakpoints.filter((b) => b.kind === 'phase').length);
  });

  it('every point is the plan at that user count; cost and phase never fall as users grow', () => {
    const s = sweepOf(name);
    const profile = bundledProfile(name);
    for (const p of s.points) {
      const expected = plan(profile, { users: p.users, skipBreakpoint: true });
      expect(p.monthlyMicros).toBe(expected.totals.monthlyMicros);
      expect(p.perUserMonthlyUsd).toBe(expected.totals.perUserMonthlyUsd);
      expect(p.phase).toBe(expected.phase.id);
      expect(p.binding).toBe(expected.binding);
    }
    for (let i = 1; i < s.points.length; i++) {
      expect(s.points[i]!.monthlyMicros).toBeGreaterThanOrEqual(s.points[i - 1]!.monthlyMicros);
      expect(PHASES.indexOf(s.points[i]!.phase)).toBeGreaterThanOrEqual(PHASES.indexOf(s.points[i - 1]!.phase));
    }
  });
});

it('finds a breakpoint that falls between two grid points no matter how coarse the grid', () => {
  const coarse = sweepCapacity(bundledProfile('cupid'), usEast1(), { from: 50, to: 20000, points: 2, scale: 'log' });
  const fine = sweepOf('cupid');
  expect(coarse.breakpoints.map((b) => b.users)).toEqual(fine.breakpoints.map((b) => b.users));
  expect(coarse.phases).toEqual(fine.phases);
});

describe.each(['default', 'cupid', 'video-pipeline'])('dense sweep of %s', (name) => {
  it('costs every one of 300 points exactly as capacity plan does (the fast path between unchanged points)', () => {
    const profile = bundledProfile(name);
    const s = sweepCapacity(profile, usEast1(), { from: 50, to: 20000, points: 300, scale: 'linear' });
    for (const p of s.points) {
      const expected = plan(profile, { users: p.users, skipBreakpoint: true });
      expect({ users: p.users, micros: p.monthlyMicros, binding: p.binding, utilization: p.bindingUtilization, config: configurationKey(p) }).toEqual({
        users: p.users,
        micros: expected.totals.monthlyMicros,
        binding: expected.binding,
        utilization: expected.constraints.find((c) => c.id === expected.binding)?.utilization ?? 0,
        config: configurationKey(configurationOf(expected)),
      });
    }
  });
});
