/** Short, locale-independent renderings of quantities for explanations. */
/** Thousands separators without Intl: ICU formatting is slow to start and output must not depend on locale. */
export function groupThousands(n: number): string {
  const whole = Math.round(n);
  // From 1e21 on, a number is written with an exponent: no digits to group.
  if (!(Math.abs(whole) < 1e21)) return whole.toPrecision(3);
  return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export const formatQuantity = (n: number) => (Math.abs(n) >= 100 ? groupThousands(n) : Number(n.toPrecision(3)).toString());

/** A ratio as a whole percentage with thousands separators: 0.7 → "70 %", 42.56 → "4,256 %". */
export const wholePercent = (ratio: number): string => `${groupThousands(ratio * 100)} %`;
