import { microsToUsd, type Micros } from './money.js';
import type { Component, ComponentRole } from './types.js';

/** A priced line of the plan; `unitMicros` is the monthly cost of one unit, the total is unit × count. */
export function component(
  role: ComponentRole,
  service: string,
  type: string,
  count: number,
  unitMicros: Micros,
  spec: { vcpu?: number; memoryGiB?: number; note?: string; totalMicros?: Micros } = {},
): Component {
  const monthlyMicros = spec.totalMicros ?? unitMicros * count;
  return {
    role,
    service,
    type,
    count,
    vcpu: spec.vcpu ?? null,
    memoryGiB: spec.memoryGiB ?? null,
    unitMonthlyUsd: microsToUsd(unitMicros),
    monthlyUsd: microsToUsd(monthlyMicros),
    monthlyMicros,
    ...(spec.note ? { note: spec.note } : {}),
  };
}
