/**
 * An account's engagement level over time: what its posts reach once what they contain is
 * accounted for. It moves (followers come and go, the news cycle, a platform change), so it is
 * an exponentially weighted mean with a half-life in days rather than an all-time mean, and how
 * fast it moves (its drift per day) is measured so that a prediction made long after the last
 * outcome widens its interval. Pure.
 */

export const DAY_MS = 86_400_000;

/**
 * Running state of an exponentially weighted mean in time:
 *   weight wᵢ = 2^(−(t − tᵢ)/halfLife),  mean = Σ wᵢ rᵢ / Σ wᵢ,
 *   effective number of observations n_eff = (Σ wᵢ)² / Σ wᵢ²  (Kish).
 */
export interface LevelState {
  /** Σ wᵢ rᵢ as of `time` */
  sum: number;
  /** Σ wᵢ */
  weight: number;
  /** Σ wᵢ² */
  weightSq: number;
  /** time of the last observation, ms */
  time: number;
}

/** Nothing observed yet (`time` is then meaningless; 0 keeps the state JSON-safe). */
export const EMPTY_LEVEL: LevelState = { sum: 0, weight: 0, weightSq: 0, time: 0 };

/** The state after observing residual `r` at `time` (≥ the state's time; earlier counts as now). */
export function observeLevel(state: LevelState, r: number, time: number, halfLifeDays: number): LevelState {
  if (state.weight === 0) return { sum: r, weight: 1, weightSq: 1, time };
  const days = Math.max(0, time - state.time) / DAY_MS;
  const decay = 2 ** (-days / halfLifeDays);
  return {
    sum: state.sum * decay + r,
    weight: state.weight * decay + 1,
    weightSq: state.weightSq * decay * decay + 1,
    time: Math.max(time, state.time),
  };
}

/** The weighted mean (0 when nothing was observed). */
export function levelMean(state: LevelState): number {
  return state.weight > 0 ? state.sum / state.weight : 0;
}

/** Kish's effective number of observations behind the mean (0 when nothing was observed). */
export function effectiveCount(state: LevelState): number {
  return state.weightSq > 0 ? (state.weight * state.weight) / state.weightSq : 0;
}

/** Lags (days) the drift is measured over. */
export const DRIFT_LAGS_DAYS = [7, 14, 30, 60, 90, 180] as const;
/** A lag needs this many pairs of readings to count. */
export const DRIFT_MIN_PAIRS = 10;

/**
 * Drift per day of a level series, by its variogram: for each lag ℓ, the mean squared change
 * msd(ℓ) = mean over readings i of (L(tᵢ + ℓ) − L(tᵢ))², where L(tᵢ + ℓ) is the first reading at
 * or after tᵢ + ℓ; then the least-squares line through the origin, D = Σ ℓ·msd(ℓ) / Σ ℓ². A
 * random walk with variance D per day has exactly msd(ℓ) = D·ℓ. Null when no lag has
 * DRIFT_MIN_PAIRS pairs (a history too short to say).
 *
 * @param times  reading times in ms, ascending
 * @param levels the level after each reading
 */
export function driftPerDay(times: readonly number[], levels: readonly number[]): number | null {
  let num = 0;
  let den = 0;
  for (const lag of DRIFT_LAGS_DAYS) {
    let j = 0;
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < times.length; i++) {
      const target = times[i]! + lag * DAY_MS;
      if (j < i) j = i;
      while (j < times.length && times[j]! < target) j++;
      if (j >= times.length) break;
      const change = levels[j]! - levels[i]!;
      sum += change * change;
      pairs++;
    }
    if (pairs < DRIFT_MIN_PAIRS) continue;
    num += lag * (sum / pairs);
    den += lag * lag;
  }
  return den > 0 ? num / den : null;
}
