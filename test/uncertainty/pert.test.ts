import { describe, expect, it } from 'vitest';
import { betaCdf, fitPert, lnGamma, pertCdf, pertFromBounds, pertMean, samplePert, seededRng, type Domain, type Pert } from '../../src/uncertainty/pert.js';
import { fieldDomain } from '../../src/uncertainty/domain.js';
import { profileJsonSchemaOnce } from '../helpers/model.js';

/** C(n, k) as a float; exact for the small n used here. */
const choose = (n: number, k: number): number => {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
};

/** I_x(a, b) for whole a, b ≥ 1: P(at least a successes in a + b − 1 trials of probability x) (DLMF 8.17.5). */
const binomialBetaCdf = (x: number, a: number, b: number): number => {
  const n = a + b - 1;
  let sum = 0;
  for (let j = a; j <= n; j++) sum += choose(n, j) * x ** j * (1 - x) ** (n - j);
  return sum;
};

const draws = (dist: Pert, n: number, seed: number): Float64Array => {
  const rng = seededRng(seed);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = samplePert(dist, rng);
  return xs;
};

/** The smallest and largest of `xs`. */
const extent = (xs: Float64Array): [number, number] => {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of xs) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
};

const shareBelow = (xs: Float64Array, x: number): number => {
  let k = 0;
  for (const v of xs) if (v < x) k++;
  return k / xs.length;
};

describe('Beta CDF (regularized incomplete beta function)', () => {
  it('matches hand and published figures', () => {
    // Beta(2, 3) at 0.4: 6·0.4²·0.6² + 4·0.4³·0.6 + 0.4⁴ = 0.3456 + 0.1536 + 0.0256.
    expect(betaCdf(0.4, 2, 3)).toBeCloseTo(0.5248, 12);
    // Symmetry: I_½(a, a) = ½.
    for (const a of [0.5, 1, 2.7, 3, 5, 12.25]) expect(betaCdf(0.5, a, a)).toBeCloseTo(0.5, 12);
    // The arcsine distribution: I_x(½, ½) = (2/π)·asin(√x).
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.999]) expect(betaCdf(x, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(x)), 12);
    expect(betaCdf(0, 2, 3)).toBe(0);
    expect(betaCdf(1, 2, 3)).toBe(1);
  });

  it('agrees with the closed forms for whole and unit shape parameters', () => {
    for (const x of [0.001, 0.05, 0.3, 0.5, 0.62, 0.95, 0.999]) {
      for (const a of [1, 2, 3, 4, 5]) for (const b of [1, 2, 3, 4, 5]) expect(betaCdf(x, a, b)).toBeCloseTo(binomialBetaCdf(x, a, b), 12);
      for (const s of [1.3, 2.5, 4.9]) {
        expect(betaCdf(x, 1, s)).toBeCloseTo(1 - (1 - x) ** s, 12);
        expect(betaCdf(x, s, 1)).toBeCloseTo(x ** s, 12);
      }
    }
  });

  it('ln Γ matches ln (n − 1)! and ln √π', () => {
    let factorial = 1;
    for (let n = 1; n <= 20; n++) {
      expect(lnGamma(n)).toBeCloseTo(Math.log(factorial), 10);
      factorial *= n;
    }
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
  });
});

