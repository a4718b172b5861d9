/**
 * Seeded sampling for profile ranges: a PERT distribution over `{low, mid, high}`, drawn from pure-rand's
 * xoroshiro128+ so that the same seed always gives the same samples. No clock, no Math.random.
 *
 * The distribution is Beta-PERT with λ = 4: low and high are the smallest and largest plausible values (the bounds of
 * the distribution), mid the most likely one. Its mean is (low + 4·mid + high) / 6.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

export function seededRng(seed: number): Rng {
  const generator = xoroshiro128plus(seed | 0);
  return { next: () => uniformFloat64(generator) };
}

function normal(rng: Rng): number {
  // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Gamma(shape, 1) for shape ≥ 1 (Marsaglia and Tsang, 2000). */
function gamma(shape: number, rng: Rng): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const v = Math.pow(1 + c * x, 3);
    if (v <= 0) continue;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** One draw of Beta-PERT(low, mid, high); exactly `mid` when low = high. */
export function samplePert(low: number, mid: number, high: number, rng: Rng): number {
  if (!(high > low)) return mid;
  const alpha = 1 + (4 * (mid - low)) / (high - low);
  const beta = 1 + (4 * (high - mid)) / (high - low);
  const x = gamma(alpha, rng);
  const y = gamma(beta, rng);
  return low + ((high - low) * x) / (x + y);
}

/** The q-quantile (0 ≤ q ≤ 1) of ascending `sorted`, interpolating linearly between order statistics. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}
