import { describe, expect, it } from 'vitest';
import { parseProfileWithRanges, parseProfile } from '../../src/profile/load.js';
import { planUncertain, sampleOutcomes, type UncertainPlan } from '../../src/uncertainty/uncertain.js';
import { fitPert, pertFromBounds, quantile, samplePert, seededRng } from '../../src/uncertainty/pert.js';
import { PHASES } from '../../src/model/types.js';
import { UserError } from '../../src/errors.js';
import { RANGED_PROFILE as RANGED, plan, profileJsonSchemaOnce, usEast1 } from '../helpers/model.js';
import { runCli, tmpFile } from '../helpers/cli.js';
import { show } from '../e2e/expect-cli.js';

/** With state in memory allowed, one instance carries 25,000 users at 30 ms of CPU a message but not at 60 ms. */
const STRADDLING = `name: straddling
users: 25000
app:
  cpuMsPerMessage: {low: 10ms, mid: 30ms, high: 60ms}
targets: {durability: ephemeral-ok}
`;

/** 40 users on gpt-4.1 at usage tier 1: llm.tpm near the 70 % target, over it in some samples (see the tests). */
const TPM_STRADDLING = `name: tpm-straddling
users: 40
traffic:
  peakConcurrentRatio: {low: 0.05, mid: 0.1, high: 0.2}
llm:
  provider: openai
  model: gpt-4.1
  usageTier: 1
  tokensPerReply: {low: 100, mid: 250, high: 800}
`;

const run = (text: string, samples = 400, seed = 1, weights = { under: 3, over: 1 }): UncertainPlan => {
  const { profile, ranges } = parseProfileWithRanges(text, 'test.yaml');
  return planUncertain(profile, ranges, usEast1(), { samples, seed, weights, profileJsonSchema: profileJsonSchemaOnce() });
};

function expectOrdered(u: UncertainPlan): void {
  for (const p of [...Object.values(u.totals), ...u.constraints.map((c) => c.utilization)]) {
    expect(p.p10).toBeLessThanOrEqual(p.p50);
    expect(p.p50).toBeLessThanOrEqual(p.p90);
  }
}

describe('ranges in profiles', () => {
  it('reads {low, mid, high} in the field unit, and plans other commands at mid', () => {
    const { profile, ranges } = parseProfileWithRanges(RANGED, 'r.yaml');
    expect(ranges.map((r) => [r.path.join('.'), r.low, r.mid, r.high])).toEqual([
      ['traffic.peakConcurrentRatio', 0.05, 0.1, 0.2],
      ['conversation.threadBytes', 50_000, 100_000, 200_000],
      ['llm.tokensPerReply', 150, 250, 500],
    ]);
    expect(profile.conversation.threadBytes).toBe(100_000);
    expect(parseProfile(RANGED, 'r.yaml')).toEqual(profile);
  });

  it.each([
    ['conversation:\n  threadBytes: {low: 200KB, mid: 100KB, high: 300KB}\n', 'conversation.threadBytes', 2, /low ≤ mid ≤ high/],
    ['users: 10\nllm:\n  provider: openai\n  model: gpt-4.1-mini\n  tokensPerReply: {low: 100, mid: 400, high: 300}\n', 'llm.tokensPerReply', 5, /low ≤ mid ≤ high/],
    ['name: {low: a, mid: b, high: c}\n', 'name', 1, /./],
    ['users: {low: 10, mid: 20, high: 30}\n', 'users', 1, /cannot be a range/],
    ['traffic:\n  dailyActiveRatio: {low: 0.1, mid: 0.2, high: 1.5}\n', 'traffic.dailyActiveRatio', 2, /./],
  ])('rejects a bad range, naming the field and its line: %j', (text, path, line, message) => {
    // Both parses: the one that reads ranges at mid (every command but an uncertain plan) rejects what plan rejects.
    for (const parse of [parseProfileWithRanges, parseProfile]) {
      let error: unknown;
      try {
        parse(text, 'bad.yaml');
      } catch (e) {
        error = e;
      }
      expect(error, parse.name).toBeInstanceOf(UserError);
      const detail = (error as UserError).details.find((d) => d.path === path);
      expect(detail, JSON.stringify((error as UserError).details)).toBeDefined();
      expect(detail!.line).toBe(line);
      expect(detail!.message).toMatch(message);
    }
  });
});

