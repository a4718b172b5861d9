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

export function albComponent(aws: AwsSnapshot, profile: Profile, demand: Demand): Component {
  const lcus = albLcus(aws, profile, demand);
  const hourly = monthlyMicrosFromHourly(aws.alb.usdPerHour);
  const lcuMicros = usdToMicros(lcus * HOURS_PER_MONTH * aws.alb.usdPerLcuHour);
  return component('load-balancer', 'Application Load Balancer', 'ALB', 1, hourly + lcuMicros, { note: `${q(lcus)} LCU` });
}

/** Tiered price of data sent to the internet after the free allowance. */
export function transferMicros(aws: AwsSnapshot, gbPerMonth: number): number {
  let remaining = Math.max(0, gbPerMonth - aws.dataTransferOut.freeGbPerMonth);
  let previousCap = 0;
  let usd = 0;
  for (const tier of aws.dataTransferOut.tiers) {
    const width = tier.upToGbPerMonth === null ? Infinity : tier.upToGbPerMonth - previousCap;
    const inTier = Math.min(remaining, width);
    usd += inTier * tier.usdPerGb;
    remaining -= inTier;
    if (tier.upToGbPerMonth !== null) previousCap = tier.upToGbPerMonth;
    if (remaining <= 0) break;
  }
  return usdToMicros(usd);
}

export function transferComponent(aws: AwsSnapshot, demand: Demand): Component {
  const micros = transferMicros(aws, demand.monthlyTransferGB);
  return component('transfer', 'Data transfer out', `${q(demand.monthlyTransferGB)} GB/month`, 1, micros, { note: `first ${aws.dataTransferOut.freeGbPerMonth} GB free` });
}
