/**
 * The Student-t distribution, which is the marginal posterior of a Normal–Gamma arm's mean.
 * Pure numerics: log-gamma (Lanczos), the regularized incomplete beta (continued fraction,
 * modified Lentz), the t density and CDF.
 */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905,
  -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error < 1e-13 on the range used here). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.9999999999998099;
  const t = z + 7.5;
  for (let i = 0; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta (Numerical Recipes' betacf, modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-14) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b), 0 ≤ x ≤ 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** A location–scale Student-t: x = location + scale · T_ν. */
export interface StudentT {
  /** degrees of freedom ν > 0 */
  df: number;
  location: number;
  /** > 0 */
  scale: number;
}

/** Density of the location–scale t: Γ((ν+1)/2) / (Γ(ν/2) √(νπ) s) · (1 + z²/ν)^(−(ν+1)/2), z = (x − m)/s. */
export function studentTPdf(t: StudentT, x: number): number {
  const z = (x - t.location) / t.scale;
  const v = t.df;
  const logNorm = logGamma((v + 1) / 2) - logGamma(v / 2) - 0.5 * Math.log(v * Math.PI) - Math.log(t.scale);
  return Math.exp(logNorm - ((v + 1) / 2) * Math.log1p((z * z) / v));
}

/** CDF of the location–scale t: for z ≥ 0, 1 − ½ I_{ν/(ν+z²)}(ν/2, ½); symmetric for z < 0. */
export function studentTCdf(t: StudentT, x: number): number {
  const z = (x - t.location) / t.scale;
  if (!Number.isFinite(z)) return z > 0 ? 1 : 0;
  const tail = 0.5 * incompleteBeta(t.df / (t.df + z * z), t.df / 2, 0.5);
  return z >= 0 ? 1 - tail : tail;
}
