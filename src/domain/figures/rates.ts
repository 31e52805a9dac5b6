/**
 * Rates exactly as domain.md: integer arithmetic, half-up rounding, null when nothing is counted (a rate over zero
 * dossiers is not 0% nor 100%).
 */

/** num/den as a percent rounded half up to `decimals` places: 1539/2045 → 75; 1862/2977 with 2 → 62.55. */
export function ratePercent(num: number, den: number, decimals = 0): number | null {
  if (den <= 0) return null;
  const scale = 10 ** decimals;
  // floor((2·num·100·scale + den) / (2·den)) is round-half-up of num·100·scale/den in exact integers.
  return Math.floor((2 * num * 100 * scale + den) / (2 * den)) / scale;
}

/**
 * Tỷ lệ đúng hẹn = (early + on time + pending not yet due) / (resolved + pending), whole percent half up.
 * Not stated in the report; it is the formula that reproduces all four of its rates (domain.md).
 */
export function onTimeRatePercent(f: {
  early_plus_on_time: number;
  pending_not_yet_due: number;
  resolved: number;
  pending: number;
}): number | null {
  return ratePercent(f.early_plus_on_time + f.pending_not_yet_due, f.resolved + f.pending, 0);
}

/** Online-service and digitisation rates are shown with two decimals (62,55%). */
export function rate2(num: number, den: number): number | null {
  return ratePercent(num, den, 2);
}
