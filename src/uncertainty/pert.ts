/**
 * Seeded sampling for profile ranges: a PERT distribution fitted to `{low, mid, high}`, drawn from pure-rand's
 * xoroshiro128+ so that the same seed always gives the same samples. No clock, no Math.random.
 *
 * What a range means: `mid` is the most likely value (the mode) and `low` / `high` are the 5th and 95th percentiles,
 * i.e. one value in twenty falls below `low` and one in twenty above `high`. The distribution is Beta-PERT with λ = 4
 * (Vose, *Risk Analysis: A Quantitative Guide*, 3rd ed., Wiley 2008; Wikipedia "PERT distribution"): on bounds [min, max] with mode m,
 *
 *   X = min + (max − min)·B,  B ~ Beta(α, β),  α = 1 + 4·(m − min)/(max − min),  β = 1 + 4·(max − m)/(max − min),
 *
 * whose mean is (min + 4·m + max) / 6. `fitPert` finds the bounds min ≤ low and max ≥ high for which P(X ≤ low) = 0.05
 * and P(X ≤ high) = 0.95 with the mode at mid, once per range; `samplePert` then draws from the fitted distribution.
 *
 * The Beta CDF (regularized incomplete beta function) is hand-written rather than taken from a library: the
 * candidates were jstat (a 1.2 MB CommonJS bundle of a whole statistics library, without types, whose `ibeta` is the
 * same Numerical Recipes continued fraction as here) and @stdlib/math-base-special-betainc (accurate, but 212 packages
 * and 24 MB installed for one function). The shapes PERT needs (α + β = 6, both in [1, 5]) are the easy case for the
 * continued fraction, whose convergence check stops it after about six terms (a dozen at most); the tests check it
 * against closed forms.
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

/** The PERT shape parameter λ: the weight of the mode in the mean (min + λ·mode + max) / (λ + 2). */
export const PERT_LAMBDA = 4;
/** The probabilities a range's `low` and `high` stand at. */
export const LOW_PROBABILITY = 0.05;
export const HIGH_PROBABILITY = 0.95;

/** A Beta-PERT distribution: bounds, mode, and the Beta shape parameters they give (λ = 4). */
export interface Pert {
  min: number;
  mode: number;
  max: number;
  alpha: number;
  beta: number;
}

/** Where a field's values may lie; either side may be open. */
export interface Domain {
  min?: number;
  max?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Special functions

/** Lanczos coefficients for g = 7, n = 9 (as tabulated by Godfrey; relative error below 1e-15 for x > 0). */
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos approximation; the reflection formula below ½). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LN_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const TINY = 1e-300;

/**
 * The continued fraction for the incomplete beta function, evaluated by the modified Lentz method: `betacf` of
 * Numerical Recipes (Press et al., 2nd ed., §6.4, eq. 6.4.5–6.4.6), in double precision.
 */