describe('fitPert: low and high are the 5th and 95th percentiles, mid the mode', () => {
  const triples: [string, number, number, number][] = [
    ['symmetric', 1, 2, 3],
    ['right-skewed', 50, 100, 200],
    ['a ratio', 0.05, 0.1, 0.2],
    ['tokens per reply', 150, 250, 500],
    ['left-skewed', 10, 80, 90],
    ['strongly skewed', 1, 1.1, 100],
    ['mode at low', 10, 10, 30],
    ['mode at high', 10, 30, 30],
    ['mode at low, from zero', 0, 0, 1],
  ];

  it.each(triples)('%s (%d, %d, %d): CDF 0.05 at low and 0.95 at high', (_, low, mid, high) => {
    const d = fitPert(low, mid, high);
    expect(Math.abs(pertCdf(d, low) - 0.05)).toBeLessThan(1e-12);
    expect(Math.abs(pertCdf(d, high) - 0.95)).toBeLessThan(1e-12);
    expect(d.mode).toBe(mid);
    expect(d.min).toBeLessThan(low);
    expect(d.max).toBeGreaterThan(high);
    // λ = 4: α + β = 6 and α − 1 : β − 1 = (mode − min) : (max − mode).
    expect(d.alpha + d.beta).toBeCloseTo(6, 12);
    expect((d.alpha - 1) / 4).toBeCloseTo((mid - d.min) / (d.max - d.min), 12);
  });

  it.each(triples.filter(([name]) => ['symmetric', 'right-skewed', 'strongly skewed', 'mode at low', 'mode at high'].includes(name)))(
    '%s (%d, %d, %d): 200,000 seeded draws put 5 percent below low and 95 percent below high, around the PERT mean',
    (_, low, mid, high) => {
      const d = fitPert(low, mid, high);
      const xs = draws(d, 200_000, 11);
      expect(Math.abs(shareBelow(xs, low) - 0.05)).toBeLessThan(0.003);
      expect(Math.abs(shareBelow(xs, high) - 0.95)).toBeLessThan(0.003);
      // Mean (min + 4·mode + max)/6 (Vose, Risk Analysis: A Quantitative Guide; Wikipedia "PERT distribution").
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(pertMean(d)).toBe((d.min + 4 * d.mode + d.max) / 6);
      expect(Math.abs(mean - pertMean(d)) / (d.max - d.min)).toBeLessThan(0.003);
      const [lo, hi] = extent(xs);
      expect(lo).toBeGreaterThanOrEqual(d.min);
      expect(hi).toBeLessThanOrEqual(d.max);
    },
  );

  it('the mean formula agrees with the CDF: min + ∫(1 − F) over [min, max]', () => {
    for (const d of [fitPert(50, 100, 200), fitPert(10, 10, 30), pertFromBounds(0, 0.3, 1)]) {
      const steps = 2000; // Simpson's rule
      const h = (d.max - d.min) / steps;
      let sum = 0;
      for (let i = 0; i <= steps; i++) sum += (i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2) * (1 - pertCdf(d, d.min + i * h));
      expect(d.min + (sum * h) / 3).toBeCloseTo(pertMean(d), 6);
    }
  });

  // Kolmogorov–Smirnov: the largest gap between the draws' empirical CDF and the Beta CDF. At n = 200,000 the 1 %
  // critical value is 1.63 / √n ≈ 0.0036 (Stephens, "EDF statistics for goodness of fit", JASA 69, 1974, table 1A).
  // Shapes from the edge (α = 1 and β = 1, drawn by inversion) through the middle (Cheng's algorithm BB); a sampler off
  // by a few percent in its envelope's scale gives 0.01 and more.
  it.each([0, 0.0001, 0.1, 0.25, 0.5, 0.7, 0.9, 1])('draws with the mode at %d of [0, 1] follow the Beta CDF (Kolmogorov–Smirnov)', (mode) => {
    const d = pertFromBounds(0, mode, 1);
    const n = 200_000;
    const xs = draws(d, n, 5).sort();
    let gap = 0;
    for (let i = 0; i < n; i++) {
      const f = betaCdf(xs[i]!, d.alpha, d.beta);
      gap = Math.max(gap, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
    }
    expect(gap).toBeLessThan(1.63 / Math.sqrt(n));
  });

  it('low = mid = high gives mid for every draw, with or without a domain', () => {
    for (const d of [fitPert(7, 7, 7), fitPert(0.4, 0.4, 0.4, { min: 0, max: 1 }), fitPert(0, 0, 0, { min: 0 })]) {
      const rng = seededRng(3);
      for (let i = 0; i < 1000; i++) expect(samplePert(d, rng)).toBe(d.mode);
    }
    expect(fitPert(7, 7, 7)).toMatchObject({ min: 7, mode: 7, max: 7 });
  });

  it('rejects low > mid or mid > high', () => {
    expect(() => fitPert(3, 2, 4)).toThrow(RangeError);
    expect(() => fitPert(1, 5, 4)).toThrow(RangeError);
    expect(() => fitPert(1, Number.NaN, 4)).toThrow(RangeError);
  });
});

describe('fitPert converges for extreme but valid ranges', () => {
  const extremes: [string, number, number, number][] = [
    ['narrow', 100, 100.001, 100.002],
    ['narrow, far from zero', 1e6, 1e6 + 1, 1e6 + 3],
    ['wide', 1, 2, 1e6],
    ['mode at low, wide', 1, 1, 1e6],
    ['mode at high, wide', 1, 1e6, 1e6],
    ['mode a hair above low', 10, 10 + 1e-9, 20],
    ['mode a hair below high', 10, 20 - 1e-9, 20],
    ['tiny values', 1e-9, 2e-9, 3e-9],
    ['negative values', -10, -5, -1],
    ['across zero, mode at high', -1, 1, 1],
  ];

  it.each(extremes)('%s (%d, %d, %d): finite bounds, the mode at mid, CDF 0.05 at low and 0.95 at high', (_, low, mid, high) => {
    const d = fitPert(low, mid, high);
    expect([d.min, d.max, d.alpha, d.beta].every(Number.isFinite)).toBe(true);
    expect(d.mode).toBe(mid);
    expect(d.min).toBeLessThan(low);
    expect(d.max).toBeGreaterThan(high);
    expect(d.alpha + d.beta).toBeCloseTo(6, 12);
    expect(Math.abs(pertCdf(d, low) - 0.05)).toBeLessThan(1e-9);
    expect(Math.abs(pertCdf(d, high) - 0.95)).toBeLessThan(1e-9);
  });

  it('mirrored ranges give mirrored fits', () => {
    for (const [, low, mid, high] of extremes) {
      const d = fitPert(low, mid, high);
      const m = fitPert(-high, -mid, -low);
      const scale = Math.max(Math.abs(d.min), Math.abs(d.max));
      expect(Math.abs(m.min + d.max)).toBeLessThan(1e-12 * scale);
      expect(Math.abs(m.max + d.min)).toBeLessThan(1e-12 * scale);
    }
  });

  it('gives the bounds that the nested bisections it replaced gave (within 1e-9 relative)', () => {
    // [low, mid, high, domain, min, max], as fitted by bisection on p with a bisection for every Beta quantile.
    const before: [number, number, number, Domain | undefined, number, number][] = [
      [1, 2, 3, undefined, 0.3909616974952794, 3.6090383025047212],
      [50, 100, 200, undefined, 26.90629205450654, 279.9193387335429],
      [10, 10, 30, undefined, 9.46525985484061, 53.85959389059162],
      [10, 30, 30, undefined, -13.859593890591558, 30.534740145159393],
      [1, 1.1, 100, undefined, -1.663354323450024, 217.87427844124932],
      [100, 100.001, 100.002, undefined, 99.99939096169749, 100.0026090383025],
      [1, 2, 1e6, undefined, -26736.14400049271, 2192976.1935733007],
      [0, 0, 1, { min: 0 }, 0, 2.218673683682755],
      [0.01, 0.03, 0.4, { min: 0, max: 1 }, 0, 0.8234856176617421],
      [0.6, 0.95, 1, { min: 0, max: 1 }, 0.21676006499238398, 1],
      [95, 99.9, 99.99, { min: 90, max: 100 }, 90, 100],
      [-1, 0, 1, { min: 0 }, -1, 1.7223771269171106],
    ];
    for (const [low, mid, high, domain, min, max] of before) {
      const d = fitPert(low, mid, high, domain);
      expect(Math.abs(d.min - min)).toBeLessThanOrEqual(1e-9 * Math.abs(min));
      expect(Math.abs(d.max - max)).toBeLessThanOrEqual(1e-9 * Math.abs(max));
    }
  });
});

describe('domains', () => {
  it('fieldDomain reads the bounds of the profile JSON Schema', () => {
    expect(fieldDomain(['traffic', 'peakConcurrentRatio'], profileJsonSchemaOnce())).toEqual({ min: 0, max: 1 });
    // exclusiveMinimum 0 reads as min 0.
    expect(fieldDomain(['targets', 'utilization'], profileJsonSchemaOnce())).toEqual({ min: 0, max: 1 });
    expect(fieldDomain(['traffic', 'messagesPerSession'], profileJsonSchemaOnce())).toEqual({ min: 0 });
    expect(fieldDomain(['targets', 'availability'], profileJsonSchemaOnce())).toEqual({ min: 90, max: 100 });
    expect(fieldDomain(['llm', 'usageTier'], profileJsonSchemaOnce())).toEqual({ min: 1, max: 5 });
    // A field with a unit: the bounds of its number form (in the field's unit).
    expect(fieldDomain(['traffic', 'secondsBetweenMessages'], profileJsonSchemaOnce())).toEqual({ min: 0 });
    expect(fieldDomain(['conversation', 'threadBytes'], profileJsonSchemaOnce())).toEqual({ min: 0 });
    // Non-negative at least, even where the schema says nothing.
    expect(fieldDomain(['no', 'such', 'field'], profileJsonSchemaOnce())).toEqual({ min: 0 });
  });

  it('clamps fitted bounds into a ratio field\'s [0, 1]: every draw stays inside, the mode stays at mid', () => {
    const domain = fieldDomain(['traffic', 'peakConcurrentRatio'], profileJsonSchemaOnce());
    // [low, mid, high, the percentile that still holds exactly: the side that was not clamped]
    const cases: [number, number, number, 'low' | 'high' | undefined][] = [
      [0.01, 0.03, 0.4, 'high'],
      [0.6, 0.95, 1, 'low'],
      [0, 0, 0.5, undefined],
      [0.02, 0.5, 0.98, undefined],
    ];
    for (const [low, mid, high, exact] of cases) {
      const free = fitPert(low, mid, high);
      expect(free.min < 0 || free.max > 1).toBe(true);
      const d = fitPert(low, mid, high, domain);
      expect(d.min).toBeGreaterThanOrEqual(0);
      expect(d.max).toBeLessThanOrEqual(1);
      expect(d.mode).toBe(mid);
      const [lo, hi] = extent(draws(d, 200_000, 5));
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      // The clamped side's percentile is approximate; the other bound is refitted so that its percentile still holds.
      if (exact === 'high') expect(Math.abs(pertCdf(d, high) - 0.95)).toBeLessThan(1e-12);
      if (exact === 'low') expect(Math.abs(pertCdf(d, low) - 0.05)).toBeLessThan(1e-12);
      if (exact === undefined) expect([d.min, d.max]).toEqual([0, 1]);
    }
  });

  it('clamps extreme ranges as documented: never past low or high, the unclamped side refitted exactly', () => {
    const unit = { min: 0, max: 1 };
    // [low, mid, high, domain, the percentile that still holds exactly (the side that was not clamped)]
    const cases: [number, number, number, Domain, 'low' | 'high' | undefined][] = [
      [0, 0, 0.001, unit, 'high'], // mode on the domain's edge, narrow: min = 0 = low, max refitted
      [0.999, 0.9999, 1, unit, 'low'], // mirror image: max = 1 = high, min refitted
      [0.4, 1, 1, unit, undefined], // both sides clamped: [0, 1], both percentiles approximate
      [0, 0, 1e6, { min: 0 }, 'high'], // wide, open above
      [-1, 0, 1, { min: 0 }, 'high'], // low below the domain: the clamp stops at low, not at domain.min
      [1, 1, 2, { min: 1, max: 5 }, 'high'], // mode on the edge of an integer-like field
    ];
    for (const [low, mid, high, domain, exact] of cases) {
      const free = fitPert(low, mid, high);
      const d = fitPert(low, mid, high, domain);
      const floor = Math.min(domain.min ?? -Infinity, low);
      const ceiling = Math.max(domain.max ?? Infinity, high);
      expect(d.mode).toBe(mid);
      expect([d.min, d.max].every(Number.isFinite)).toBe(true);
      expect(d.min).toBeGreaterThanOrEqual(floor);
      expect(d.max).toBeLessThanOrEqual(ceiling);
      if (free.min < floor) expect(d.min).toBe(floor);
      if (free.max > ceiling) expect(d.max).toBe(ceiling);
      if (exact === 'high') expect(Math.abs(pertCdf(d, high) - 0.95)).toBeLessThan(1e-12);
      if (exact === 'low') expect(Math.abs(pertCdf(d, low) - 0.05)).toBeLessThan(1e-12);
      if (exact === undefined) expect([d.min, d.max]).toEqual([floor, ceiling]);
      const [lo, hi] = extent(draws(d, 20_000, 7));
      expect(lo).toBeGreaterThanOrEqual(floor);
      expect(hi).toBeLessThanOrEqual(ceiling);
    }
  });

  it('leaves an unclamped fit exactly as it was', () => {
    expect(fitPert(0.05, 0.1, 0.2, { min: 0, max: 1 })).toEqual(fitPert(0.05, 0.1, 0.2));
  });
});
