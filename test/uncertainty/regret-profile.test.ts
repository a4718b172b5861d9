/**
 * The profile's `uncertainty` section: regret weights, samples and seed for a profile with ranges. Each setting is
 * the flag, else the profile's, else the default; a profile without the section plans exactly as before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runPlan, type PlanCommandOptions } from '../../src/cli/plan.js';
import { parseProfileWithRanges } from '../../src/profile/load.js';
import { DEFAULT_REGRET_WEIGHTS, DEFAULT_SAMPLES, DEFAULT_SEED, planUncertain, type UncertainPlan } from '../../src/uncertainty/uncertain.js';
import { PHASES } from '../../src/model/types.js';
import { UserError } from '../../src/errors.js';
import { profileJsonSchemaOnce, usEast1 } from '../helpers/model.js';
import { runCli, tmpDir, tmpFile } from '../helpers/cli.js';
import { show } from '../e2e/expect-cli.js';

/** With state in memory allowed, one instance carries 25,000 users at 30 ms of CPU a message but not at 60 ms. */
const STRADDLING = `name: straddling
users: 25000
app:
  cpuMsPerMessage: {low: 10ms, mid: 30ms, high: 60ms}
targets: {durability: ephemeral-ok}
`;

const withUncertainty = (section: string) => `${STRADDLING}uncertainty:\n${section}`;

let outputs = 0;
/** `capacity plan --format json` through the command's own code (src/, not the bundle), with the given flags. */
async function planJson(profileText: string, flags: Partial<PlanCommandOptions> = {}): Promise<UncertainPlan> {
  const out = join(tmpDir(), `regret-${++outputs}.json`);
  const status = await runPlan({ profile: tmpFile('profile.yaml', profileText), format: 'json', out, ...flags });
  expect(status).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as UncertainPlan;
}

/** The uncertain plan with explicit settings, bypassing the CLI. */
function direct(profileText: string, samples: number, seed: number, weights: { under: number; over: number }): UncertainPlan {
  const { profile, ranges } = parseProfileWithRanges(profileText, 'direct.yaml');
  return planUncertain(profile, ranges, usEast1(), { samples, seed, weights, profileJsonSchema: profileJsonSchemaOnce() });
}

beforeEach(() => {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true); // runPlan says "wrote FILE"
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('uncertainty settings in the profile', () => {
  it('a profile without the section plans with the defaults, as before', async () => {
    const u = await planJson(STRADDLING, { samples: 200 });
    expect(u.regret.weights).toEqual(DEFAULT_REGRET_WEIGHTS);
    expect(u.seed).toBe(DEFAULT_SEED);
    expect(u).toEqual(direct(STRADDLING, 200, DEFAULT_SEED, DEFAULT_REGRET_WEIGHTS));
    expect(DEFAULT_SAMPLES).toBe(1000);
  });

  it("the profile's regret weights change the recommendation and the budget quantile", async () => {
    const cautious = await planJson(withUncertainty('  samples: 300\n  seed: 5\n  regret: {under: 10, over: 1}\n'));
    const frugal = await planJson(withUncertainty('  samples: 300\n  seed: 5\n  regret: {under: 1, over: 10}\n'));
    expect(cautious.regret.weights).toEqual({ under: 10, over: 1 });
    expect(frugal.regret.weights).toEqual({ under: 1, over: 10 });
    expect(cautious.regret.budgetQuantile).toBeCloseTo(10 / 11, 6);
    expect(frugal.regret.budgetQuantile).toBeCloseTo(1 / 11, 6);
    expect(PHASES.indexOf(cautious.regret.recommendation)).toBeGreaterThan(PHASES.indexOf(frugal.regret.recommendation));
    expect(cautious.regret.monthlyBudgetUsd).toBeGreaterThan(frugal.regret.monthlyBudgetUsd);
    expect(frugal).toEqual(direct(STRADDLING, 300, 5, { under: 1, over: 10 }));
  });

  it('one weight in the profile keeps the default of the other', async () => {
    const u = await planJson(withUncertainty('  regret: {over: 2}\n'), { samples: 100 });
    expect(u.regret.weights).toEqual({ under: DEFAULT_REGRET_WEIGHTS.under, over: 2 });
    expect(u.regret.budgetQuantile).toBeCloseTo(DEFAULT_REGRET_WEIGHTS.under / (DEFAULT_REGRET_WEIGHTS.under + 2), 6);
  });

  it('flags override the profile, each on its own', async () => {
    const profile = withUncertainty('  samples: 300\n  seed: 5\n  regret: {under: 1, over: 10}\n');
    const both = await planJson(profile, { regretUnder: 10, regretOver: 1 });
    expect(both).toEqual(direct(STRADDLING, 300, 5, { under: 10, over: 1 }));
    const under = await planJson(profile, { regretUnder: 4 });
    expect(under.regret.weights).toEqual({ under: 4, over: 10 });
    const sampling = await planJson(profile, { samples: 120, seed: 9 });
    expect(sampling).toMatchObject({ samples: 120, seed: 9, regret: { weights: { under: 1, over: 10 } } });
  });

  it.each([
    ['  regret: {under: {low: 1, mid: 3, high: 5}}\n', 'uncertainty.regret.under'],
    ['  samples: {low: 100, mid: 200, high: 300}\n', 'uncertainty.samples'],
  ])('the settings cannot themselves be ranges: %j', (section, path) => {
    let error: unknown;
    try {
      parseProfileWithRanges(withUncertainty(section), 'bad.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).details).toEqual([expect.objectContaining({ path, line: 7, message: expect.stringMatching(/cannot be a range/) })]);
  });
});

describe('capacity plan with uncertainty in the profile (CLI)', () => {
  it('uses the profile weights, and --regret-under / --regret-over override them', () => {
    const file = tmpFile('weighted.yaml', withUncertainty('  samples: 200\n  seed: 5\n  regret: {under: 1, over: 10}\n'));
    const fromProfile = runCli(['plan', '--profile', file, '--format', 'json']);
    expect(fromProfile.status, show(fromProfile)).toBe(0);
    expect(JSON.parse(fromProfile.stdout)).toMatchObject({ samples: 200, seed: 5, regret: { weights: { under: 1, over: 10 } } });
    const flagged = runCli(['plan', '--profile', file, '--format', 'json', '--regret-under', '10', '--regret-over', '1', '--samples', '100']);
    expect(flagged.status, show(flagged)).toBe(0);
    expect(JSON.parse(flagged.stdout)).toMatchObject({ samples: 100, seed: 5, regret: { weights: { under: 10, over: 1 } } });
  });

  it('an unknown key in the section is an error naming its line', () => {
    const file = tmpFile('unknown.yaml', withUncertainty('  regret: {under: 3, sideways: 1}\n'));
    const r = runCli(['plan', '--profile', file]);
    expect(r.status, show(r)).toBe(2);
    expect(r.stderr).toMatch(/uncertainty\.regret/);
  });
});
