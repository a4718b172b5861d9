/** Load balancer capacity units and data transfer out to the internet. */
import type { AwsSnapshot } from '../catalogue/schema.js';
import type { Profile } from '../profile/schema.js';
import { component } from './component.js';
import { formatQuantity as q } from './quantity.js';
import { HOURS_PER_MONTH, monthlyMicrosFromHourly, usdToMicros } from './money.js';
import type { Component, Demand } from './types.js';

/**
 * LCUs an ALB bills per hour: the largest of its dimensions. Priced at the peak hour for every hour (conservative).
 * Each session opens one connection and keeps it (keep-alive, SSE or WebSocket), so by Little's law new connections
 * per second are the concurrent sessions divided by a session's length; every open session is an active connection.
 */
export function albLcus(aws: AwsSnapshot, profile: Profile, demand: Demand): number {
  const lcu = aws.alb.lcu;
  const processedGBPerHour = (demand.peakMessagesPerSecond * 3600 * profile.app.responseKB * 1e3) / 1e9;
  const sessionSeconds = Math.max(1, profile.traffic.messagesPerSession * profile.traffic.secondsBetweenMessages);
  const newConnectionsPerSecond = demand.concurrentUsers / sessionSeconds;
  return Math.max(
    newConnectionsPerSecond / lcu.newConnectionsPerSecond,
    demand.concurrentUsers / lcu.activeConnectionsPerMinute,
    processedGBPerHour / lcu.processedGbPerHour,
  );
}

export function albMicros(aws: AwsSnapshot, lcus: number): number {
  return monthlyMicrosFromHourly(aws.alb.usdPerHour) + usdToMicros(lcus * HOURS_PER_MONTH * aws.alb.usdPerLcuHour);
}

export function albComponent(aws: AwsSnapshot, profile: Profile, demand: Demand): Component {
  const lcus = albLcus(aws, profile, demand);
  return component('load-balancer', 'Application Load Balancer', 'ALB', 1, albMicros(aws, lcus), { note: `${q(lcus)} LCU` });
}

/**
 * Tiered price of data sent to the internet. Tier limits count the whole month's volume ("up to 10 TB, the next
 * 40 TB, …"); the free allowance is the first gigabytes of the first tier.
 */
export function transferMicros(aws: AwsSnapshot, gbPerMonth: number): number {
  const free = aws.dataTransferOut.freeGbPerMonth;
  let previousCap = 0;
  let usd = 0;
  const tiers = aws.dataTransferOut.tiers;
  for (let k = 0; k < tiers.length; k++) {
    const tier = tiers[k]!;
    const cap = tier.upToGbPerMonth ?? Infinity;
    const from = Math.max(previousCap, free);
    const to = Math.min(gbPerMonth, cap);
    if (to > from) usd += (to - from) * tier.usdPerGb;
    if (gbPerMonth <= cap) break;
    previousCap = cap;
  }
  return usdToMicros(usd);
}

export function transferComponent(aws: AwsSnapshot, demand: Demand): Component {
  const micros = transferMicros(aws, demand.monthlyTransferGB);
  return component('transfer', 'Data transfer out', `${q(demand.monthlyTransferGB)} GB/month`, 1, micros, { note: `first ${aws.dataTransferOut.freeGbPerMonth} GB free` });
}
