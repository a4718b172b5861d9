/** Price List items for every query `pricing refresh` makes, at known prices, plus decoys it must ignore. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { priceItem, type FixtureItem } from './price-list-server.js';

export function bundledSnapshot(region = 'us-east-1'): { file: string; json: any } {
  const dir = join(ROOT, 'pricing-snapshots');
  const name = readdirSync(dir).filter((f) => f.startsWith(`aws-${region}-`)).sort().at(-1)!;
  return { file: join(dir, name), json: JSON.parse(readFileSync(join(dir, name), 'utf8')) };
}

/** Served prices are the bundled ones × 1.5, so a test can tell a refreshed value from a kept one. */
export const FACTOR = 1.5;
const served = (usd: number) => Math.round(usd * FACTOR * 1e6) / 1e6;

export function priceListItems(region: string, prefix: string): FixtureItem[] {
  const t = bundledSnapshot().json;
  const p = (usage: string) => (prefix ? `${prefix}-${usage}` : usage);
  const items: FixtureItem[] = [];
  const ec2Attrs = (type: string, spec: any) => ({ instanceType: type, regionCode: region, operatingSystem: 'Linux', tenancy: 'Shared', preInstalledSw: 'NA', capacitystatus: 'Used', vcpu: String(spec.vcpu), memory: `${spec.memoryGiB} GiB`, operation: 'RunInstances', locationType: 'AWS Region' });
  for (const [type, spec] of Object.entries<any>(t.ec2)) {
    // Decoy first: an Outposts rack item with the same filter attributes and a lower price.
    items.push(priceItem('AmazonEC2', 'Compute Instance', { ...ec2Attrs(type, spec), usagetype: p(`BoxUsage:${type}`), locationType: 'AWS Outposts' }, 0.0001));
    items.push(priceItem('AmazonEC2', 'Compute Instance', { ...ec2Attrs(type, spec), usagetype: p(`BoxUsage:${type}`) }, served(spec.usdPerHour)));
  }
  items.push(priceItem('AmazonEC2', 'CPU Credits', { regionCode: region, operatingSystem: 'Linux', usagetype: p('CPUCredits:t2') }, 0.99, 'vCPU-Hours'));
  items.push(priceItem('AmazonEC2', 'CPU Credits', { regionCode: region, operatingSystem: 'Linux', usagetype: p('CPUCredits:t3') }, served(t.t3SurplusCreditUsdPerVcpuHour.value), 'vCPU-Hours'));
  // Fargate: Windows and ARM items share the region filter; only the x86 Linux usage types count for x86.
  items.push(priceItem('AmazonECS', 'Compute', { regionCode: region, usagetype: p('Fargate-Windows-vCPU-Hours:perCPU') }, 0.9, 'hours'));
  items.push(priceItem('AmazonECS', 'Compute', { regionCode: region, usagetype: p('Fargate-vCPU-Hours:perCPU') }, served(t.fargate.x86.usdPerVcpuHour), 'hours'));
  items.push(priceItem('AmazonECS', 'Compute', { regionCode: region, usagetype: p('Fargate-GB-Hours') }, served(t.fargate.x86.usdPerGbHour), 'hours'));
  items.push(priceItem('AmazonECS', 'Compute', { regionCode: region, usagetype: p('Fargate-ARM-vCPU-Hours:perCPU') }, served(t.fargate.arm.usdPerVcpuHour), 'hours'));
  items.push(priceItem('AmazonECS', 'Compute', { regionCode: region, usagetype: p('Fargate-ARM-GB-Hours') }, served(t.fargate.arm.usdPerGbHour), 'hours'));
  for (const [cls, spec] of Object.entries<any>(t.rds.postgres)) {
    const attrs = { regionCode: region, databaseEngine: 'PostgreSQL', instanceType: cls, vcpu: String(spec.vcpu), memory: `${spec.memoryGiB} GiB`, locationType: 'AWS Region' };
    // Extended Support charges come back from the same filter; they must not be taken for the instance price.
    items.push(priceItem('AmazonRDS', 'Database Instance', { ...attrs, deploymentOption: 'Single-AZ', usagetype: p(`ExtendedSupport:${cls}`) }, 0.0002));
    items.push(priceItem('AmazonRDS', 'Database Instance', { ...attrs, deploymentOption: 'Single-AZ', usagetype: p(`InstanceUsage:${cls}`) }, served(spec.singleAzUsdPerHour)));
    items.push(priceItem('AmazonRDS', 'Database Instance', { ...attrs, deploymentOption: 'Multi-AZ', usagetype: p(`Multi-AZUsage:${cls}`) }, served(spec.multiAzUsdPerHour)));
  }
  const storage = { regionCode: region, volumeType: 'General Purpose-GP3', databaseEngine: 'PostgreSQL' };
  items.push(priceItem('AmazonRDS', 'Database Storage', { ...storage, deploymentOption: 'Single-AZ', usagetype: p('RDS:GP3-Storage') }, served(t.rds.storage.singleAzUsdPerGbMonth), 'GB-Mo'));
  items.push(priceItem('AmazonRDS', 'Database Storage', { ...storage, deploymentOption: 'Multi-AZ', usagetype: p('RDS:Multi-AZ-GP3-Storage') }, served(t.rds.storage.multiAzUsdPerGbMonth), 'GB-Mo'));
  items.push(priceItem('AmazonRDS', 'RDS Proxy', { regionCode: region, usagetype: p('RDS:ProxyServerlessUsage') }, 0.5, 'ACU-Hr'));
  items.push(priceItem('AmazonRDS', 'RDS Proxy', { regionCode: region, usagetype: p('RDS:ProxyUsage') }, served(t.rds.proxy.usdPerVcpuHour), 'vCPU-Hour'));
  for (const [node, spec] of Object.entries<any>(t.elasticache.nodes)) {
    const attrs = { regionCode: region, cacheEngine: 'Redis', instanceType: node, memory: `${spec.memoryGiB} GiB`, locationType: 'AWS Region' };
    items.push(priceItem('AmazonElastiCache', 'Cache Instance', { ...attrs, usagetype: p(`ExtendedSupport:${node}`) }, 0.0003));
    items.push(priceItem('AmazonElastiCache', 'Cache Instance', { ...attrs, usagetype: p(`NodeUsage:${node}`) }, served(spec.usdPerHour)));
  }
  items.push(priceItem('AWSELB', 'Load Balancer-Application', { regionCode: region, usagetype: p('LoadBalancerUsage') }, served(t.alb.usdPerHour)));
  items.push(priceItem('AWSELB', 'Load Balancer-Application', { regionCode: region, usagetype: p('LCUUsage') }, served(t.alb.usdPerLcuHour), 'LCU-Hrs'));
  items.push(
    priceItem('AWSDataTransfer', 'Data Transfer', { fromRegionCode: region, transferType: 'AWS Outbound', toLocation: 'External', usagetype: p('DataTransfer-Out-Bytes') }, 0, 'GB', [
      { beginRange: '0', endRange: '10240', usd: 0.1 },
      { beginRange: '10240', endRange: '51200', usd: 0.095 },
      { beginRange: '51200', endRange: '153600', usd: 0.08 },
      { beginRange: '153600', endRange: 'Inf', usd: 0.06 },
    ]),
  );
  return items;
}