describe('PERT sampling', () => {
  // A range's low/high used to be the PERT bounds; they are now its 5th/95th percentiles (see pert.test.ts), so the
  // bounds-and-mean check runs on a PERT given by its bounds, and a fitted range's draws reach past low and high.
  it('stays within its bounds, has the PERT mean, and repeats for a seed', () => {
    const rng = seededRng(7);
    const bounded = pertFromBounds(50, 100, 200);
    const xs = Array.from({ length: 20_000 }, () => samplePert(bounded, rng));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...xs)).toBeLessThanOrEqual(200);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeGreaterThan(((50 + 400 + 200) / 6) * 0.98);
    expect(mean).toBeLessThan(((50 + 400 + 200) / 6) * 1.02);
    const again = seededRng(7);
    expect(Array.from({ length: 5 }, () => samplePert(bounded, again))).toEqual(xs.slice(0, 5));
    const fitted = fitPert(50, 100, 200);
    const ys = Array.from({ length: 20_000 }, () => samplePert(fitted, rng));
    expect(Math.min(...ys)).toBeLessThan(50);
    expect(Math.max(...ys)).toBeGreaterThan(200);
    expect(samplePert(fitPert(3, 3, 3), rng)).toBe(3);
  });

  it('quantiles interpolate and are monotone', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([0, 10], 0.1)).toBeCloseTo(1);
  });
});

