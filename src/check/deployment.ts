/**
 * The deployment to check: the profile's `deployment` section with the command's flags laid over it, validated by the
 * same schema, plus the names it uses that the pricing snapshot must know. Pure: the CLI reads the files.
 */
import type { Catalogue } from '../catalogue/schema.js';
import type * as z from 'zod/mini';
import { UserError, type ErrorDetail } from '../errors.js';
import { deploymentSchema, type Deployment } from '../profile/schema.js';
import { unknownDeploymentNames } from '../profile/resolve.js';

export interface DeploymentFlags {
  ecsCluster?: string;
  ecsService?: string;
  taskSize?: string;
  ec2Instances?: string;
  asg?: string;
  instanceType?: string;
  alb?: string;
  targetGroup?: string;
  rds?: string;
  dbClass?: string;
  maxConnections?: number;
  rdsProxy?: string;
  redis?: string;
  nodeType?: string;
}

/** Each flag and the deployment field it sets. */
export const DEPLOYMENT_FLAGS: { flag: string; key: keyof DeploymentFlags; path: [string, string] }[] = [
  { flag: '--ecs-cluster', key: 'ecsCluster', path: ['ecs', 'cluster'] },
  { flag: '--ecs-service', key: 'ecsService', path: ['ecs', 'service'] },
  { flag: '--task-size', key: 'taskSize', path: ['ecs', 'taskSize'] },
  { flag: '--ec2-instances', key: 'ec2Instances', path: ['ec2', 'instanceIds'] },
  { flag: '--asg', key: 'asg', path: ['ec2', 'autoScalingGroup'] },
  { flag: '--instance-type', key: 'instanceType', path: ['ec2', 'instanceType'] },
  { flag: '--alb', key: 'alb', path: ['alb', 'loadBalancer'] },
  { flag: '--target-group', key: 'targetGroup', path: ['alb', 'targetGroup'] },
  { flag: '--rds', key: 'rds', path: ['rds', 'instance'] },
  { flag: '--db-class', key: 'dbClass', path: ['rds', 'instanceClass'] },
  { flag: '--max-connections', key: 'maxConnections', path: ['rds', 'maxConnections'] },
  { flag: '--rds-proxy', key: 'rdsProxy', path: ['rds', 'proxy'] },
  { flag: '--redis', key: 'redis', path: ['redis', 'cluster'] },
  { flag: '--node-type', key: 'nodeType', path: ['redis', 'nodeType'] },
];

/** The profile's deployment with the flags applied; an invalid value names the flag that set it, or the field. */
export function mergeDeployment(base: Deployment | undefined, flags: DeploymentFlags): Deployment {
  const raw: Record<string, Record<string, unknown>> = {};
  for (const [section, fields] of Object.entries(base ?? {})) if (fields) raw[section] = { ...(fields as Record<string, unknown>) };
  for (const { key, path } of DEPLOYMENT_FLAGS) {
    const value = flags[key];
    if (value === undefined) continue;
    const [section, field] = path;
    raw[section] ??= {};
    raw[section][field] = key === 'ec2Instances' ? String(value).split(',').map((s) => s.trim()).filter(Boolean) : value;
  }
  const result = deploymentSchema.safeParse(raw);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    const set = DEPLOYMENT_FLAGS.find((f) => flags[f.key] !== undefined && f.path[0] === path[0] && f.path[1] === path[1]);
    return { path: set ? set.flag : ['deployment', ...path].join('.'), message: describe(issue) };
  });
  throw new UserError('invalid deployment', details);
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected === 'int' ? 'a whole number' : issue.expected}`;
  if (issue.code === 'too_small') return `must be at least ${String(issue.minimum)}`;
  return issue.message;
}

/** Names the deployment uses that the snapshot must know, once the flags are applied: a name a flag gave names the flag. */
export function checkDeploymentReferences(d: Deployment, catalogue: Catalogue, flags: DeploymentFlags): void {
  const flagOf: Record<ReturnType<typeof unknownDeploymentNames>[number]['field'], keyof DeploymentFlags> = { taskSize: 'taskSize', instanceType: 'instanceType', instanceClass: 'dbClass', nodeType: 'nodeType' };
  const details: ErrorDetail[] = unknownDeploymentNames(d, catalogue).map((u) => {
    const key = flagOf[u.field];
    return { path: flags[key] !== undefined ? DEPLOYMENT_FLAGS.find((f) => f.key === key)!.flag : `deployment.${u.path.join('.')}`, message: u.message };
  });
  if (details.length > 0) throw new UserError('invalid deployment', details);
}

/** True when the deployment names at least one resource with metrics. */
export function hasResources(d: Deployment): boolean {
  return Boolean(d.ecs?.cluster || d.ec2?.instanceIds || d.ec2?.autoScalingGroup || d.alb?.loadBalancer || d.rds?.instance || d.rds?.proxy || d.redis?.cluster);
}
