/**
 * Build a pricing snapshot from Price List items. Pure: `fetch` is injected (the AWS adapter in the CLI, a fixture in
 * tests), so the selection rules (which SKU, which usage type) are tested without a network.
 */
import { estimatedMaxConnections } from '../model/database.js';
import type { AwsSnapshot } from './schema.js';
import { findItem, onDemandDimensions, onDemandUsd, parseGiB, usageTypeEndsWith, type PriceItem } from './price-items.js';

export interface Filter {
  Field: string;
  Value: string;
}

export type FetchProducts = (serviceCode: string, filters: Filter[], label: string) => Promise<PriceItem[]>;

export interface RefreshResult {
  snapshot: AwsSnapshot;
  /** Entries kept from the previous snapshot of the same region, or dropped, and why. */
  notes: string[];
}

export class RefreshDataError extends Error {}

const API = 'AWS Price List Query API GetProducts';

function provenance(item: PriceItem, extra: Record<string, string> = {}) {
  return { tag: 'API' as const, ref: API, sku: item.product.sku, ...(item.publicationDate ? { publicationDate: item.publicationDate } : {}), ...extra };
}

const f = (Field: string, Value: string): Filter => ({ Field, Value });

/**
 * `template` lists the instance types to price (the newest snapshot we have). `previous` is the last snapshot of the
 * same region, if any: values the Price List does not carry (burst baselines) come from it, and so does an entry the
 * API no longer returns, with a note. Without it, a missing required price is an error.
 */