describe('uncertain plan', () => {
  it('reports the plan at the mid values, though it is planned on the sampler\'s copy after the last sample', () => {
    const text = `${RANGED}  historyTurnsSent: {low: 2, mid: 5, high: 9}\n`;
    const { profile } = parseProfileWithRanges(text, 'r.yaml');
    const scalar = plan(profile); // the profile as parsed holds every range at its mid value
    const u = run(text, 300);
    expect(u.ranges.map((r) => r.field)).toContain('llm.historyTurnsSent');
    expect(u.atMid).toEqual({ phase: scalar.phase.id, monthlyUsd: scalar.totals.monthlyUsd });
    // The copy held the last sample's values before the mid values were written back: its plan differs.
    const { ranges } = parseProfileWithRanges(text, 'r.yaml');
    let lastMicros = 0;
    const mid = sampleOutcomes(profile, ranges, usEast1(), { samples: 300, seed: 1, users: profile.users, profileJsonSchema: profileJsonSchemaOnce() }, (_, o) => {
      lastMicros = o.infraMicros + o.llmMicros;
    });
    expect(mid.infraMicros + mid.llmMicros).toBe(scalar.totals.monthlyMicros);
    expect(lastMicros).not.toBe(scalar.totals.monthlyMicros);
  });

  it('a range with low = mid = high gives the scalar plan', () => {
    const scalar = plan(parseProfile('name: s\nusers: 2000\nconversation: {threadBytes: 150KB}\n', 's.yaml'));
    const u = run('name: s\nusers: 2000\nconversation:\n  threadBytes: {low: 150KB, mid: 150KB, high: 150KB}\n', 50);
    for (const p of Object.values(u.totals)) expect(p.p10).toBe(p.p90);
    expect(u.totals.monthlyUsd.p50).toBe(scalar.totals.monthlyUsd);
    expect(u.totals.infraMonthlyUsd.p50).toBe(scalar.totals.infraMonthlyUsd);
    expect(u.atMid).toEqual({ phase: scalar.phase.id, monthlyUsd: scalar.totals.monthlyUsd });
    expect(u.phases.find((p) => p.phase === scalar.phase.id)!.probability).toBe(1);
    expect(u.regret.recommendation).toBe(scalar.phase.id);
    expect(u.regret.monthlyBudgetUsd).toBe(scalar.totals.monthlyUsd);
    for (const c of scalar.constraints) {
      const got = u.constraints.find((x) => x.id === c.id)!;
      expect(got.utilization.p10).toBeCloseTo(c.utilization, 6);
      expect(got.utilization.p90).toBeCloseTo(c.utilization, 6);
    }
  });

  it.each([1, 2, 3])('P10 ≤ P50 ≤ P90 for every cost and limit (seed %i)', (seed) => {
    const u = run(RANGED, 300, seed);
    expectOrdered(u);
    expect(u.totals.monthlyUsd.p10).toBeLessThan(u.totals.monthlyUsd.p90);
    expectOrdered(run(STRADDLING, 300, seed));
  });

  it('phase probabilities sum to 1 and the regret follows the documented formula', () => {
    const u = run(STRADDLING, 600, 5);
    const probabilities = u.phases.map((p) => p.probability);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(probabilities.filter((p) => p > 0.05).length).toBeGreaterThanOrEqual(2);
    const { under, over } = u.regret.weights;
    PHASES.forEach((phase, k) => {
      const expected = u.phases.reduce((sum, p, n) => sum + p.probability * (n > k ? under * (n - k) : over * (k - n)), 0);
      expect(u.regret.byPhase[k]).toEqual({ phase, expectedRegret: expect.closeTo(expected, 5) });
    });
    const lowest = Math.min(...u.regret.byPhase.map((r) => r.expectedRegret));
    expect(u.regret.byPhase.find((r) => r.phase === u.regret.recommendation)!.expectedRegret).toBe(lowest);
  });

  it('the probability over target of each limit is the share of samples whose utilisation is above the target', () => {
    // gpt-4.1 at usage tier 1 allows 30,000 tokens a minute (OpenAI's published tier limits, in the bundled LLM
    // catalogue). At the mid values 40 users at 10 % concurrency send 40 × 0.1 / 30 s = 0.133 messages a second, each
    // 2,539 tokens in (800 system + 60 + 310 × 65/12 turns of history) and 250 out: 8 × 2,789 = 22,313 tokens a
    // minute, 74 % of the limit. The ranges put llm.tpm over the 70 % target in some samples and under it in others.
    const text = TPM_STRADDLING;
    const u = run(text, 500, 3);
    const { profile, ranges } = parseProfileWithRanges(text, 'test.yaml');
    const over = new Map<string, number>();
    const seen = new Map<string, number>();
    sampleOutcomes(profile, ranges, usEast1(), { samples: 500, seed: 3, users: 40, profileJsonSchema: profileJsonSchemaOnce() }, (_, outcome) => {
      for (const c of outcome.constraints) {
        seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
        if (c.utilization > profile.targets.utilization) over.set(c.id, (over.get(c.id) ?? 0) + 1);
      }
    });
    for (const c of u.constraints) {
      expect(c.samples, c.id).toBe(seen.get(c.id));
      expect(c.probabilityOverTarget, c.id).toBeCloseTo((over.get(c.id) ?? 0) / c.samples, 6);
    }
    const tpm = u.constraints.find((c) => c.id === 'llm.tpm')!;
    expect(tpm.probabilityOverTarget).toBeGreaterThan(0.05);
    expect(tpm.probabilityOverTarget).toBeLessThan(0.95);
  });

  it('with a range on targets.utilization, each sample is held to its own target, not the mid one', () => {
    // The same straddling load, the target now 0.6–0.95: a sample at 74 % of the limit is over a 0.7 target but
    // not over its own 0.8. Counting against the mid target would report risk those samples do not carry.
    const text = `${TPM_STRADDLING}targets:\n  utilization: {low: 0.6, mid: 0.7, high: 0.95}\n`;
    const u = run(text, 500, 3);
    const { profile, ranges } = parseProfileWithRanges(text, 'test.yaml');
    let overOwn = 0;
    let overMid = 0;
    sampleOutcomes(profile, ranges, usEast1(), { samples: 500, seed: 3, users: 40, profileJsonSchema: profileJsonSchemaOnce() }, (sample, outcome) => {
      const tpm = outcome.constraints.find((c) => c.id === 'llm.tpm')!;
      if (tpm.utilization > sample.targets.utilization) overOwn++;
      if (tpm.utilization > 0.7) overMid++;
    });
    const tpm = u.constraints.find((c) => c.id === 'llm.tpm')!;
    expect(tpm.probabilityOverTarget).toBeCloseTo(overOwn / 500, 6);
    expect(overOwn).not.toBe(overMid); // the two readings differ on this profile, so the test tells them apart
  });

  it('weighting over-provisioning heavily recommends a lower phase than weighting under-provisioning', () => {
    const cautious = run(STRADDLING, 600, 5, { under: 10, over: 1 });
    const frugal = run(STRADDLING, 600, 5, { under: 1, over: 10 });
    expect(PHASES.indexOf(cautious.regret.recommendation)).toBeGreaterThan(PHASES.indexOf(frugal.regret.recommendation));
    expect(cautious.regret.monthlyBudgetUsd).toBeGreaterThanOrEqual(frugal.regret.monthlyBudgetUsd);
  });
});