function betacf(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    // Even step of the recurrence.
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // Odd step.
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** ln(1 / B(a, b)) = ln Γ(a + b) − ln Γ(a) − ln Γ(b): the log of the Beta(a, b) density's normalising constant. */
function lnBetaNorm(a: number, b: number): number {
  return lnGamma(a + b) - lnGamma(a) - lnGamma(b);
}

/**
 * I_x(a, b) given `lnNorm` = lnBetaNorm(a, b), so that a quantile search takes the three ln Γ once per shape rather
 * than once per step (the sum is formed in the same order as before, so the result is bit-for-bit the same).
 */
function incompleteBeta(x: number, a: number, b: number, lnNorm: number): number {
  if (!(x > 0)) return 0;
  if (!(x < 1)) return 1;
  const front = Math.exp(lnNorm + a * Math.log(x) + b * Math.log1p(-x));
  return x < (a + 1) / (a + b + 2) ? (front * betacf(a, b, x)) / a : 1 - (front * betacf(b, a, 1 - x)) / b;
}

/**
 * The regularized incomplete beta function I_x(a, b): the CDF of Beta(a, b) at x (Numerical Recipes' `betai`: the
 * continued fraction where it converges fast, x < (a + 1)/(a + b + 2), and the symmetry I_x(a, b) = 1 − I_{1−x}(b, a)
 * elsewhere).
 */
export function betaCdf(x: number, a: number, b: number): number {
  return incompleteBeta(x, a, b, lnBetaNorm(a, b));
}

/**
 * The standard normal quantile to about 4.5e-4 (Abramowitz and Stegun 26.2.23): only a starting point for the
 * quantile search below, which then converges in a few steps.
 */
function roughNormalQuantile(q: number): number {
  const t = Math.sqrt(-2 * Math.log(Math.min(q, 1 - q)));
  const z = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
  return q < 0.5 ? -z : z;
}

/**
 * The q-quantile of Beta(a, b) for a, b ≥ 1 (the PERT shapes): Halley's method on the CDF F, starting from the normal
 * approximation (mean a/(a + b), variance ab/((a + b)²(a + b + 1))), or where that falls outside (0, 1) from the tails
 * F(x) ≈ x^a/(a·B(a, b)) near 0 and 1 − F(x) ≈ (1 − x)^b/(b·B(a, b)) near 1.
 *
 * F′ is the Beta density f and F″ = f·((a − 1)/x − (b − 1)/(1 − x)), both nearly free once F is known, so Halley's
 * cubic convergence costs no more per step than Newton's quadratic: three or four CDF evaluations from the normal
 * guess, two from a nearby warm start, where bisection to the last bit took fifty or more. Each residual's sign narrows
 * a bracket [lo, hi] around the root, and a step that would leave the bracket (far from the root the tangent can
 * overshoot, the density vanishing at an edge) is replaced by bisection, so it converges from any start.
 */
export function betaQuantile(q: number, a: number, b: number): number {
  return betaQuantileFrom(q, a, b, lnBetaNorm(a, b));
}

/** `betaQuantile` given lnNorm = lnBetaNorm(a, b) (shared by the two percentiles of one shape), from `guess` if given. */
function betaQuantileFrom(q: number, a: number, b: number, lnNorm: number, guess?: number): number {
  if (!(q > 0)) return 0;
  if (!(q < 1)) return 1;
  const mean = a / (a + b);
  let x = guess ?? mean + roughNormalQuantile(q) * Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)));
  if (!(x > 0)) x = Math.exp((Math.log(a * q) - lnNorm) / a);
  if (!(x < 1)) x = 1 - Math.exp((Math.log(b * (1 - q)) - lnNorm) / b);
  if (!(x > 0 && x < 1)) x = mean;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 100; i++) {
    const residual = incompleteBeta(x, a, b, lnNorm) - q;
    if (residual === 0) return x;
    if (residual < 0) lo = x;
    else hi = x;
    const newton = residual / Math.exp(lnNorm + (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x));
    const halley = newton / (1 - 0.5 * newton * ((a - 1) / x - (b - 1) / (1 - x)));
    // Converged once the Newton step is this small: Halley's step then leaves an error of order its cube, far below
    // F's own rounding. (Not Halley's step: near an edge, where F″/F′ is huge, it can be tiny far from the root.)
    if (Math.abs(newton) <= 1e-9 * x) return Math.min(hi, Math.max(lo, x - halley));
    x = x - halley > lo && x - halley < hi ? x - halley : 0.5 * (lo + hi);
  }
  return x;
}

/**
 * A root of `f` between `a` and `b`, where f(a) and f(b) differ in sign, by Brent's method (Brent, *Algorithms for
 * Minimization without Derivatives*, 1973, ch. 4; the `zeroin` of Forsythe, Malcolm and Moler): inverse quadratic or
 * secant steps while they stay well inside the bracket, bisection otherwise. On the smooth functions here that is
 * a handful of evaluations, where bisection to the last bit needs fifty or more. Stops when the bracket is a few ulps
 * of the root wide or |f| is down to `ftol`: the callers' f are differences of probabilities, whose rounding is of
 * order 1e-16, so steps past |f| ≈ 4ε would only chase that rounding (and collapse the bracket with extra tiny and
 * bisection steps). Without a sign change it returns the end where |f| is smaller (as bisection would end there).
 */
