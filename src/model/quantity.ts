/** Short, locale-independent renderings of quantities for explanations. */
/** Thousands separators without Intl: ICU formatting is slow to start and output must not depend on locale. */
export function groupThousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export const formatQuantity = (n: number) => (Math.abs(n) >= 100 ? groupThousands(n) : Number(n.toPrecision(3)).toString());