describe('capacity plan --samples --seed (CLI)', () => {
  const file = tmpFile('ranged.yaml', RANGED);

  it('the same seed gives byte-identical JSON; another seed gives other samples', () => {
    const args = ['plan', '--profile', file, '--samples', '300', '--format', 'json'];
    const a = runCli([...args, '--seed', '42']);
    expect(a.status, show(a)).toBe(0);
    expect(runCli([...args, '--seed', '42']).stdout).toBe(a.stdout);
    const other = runCli([...args, '--seed', '43']);
    expect(other.stdout).not.toBe(a.stdout);
    const json = JSON.parse(a.stdout);
    expect(json).toMatchObject({ schemaVersion: 1, kind: 'capacity-uncertain-plan', samples: 300, seed: 42 });
  });

  it('the bundled profiles/uncertain.yaml is the default profile with three ranges, its mid values the defaults', () => {
    const r = runCli(['plan', '--profile', 'profiles/uncertain.yaml', '--users', '2000', '--samples', '200', '--format', 'json']);
    expect(r.status, show(r)).toBe(0);
    const u = JSON.parse(r.stdout) as UncertainPlan;
    expect(u).toMatchObject({ kind: 'capacity-uncertain-plan', profile: 'uncertain', users: 2000, samples: 200 });
    expect(u.ranges).toEqual([
      { field: 'traffic.peakConcurrentRatio', low: 0.05, mid: 0.1, high: 0.2 },
      { field: 'conversation.threadBytes', low: 50_000, mid: 100_000, high: 200_000 },
      { field: 'llm.tokensPerReply', low: 150, mid: 250, high: 500 },
    ]);
    // At its mid values it is the built-in profile: the same plan at the same user count.
    const plain = JSON.parse(runCli(['plan', '--users', '2000', '--format', 'json']).stdout) as { phase: { id: string }; totals: { monthlyUsd: number } };
    expect(u.atMid).toEqual({ phase: plain.phase.id, monthlyUsd: plain.totals.monthlyUsd });
  });

  it('a profile without ranges gives exactly the plan, whatever --samples says', () => {
    const plain = runCli(['plan', '--users', '500']);
    const sampled = runCli(['plan', '--users', '500', '--samples', '100', '--seed', '3']);
    expect(sampled.status, show(sampled)).toBe(0);
    expect(sampled.stdout).toBe(plain.stdout);
    expect(sampled.stderr).toMatch(/no ranges/);
  });

  it('table and markdown show percentiles, phase probabilities and the recommendation', () => {
    const t = runCli(['plan', '--profile', file, '--samples', '200']);
    expect(t.status, show(t)).toBe(0);
    for (const s of ['P10', 'P50', 'P90', 'probability needed', 'expected regret', 'Recommendation:', 'conversation.threadBytes']) expect(t.stdout).toContain(s);
    const md = runCli(['plan', '--profile', file, '--samples', '200', '--format', 'markdown']);
    expect(md.stdout).toMatch(/^# capacity plan \(uncertain\)/);
    expect(md.stdout).toContain('| constraint | P10 | P50 | P90 |');
  });

  it.each([
    [['--samples', '0'], /--samples/],
    [['--samples', '1.5'], /--samples/],
    [['--seed', '-1'], /--seed/],
    [['--regret-under', '0'], /--regret-under/],
  ])('bad flag %j exits 2', (args, flag) => {
    const r = runCli(['plan', '--profile', file, ...args]);
    expect(r.status, show(r)).toBe(2);
    expect(r.stderr).toMatch(flag);
  });

  // Every command that reads a profile: those that plan at the mid values reject the range as plan does.
  it.each([
    ['plan', (f: string) => ['plan', '--profile', f]],
    ['sweep', (f: string) => ['sweep', '--profile', f, '--users', '10..100']],
    ['profile validate', (f: string) => ['profile', 'validate', f]],
    ['check', (f: string) => ['check', '--print-queries', '--profile', f]],
    ['gate', (f: string) => ['gate', '--budget', tmpFile('budget.yaml', 'monthlyUsd: 1000\n'), '--profile', f]],
  ])('a bad range exits 2 naming the file, line and field: %s', (_, args) => {
    const bad = tmpFile('bad.yaml', 'name: bad\nconversation:\n  threadBytes: {low: 300KB, mid: 100KB, high: 200KB}\n');
    const r = runCli(args(bad));
    expect(r.status, show(r)).toBe(2);
    expect(r.stderr).toContain(`invalid profile ${bad}`);
    expect(r.stderr).toMatch(/\b3:\d+: conversation\.threadBytes: a range needs low ≤ mid ≤ high/);
  });
});

describe('property: any ranges', () => {
  it('give ordered percentiles, probabilities summing to 1, and a recommendation with the least regret', async () => {
    const fc = await import('fast-check');
    const sorted3 = (min: number, max: number) => fc.array(fc.integer({ min, max }), { minLength: 3, maxLength: 3 }).map((xs) => [...xs].sort((a, b) => a - b) as [number, number, number]);
    fc.assert(
      fc.property(sorted3(20, 400), sorted3(50, 800), sorted3(1, 40), fc.integer({ min: 100, max: 30_000 }), fc.nat(1000), (thread, reply, ratio, users, seed) => {
        const text = `name: p\nusers: ${users}\ntraffic:\n  peakConcurrentRatio: {low: ${ratio[0] / 100}, mid: ${ratio[1] / 100}, high: ${ratio[2] / 100}}\nconversation:\n  threadBytes: {low: ${thread[0]}KB, mid: ${thread[1]}KB, high: ${thread[2]}KB}\nllm:\n  model: gpt-4.1-mini\n  tokensPerReply: {low: ${reply[0]}, mid: ${reply[1]}, high: ${reply[2]}}\n`;
        const u = run(text, 30, seed);
        expectOrdered(u);
        expect(u.phases.reduce((a, p) => a + p.probability, 0)).toBeCloseTo(1, 6);
        const least = Math.min(...u.regret.byPhase.map((r) => r.expectedRegret));
        expect(u.regret.byPhase.find((r) => r.phase === u.regret.recommendation)!.expectedRegret).toBe(least);
      }),
      { numRuns: 25, seed: 20261123 },
    );
  });
});