export async function buildSnapshot(region: string, date: string, template: AwsSnapshot, previous: AwsSnapshot | undefined, fetch: FetchProducts): Promise<RefreshResult> {
  const notes: string[] = [];
  const regionFilter = f('regionCode', region);
  const need = <T>(value: T | undefined, what: string, fallback: T | undefined): T => {
    if (value !== undefined) return value;
    if (fallback !== undefined) {
      notes.push(`${what}: not in the Price List response; kept from the previous ${region} snapshot`);
      return fallback;
    }
    throw new RefreshDataError(`the Price List returned no price for ${what} in ${region}`);
  };

  // EC2 instances: Linux, shared tenancy, no pre-installed software, used capacity.
  const ec2: AwsSnapshot['ec2'] = {};
  for (const [type, spec] of Object.entries(template.ec2)) {
    const items = await fetch('AmazonEC2', [regionFilter, f('instanceType', type), f('operatingSystem', 'Linux'), f('tenancy', 'Shared'), f('preInstalledSw', 'NA'), f('capacitystatus', 'Used')], `EC2 ${type}`);
    const item = findItem(items, (i) => usageTypeEndsWith(i, `BoxUsage:${type}`) && (i.product.attributes.operation ?? 'RunInstances') === 'RunInstances');
    const kept = previous?.ec2[type];
    if (!item) {
      if (kept) {
        ec2[type] = kept;
        notes.push(`EC2 ${type}: not in the Price List response; kept from the previous ${region} snapshot`);
      } else notes.push(`EC2 ${type}: not offered in ${region}; left out`);
      continue;
    }
    const burst = previous?.ec2[type]?.burst ?? spec.burst;
    ec2[type] = {
      vcpu: Number(item.product.attributes.vcpu ?? spec.vcpu),
      memoryGiB: parseGiB(item.product.attributes.memory) ?? spec.memoryGiB,
      usdPerHour: onDemandUsd(item)!,
      ...(burst ? { burst } : {}),
      source: provenance(item),
    };
  }

  // T3 Unlimited surplus credits.
  const creditItems = await fetch('AmazonEC2', [regionFilter, f('productFamily', 'CPU Credits'), f('operatingSystem', 'Linux')], 'EC2 CPU credits');
  const credit = findItem(creditItems, (i) => usageTypeEndsWith(i, 'CPUCredits:t3'));
  const t3SurplusCreditUsdPerVcpuHour = credit ? { value: onDemandUsd(credit)!, source: provenance(credit) } : need(undefined, 'T3 CPU credits', previous?.t3SurplusCreditUsdPerVcpuHour);

  // Fargate: Linux/x86 and Linux/ARM per vCPU-hour and per GB-hour.
  const fargateItems = await fetch('AmazonECS', [regionFilter], 'Fargate');
  const rate = (suffix: string) => findItem(fargateItems, (i) => usageTypeEndsWith(i, suffix));
  const x86Cpu = rate('Fargate-vCPU-Hours:perCPU');
  const x86Mem = rate('Fargate-GB-Hours');
  const armCpu = rate('Fargate-ARM-vCPU-Hours:perCPU');
  const armMem = rate('Fargate-ARM-GB-Hours');
  const x86 = x86Cpu && x86Mem ? { usdPerVcpuHour: onDemandUsd(x86Cpu)!, usdPerGbHour: onDemandUsd(x86Mem)!, source: provenance(x86Cpu, { note: `memory SKU ${x86Mem.product.sku}` }) } : need(undefined, 'Fargate x86', previous?.fargate.x86);
  const arm = armCpu && armMem ? { usdPerVcpuHour: onDemandUsd(armCpu)!, usdPerGbHour: onDemandUsd(armMem)!, source: provenance(armCpu, { note: `memory SKU ${armMem.product.sku}` }) } : previous?.fargate.arm;

  // RDS for PostgreSQL instances, Single-AZ and Multi-AZ.
  const postgres: AwsSnapshot['rds']['postgres'] = {};
  for (const [cls, spec] of Object.entries(template.rds.postgres)) {
    const items = await fetch('AmazonRDS', [regionFilter, f('productFamily', 'Database Instance'), f('databaseEngine', 'PostgreSQL'), f('instanceType', cls)], `RDS ${cls}`);
    const single = findItem(items, (i) => i.product.attributes.deploymentOption === 'Single-AZ' && usageTypeEndsWith(i, `InstanceUsage:${cls}`));
    const multi = findItem(items, (i) => i.product.attributes.deploymentOption === 'Multi-AZ' && usageTypeEndsWith(i, `Multi-AZUsage:${cls}`));
    const kept = previous?.rds.postgres[cls];
    if (!single || !multi) {
      if (kept) {
        postgres[cls] = kept;
        notes.push(`RDS ${cls}: not in the Price List response; kept from the previous ${region} snapshot`);
      } else notes.push(`RDS ${cls}: not offered in ${region}; left out`);
      continue;
    }
    const memoryGiB = parseGiB(single.product.attributes.memory) ?? spec.memoryGiB;
    const baselinePerVcpu = kept?.baselinePerVcpu ?? spec.baselinePerVcpu;
    postgres[cls] = {
      vcpu: Number(single.product.attributes.vcpu ?? spec.vcpu),
      memoryGiB,
      singleAzUsdPerHour: onDemandUsd(single)!,
      multiAzUsdPerHour: onDemandUsd(multi)!,
      maxConnections: estimatedMaxConnections(memoryGiB),
      burstable: cls.startsWith('db.t'),
      ...(baselinePerVcpu !== undefined ? { baselinePerVcpu } : {}),
      source: provenance(single, { note: `Multi-AZ SKU ${multi.product.sku}; max_connections estimated from memory` }),
    };
  }
  if (Object.keys(postgres).length === 0) throw new RefreshDataError(`the Price List returned no RDS for PostgreSQL classes in ${region}`);

  const storageItems = await fetch('AmazonRDS', [regionFilter, f('productFamily', 'Database Storage'), f('volumeType', 'General Purpose-GP3'), f('databaseEngine', 'PostgreSQL')], 'RDS storage');
  const storeSingle = findItem(storageItems, (i) => i.product.attributes.deploymentOption === 'Single-AZ');
  const storeMulti = findItem(storageItems, (i) => i.product.attributes.deploymentOption === 'Multi-AZ');
  const storage =
    storeSingle && storeMulti
      ? { singleAzUsdPerGbMonth: onDemandUsd(storeSingle)!, multiAzUsdPerGbMonth: onDemandUsd(storeMulti)!, minimumGB: template.rds.storage.minimumGB, source: provenance(storeSingle, { note: `Multi-AZ SKU ${storeMulti.product.sku}` }) }
      : need(undefined, 'RDS gp3 storage', previous?.rds.storage);

  const proxyItems = await fetch('AmazonRDS', [regionFilter, f('productFamily', 'RDS Proxy')], 'RDS Proxy');
  const proxyItem = findItem(proxyItems, (i) => usageTypeEndsWith(i, 'RDS:ProxyUsage'));
  const proxy = proxyItem ? { usdPerVcpuHour: onDemandUsd(proxyItem)!, minimumVcpu: template.rds.proxy.minimumVcpu, source: provenance(proxyItem) } : need(undefined, 'RDS Proxy', previous?.rds.proxy);

  // ElastiCache Redis OSS nodes.
  const nodes: AwsSnapshot['elasticache']['nodes'] = {};
  for (const [node, spec] of Object.entries(template.elasticache.nodes)) {
    const items = await fetch('AmazonElastiCache', [regionFilter, f('productFamily', 'Cache Instance'), f('cacheEngine', 'Redis'), f('instanceType', node)], `ElastiCache ${node}`);
    const item = findItem(items, (i) => usageTypeEndsWith(i, `NodeUsage:${node}`));
    if (!item) {
      const kept = previous?.elasticache.nodes[node];
      if (kept) {
        nodes[node] = kept;
        notes.push(`ElastiCache ${node}: not in the Price List response; kept from the previous ${region} snapshot`);
      } else notes.push(`ElastiCache ${node}: not offered in ${region}; left out`);
      continue;
    }
    nodes[node] = { memoryGiB: parseGiB(item.product.attributes.memory) ?? spec.memoryGiB, usdPerHour: onDemandUsd(item)!, source: provenance(item) };
  }
  if (Object.keys(nodes).length === 0) throw new RefreshDataError(`the Price List returned no ElastiCache nodes in ${region}`);

  // Application Load Balancer: hourly and per LCU-hour.
  const albItems = await fetch('AWSELB', [regionFilter, f('productFamily', 'Load Balancer-Application')], 'ALB');
  const albHour = findItem(albItems, (i) => usageTypeEndsWith(i, 'LoadBalancerUsage'));
  const albLcu = findItem(albItems, (i) => usageTypeEndsWith(i, 'LCUUsage'));
  const alb =
    albHour && albLcu
      ? { usdPerHour: onDemandUsd(albHour)!, usdPerLcuHour: onDemandUsd(albLcu)!, source: provenance(albHour, { note: `LCU SKU ${albLcu.product.sku}` }), lcu: template.alb.lcu }
      : need(undefined, 'Application Load Balancer', previous?.alb);

  // Data transfer out to the internet: tiered; the 100 GB free allowance is account-wide, not a regional price.
  const transferItems = await fetch('AWSDataTransfer', [f('fromRegionCode', region), f('transferType', 'AWS Outbound')], 'data transfer');
  const transferItem = findItem(transferItems, (i) => (i.product.attributes.toLocation ?? 'External') === 'External');
  const tiers = transferItem ? onDemandDimensions(transferItem).filter((d) => d.usd > 0) : [];
  const dataTransferOut =
    transferItem && tiers.length > 0
      ? { freeGbPerMonth: template.dataTransferOut.freeGbPerMonth, tiers: tiers.map((d) => ({ upToGbPerMonth: d.endRange, usdPerGb: d.usd })), source: provenance(transferItem) }
      : need(undefined, 'data transfer out', previous?.dataTransferOut);

  return {
    snapshot: {
      schemaVersion: 1,
      kind: 'capacity-aws-pricing',
      region,
      date,
      currency: 'USD',
      hoursPerMonth: 730,
      source: `${API} on ${date}. Burst baselines and LCU dimensions are not in the Price List and come from the previous snapshot. RDS max_connections are estimates: LEAST(DBInstanceClassMemory/9531392, 5000) with DBInstanceClassMemory taken as 88 % of the nominal memory.`,
      ec2,
      t3SurplusCreditUsdPerVcpuHour,
      fargate: { x86, ...(arm ? { arm } : {}), taskSizes: template.fargate.taskSizes, ...(template.fargate.taskSizesSource ? { taskSizesSource: template.fargate.taskSizesSource } : {}) },
      rds: { postgres, storage, proxy, maxReadReplicas: template.rds.maxReadReplicas },
      elasticache: { nodes, reservedMemoryPercent: template.elasticache.reservedMemoryPercent, maxClientsPerNode: template.elasticache.maxClientsPerNode },
      alb,
      dataTransferOut,
    },
    notes,
  };
}

/** The Price List API answers from three regions; each serves every priced region, the nearest is fastest. */
export function priceListEndpointRegion(pricedRegion: string): 'us-east-1' | 'eu-central-1' | 'ap-south-1' {
  if (/^(eu|me|af|il)-/.test(pricedRegion)) return 'eu-central-1';
  if (/^ap-/.test(pricedRegion)) return 'ap-south-1';
  return 'us-east-1';
}
