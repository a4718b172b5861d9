/** Rendering of the pricing catalogue (`pricing show`) and of price changes (`pricing diff`). */
import Table from 'cli-table3';
import type { Catalogue } from '../catalogue/schema.js';
import type { PriceChange } from '../catalogue/diff.js';
import type { Style } from '../cli/output.js';
import { num } from './format.js';

export interface CatalogueSection {
  id: string;
  /** The `--service` that shows it: its id, unless it is one of several tables of one service (rds-storage is rds). */
  service: string;
  title: string;
  rows: Record<string, string | number | null>[];
}

const tag = (source: { tag: string; sku?: string }) => (source.sku ? `${source.tag} ${source.sku}` : source.tag);

export function catalogueSections(c: Catalogue): CatalogueSection[] {
  const a = c.aws;
  const sections: (Omit<CatalogueSection, 'service'> & { service?: string })[] = [
    { id: 'ec2', title: 'EC2 (Linux, on demand)', rows: Object.entries(a.ec2).map(([type, e]) => ({ type, vcpu: e.vcpu, memoryGiB: e.memoryGiB, usdPerHour: e.usdPerHour, baseline: e.burst ? e.burst.baselinePerVcpu : null, source: tag(e.source) })) },
    {
      id: 'fargate',
      title: 'ECS Fargate',
      rows: [
        { arch: 'x86', usdPerVcpuHour: a.fargate.x86.usdPerVcpuHour, usdPerGbHour: a.fargate.x86.usdPerGbHour, source: tag(a.fargate.x86.source) },
        ...(a.fargate.arm ? [{ arch: 'arm', usdPerVcpuHour: a.fargate.arm.usdPerVcpuHour, usdPerGbHour: a.fargate.arm.usdPerGbHour, source: tag(a.fargate.arm.source) }] : []),
      ],
    },
    {
      id: 'rds',
      title: 'RDS for PostgreSQL',
      rows: Object.entries(a.rds.postgres).map(([type, e]) => ({ type, vcpu: e.vcpu, memoryGiB: e.memoryGiB, singleAzUsdPerHour: e.singleAzUsdPerHour, multiAzUsdPerHour: e.multiAzUsdPerHour, maxConnections: e.maxConnections, source: tag(e.source) })),
    },
    // Storage and the proxy are billed in other units than the classes: tables of their own, shown with --service rds.
    {
      id: 'rds-storage',
      service: 'rds',
      title: 'RDS storage',
      rows: [{ type: 'gp3', singleAzUsdPerGbMonth: a.rds.storage.singleAzUsdPerGbMonth, multiAzUsdPerGbMonth: a.rds.storage.multiAzUsdPerGbMonth, minimumGB: a.rds.storage.minimumGB, source: tag(a.rds.storage.source) }],
    },
    { id: 'rds-proxy', service: 'rds', title: 'RDS Proxy', rows: [{ usdPerDbVcpuHour: a.rds.proxy.usdPerVcpuHour, minimumVcpu: a.rds.proxy.minimumVcpu, source: tag(a.rds.proxy.source) }] },
    { id: 'elasticache', title: 'ElastiCache (Redis OSS)', rows: Object.entries(a.elasticache.nodes).map(([type, e]) => ({ type, memoryGiB: e.memoryGiB, usdPerHour: e.usdPerHour, source: tag(e.source) })) },
    { id: 'alb', title: 'Application Load Balancer', rows: [{ usdPerHour: a.alb.usdPerHour, usdPerLcuHour: a.alb.usdPerLcuHour, source: tag(a.alb.source) }] },
    { id: 'transfer', title: `Data transfer out (first ${a.dataTransferOut.freeGbPerMonth} GB/month free)`, rows: a.dataTransferOut.tiers.map((t) => ({ upToGbPerMonth: t.upToGbPerMonth, usdPerGb: t.usdPerGb })) },
    {
      id: 'llm',
      title: `LLM models (${c.llmFile})`,
      rows: Object.entries(c.llm.models).map(([model, m]) => ({ model, provider: m.provider, inputUsdPerMTok: m.inputUsdPerMTok, cachedInputUsdPerMTok: m.cachedInputUsdPerMTok ?? null, outputUsdPerMTok: m.outputUsdPerMTok, tiers: m.rateLimits ? Object.keys(m.rateLimits).join(',') : '' })),
    },
  ];
  return sections.map((section) => ({ ...section, service: section.service ?? section.id }));
}

export function renderCatalogue(c: Catalogue, sections: CatalogueSection[], style: Style): string {
  const out = [`${style.bold('pricing')} ${c.aws.region}, ${c.aws.date} (${c.awsFile})`, ''];
  for (const s of sections) {
    const columns = [...new Set(s.rows.flatMap((r) => Object.keys(r)))];
    const table = new Table({ head: columns.map((h) => style.bold(h)), style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
    for (const r of s.rows) table.push(columns.map((k) => (r[k] === null || r[k] === undefined ? '' : String(r[k]))));
    out.push(style.bold(s.title), table.toString(), '');
  }
  return out.join('\n');
}

export function renderPriceDiff(oldFile: string, newFile: string, changes: PriceChange[], style: Style): string {
  if (changes.length === 0) return `no price changes between ${oldFile} and ${newFile}\n`;
  const table = new Table({ head: ['price', 'old', 'new', 'change'].map((h) => style.bold(h)), style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
  for (const c of changes) {
    const change = c.changePercent === null ? (c.old === null ? 'added' : 'removed') : `${c.changePercent > 0 ? '+' : ''}${num(c.changePercent)} %`;
    const color = c.changePercent === null ? style.cyan : c.changePercent > 0 ? style.red : style.green;
    table.push([c.path, c.old === null ? '' : String(c.old), c.new === null ? '' : String(c.new), color(change)]);
  }
  return `${style.bold('price changes')} ${oldFile} → ${newFile}\n${table.toString()}\n`;
}