function brent(f: (x: number) => number, a: number, b: number, fa = f(a), fb = f(b), ftol = 4 * Number.EPSILON): number {
  if (Math.abs(fa) <= ftol) return a;
  if (Math.abs(fb) <= ftol) return b;
  if ((fa > 0) === (fb > 0)) return Math.abs(fa) < Math.abs(fb) ? a : b;
  // b is the best estimate so far, c the other end of the bracket, a the previous b.
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let i = 0; i < 200; i++) {
    if ((fb > 0) === (fc > 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b);
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || Math.abs(fb) <= ftol) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Interpolate: secant through a and b, or inverse quadratic through a, b and c when all three differ.
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const r = fb / fc;
        const t = fa / fc;
        p = s * (2 * m * t * (t - r) - (b - a) * (r - 1));
        q = (t - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      // Accept the step only if it lands inside the bracket and shrinks faster than the step before last.
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}

// ---------------------------------------------------------------------------------------------------------------
// PERT

/** The Beta-PERT (λ = 4) with these bounds and mode; min = max is the point mass at the mode. */
export function pertFromBounds(min: number, mode: number, max: number): Pert {
  if (!(min <= mode && mode <= max)) throw new RangeError(`PERT needs min ≤ mode ≤ max; got ${min}, ${mode}, ${max}`);
  if (!(max > min)) return { min: mode, mode, max: mode, alpha: 1 + PERT_LAMBDA / 2, beta: 1 + PERT_LAMBDA / 2 };
  const width = max - min;
  return { min, mode, max, alpha: 1 + (PERT_LAMBDA * (mode - min)) / width, beta: 1 + (PERT_LAMBDA * (max - mode)) / width };
}

/** P(X ≤ x) for X ~ `dist`. */
export function pertCdf(dist: Pert, x: number): number {
  if (!(dist.max > dist.min)) return x < dist.mode ? 0 : 1;
  return betaCdf((x - dist.min) / (dist.max - dist.min), dist.alpha, dist.beta);
}

/** (min + 4·mode + max) / 6: the PERT mean. */
export function pertMean(dist: Pert): number {
  return (dist.min + PERT_LAMBDA * dist.mode + dist.max) / (PERT_LAMBDA + 2);
}

/**
 * The 5th and 95th percentiles of the standard PERT on [0, 1] with its mode at p: Beta(1 + 4p, 1 + 4(1 − p)); `near`,
 * the percentiles at a nearby p, are the starting guesses.
 */
function standardPercentiles(p: number, near?: { low: number; high: number }): { low: number; high: number } {
  const alpha = 1 + PERT_LAMBDA * p;
  const beta = 1 + PERT_LAMBDA * (1 - p);
  const lnNorm = lnBetaNorm(alpha, beta);
  return {
    low: betaQuantileFrom(LOW_PROBABILITY, alpha, beta, lnNorm, near?.low),
    high: betaQuantileFrom(HIGH_PROBABILITY, alpha, beta, lnNorm, near?.high),
  };
}

/**
 * Where the mode sits between the percentiles, (p − q₅)/(q₉₅ − q₅), for the mode at the lower edge p = 0: there the
 * standard PERT is Beta(1, 1 + λ), whose quantiles have the closed form 1 − (1 − u)^(1/(1 + λ)). (By symmetry it is
 * 1 − EDGE_SHARE at p = 1.) It starts the search for p without two quantile searches at the edges.
 */
const EDGE_SHARE = (() => {
  const edgeQuantile = (u: number) => 1 - Math.pow(1 - u, 1 / (1 + PERT_LAMBDA));
  return -edgeQuantile(LOW_PROBABILITY) / (edgeQuantile(HIGH_PROBABILITY) - edgeQuantile(LOW_PROBABILITY));
})();

/**
 * The Beta-PERT (λ = 4) whose mode is `mid` and whose 5th and 95th percentiles are `low` and `high`.
 *
 * A PERT is a location-scale family once the mode's place p = (mode − min)/(max − min) in [0, 1] is fixed, so the two
 * unknown bounds reduce to one unknown: p must put the mode where `mid` sits between the percentiles,
 *
 *   (p − q₅(p)) / (q₉₅(p) − q₅(p)) = (mid − low) / (high − low),
 *
 * with q₅, q₉₅ the percentiles of the standard PERT on [0, 1]. The left side runs from below 0 (p = 0) to above 1
 * (p = 1), so [0, 1] always brackets a root, even with the mode at an edge (low = mid or mid = high: the bounds then
 * stretch past that edge, min < low or max > high). The scale (high − low)/(q₉₅ − q₅) and the shift then put the
 * percentiles on `low` and `high` exactly. Brent's method finds p in about six steps, each inverting the Beta CDF twice
 * by Halley's method: some thirty CDF evaluations in all (nested bisections took over six thousand), tens of
 * microseconds once compiled and well under a millisecond from a cold start, once per range.
 *
 * `domain` clamps the fitted bounds into the values the field may take (min ≥ domain.min, max ≤ domain.max, never past
 * `low` / `high` themselves). A clamped distribution keeps its mode at `mid` and stays inside the domain, but its
 * percentile on the clamped side then only approximates the range: below a clamped min lies less or more than 5 %
 * below `low`. The other bound is refitted (by Brent's method) so that the other percentile still holds exactly, unless
 * it too has to be clamped, and then both are approximate. low = mid = high gives the point mass at mid.
 */
export function fitPert(low: number, mid: number, high: number, domain: Domain = {}): Pert {
  if (![low, mid, high].every(Number.isFinite) || !(low <= mid && mid <= high)) throw new RangeError(`a range needs finite low ≤ mid ≤ high; got ${low}, ${mid}, ${high}`);
  if (!(high > low)) return pertFromBounds(mid, mid, mid);
  const share = (mid - low) / (high - low);
  // The left side is smooth and increasing in p, so Brent's method finds p in a handful of steps (bisection took fifty
  // or more). Its later steps are close together, so each starts the quantile searches from the last one's results.
  // (Brent usually ends on the p it evaluated last, whose percentiles are then reused as they are.)
  let last = { p: Number.NaN, q: { low: Number.NaN, high: Number.NaN } };
  const percentilesAt = (p: number) => {
    if (p !== last.p) last = { p, q: standardPercentiles(p, Math.abs(p - last.p) < 0.1 ? last.q : undefined) };
    return last.q;
  };
  const p = brent((x) => {
    const q = percentilesAt(x);
    return (x - q.low) / (q.high - q.low) - share;
  }, 0, 1, EDGE_SHARE - share, 1 - EDGE_SHARE - share);
  const q = percentilesAt(p);
  const width = (high - low) / (q.high - q.low);
  const min = low - width * q.low;
  const max = high + width * (1 - q.high);
  const floor = domain.min === undefined ? -Infinity : Math.min(domain.min, low);
  const ceiling = domain.max === undefined ? Infinity : Math.max(domain.max, high);
  if (min >= floor && max <= ceiling) return pertFromBounds(min, mid, max);
  if (min < floor && max > ceiling) return pertFromBounds(floor, mid, ceiling);
  // One side is clamped: refit the other bound so that the other percentile still holds (then clamp it too).
  if (min < floor) {
    const atHigh = (x: number) => pertCdf(pertFromBounds(floor, mid, x), high);
    return pertFromBounds(floor, mid, Math.min(ceiling, high + widen((t) => HIGH_PROBABILITY - atHigh(high + t), high - floor)));
  }
  const atLow = (x: number) => pertCdf(pertFromBounds(x, mid, ceiling), low);
  return pertFromBounds(Math.max(floor, low - widen((t) => atLow(low - t) - LOW_PROBABILITY, ceiling - low)), mid, ceiling);
}

/** The root t ≥ 0 of `f` (f(0) < 0, positive for large t): double `step` until f changes sign, then Brent's method. */
function widen(f: (t: number) => number, step: number): number {
  let lo = 0;
  let flo = f(lo);
  let hi = step;
  let fhi = f(hi);
  for (let i = 0; i < 60 && fhi < 0; i++) {
    lo = hi;
    flo = fhi;
    hi *= 2;
    fhi = f(hi);
  }
  return brent(f, lo, hi, flo, fhi);
}

const LN_4 = Math.log(4);
const ONE_PLUS_LN_5 = 1 + Math.log(5);

/**
 * One draw from Beta(a, b) for a, b ≥ 1 (the PERT shapes).
 *
 * A unit shape has a closed-form quantile, so that draw is one uniform, by inversion: Beta(1, b) is 1 − (1 − U)^(1/b)
 * and Beta(a, 1) is U^(1/a). Otherwise Cheng's algorithm BB (R. C. H. Cheng, "Generating beta variates with
 * nonintegral shape parameters", Communications of the ACM 21(4), 1978), for shapes above 1: rejection from a
 * log-logistic envelope, two uniforms a try, and about 1.1 tries a draw for the PERT shapes. (The ratio of two gamma
 * draws it replaced took about six uniforms a draw, and twice the time.)
 */
function sampleBeta(a: number, b: number, rng: Rng): number {
  if (a === 1) return 1 - Math.pow(1 - rng.next(), 1 / b);
  if (b === 1) return Math.pow(rng.next(), 1 / a);
  // BB draws Beta(small, large), mirrored when a is the larger shape.
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  const sum = small + large;
  const scale = Math.sqrt((sum - 2) / (2 * small * large - sum));
  const shift = small + 1 / scale;
  for (;;) {
    const u1 = rng.next();
    if (u1 === 0) continue; // ln 0: the envelope's far edge, drawn once in 2^53
    const u2 = rng.next();
    const v = scale * Math.log(u1 / (1 - u1));
    const w = small * Math.exp(v);
    const z = u1 * u1 * u2;
    const r = shift * v - LN_4;
    const s = small + r - w;
    // The exact test is ln z ≤ r + sum·ln(sum / (large + w)). Two cheaper sufficient conditions come first:
    // s ≥ ln z (as ln y ≥ 1 − 1/y), and before it s ≥ 5z − 1 − ln 5 (as ln z ≤ 5z − 1 − ln 5), without a logarithm.
    if (s + ONE_PLUS_LN_5 >= 5 * z || s >= Math.log(z) || r + sum * Math.log(sum / (large + w)) >= Math.log(z)) {
      return small === a ? w / (large + w) : large / (large + w);
    }
  }
}

/** One draw from `dist` (from `fitPert` or `pertFromBounds`); exactly its mode when min = max. */
export function samplePert(dist: Pert, rng: Rng): number {
  if (!(dist.max > dist.min)) return dist.mode;
  return Math.min(dist.max, dist.min + (dist.max - dist.min) * sampleBeta(dist.alpha, dist.beta, rng));
}

/** The q-quantile (0 ≤ q ≤ 1) of ascending `sorted`, interpolating linearly between order statistics. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}
