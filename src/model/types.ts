/** The shapes that flow through the model pipeline: demand → requirements → candidates → Plan. */

export const PHASES = ['single-instance', 'rds', 'ecs', 'proxy', 'replicas'] as const;
export type PhaseId = (typeof PHASES)[number];

export const PHASE_DESCRIPTIONS: Record<PhaseId, string> = {
  'single-instance': 'one burstable EC2 instance, state in process memory',
  rds: 'one EC2 instance + RDS PostgreSQL + ElastiCache',
  ecs: 'ECS Fargate tasks behind an ALB + RDS + ElastiCache',
  proxy: 'ECS Fargate + ALB + RDS Proxy + RDS + ElastiCache',
  replicas: 'ECS Fargate + ALB + RDS Proxy + RDS with read replicas + ElastiCache',
};

/** Peak and monthly load at one user count. Rates are per second; sizes in bytes. */
export interface Demand {
  users: number;
  concurrentUsers: number;
  peakMessagesPerSecond: number;
  averageMessagesPerSecond: number;
  peakRequestsPerSecond: number;
  dailyActiveUsers: number;
  sessionsPerDay: number;
  monthlySessions: number;
  monthlyMessages: number;
  /** Threads a process holds when there is no database: every thread created within retentionHours. */
  threadsHeldWithoutDatabase: number;
  /** Threads a process holds when state lives in the database: the active ones. */
  activeThreads: number;
  liveRedisSessions: number;
  dbQueriesInFlight: number;
  /** Database CPU the queries need: rate × queries × cpuMsPerQuery. */
  dbCpuVcpu: number;
  llmCallsInFlight: number;
  inputTokensPerMessage: number;
  outputTokensPerMessage: number;
  monthlyInputTokens: number;
  monthlyOutputTokens: number;
  peakTokensPerMinute: number;
  peakRequestsPerMinute: number;
  monthlyTransferGB: number;
}

export type ConstraintId =
  | 'app.memory'
  | 'app.cpu'
  | 'db.connections'
  | 'db.pool'
  | 'db.cpu'
  | 'db.memory'
  | 'cache.memory'
  | 'cache.connections'
  | 'llm.tpm'
  | 'llm.rpm';

export interface Constraint {
  id: ConstraintId;
  /** What the load needs, in `unit`. */
  required: number;
  /** The hard limit, in `unit` (e.g. max_connections, instance memory less the reserve). */
  capacity: number;
  unit: string;
  /** required / capacity. */
  utilization: number;
  /** utilization ≤ targets.utilization. */
  ok: boolean;
  /** One line on how the figures were computed. */
  detail: string;
}

export type ComponentRole = 'app' | 'database' | 'db-proxy' | 'read-replica' | 'cache' | 'load-balancer' | 'llm' | 'storage' | 'transfer';

export interface Component {
  role: ComponentRole;
  service: string;
  type: string;
  count: number;
  vcpu: number | null;
  memoryGiB: number | null;
  unitMonthlyUsd: number;
  monthlyUsd: number;
  /** Integer micro-dollars; the USD figures above are derived from it. */
  monthlyMicros: number;
  note?: string;
}

/** A policy reason a phase cannot be used at all, independent of sizing. */
export type PolicyConstraintId = 'targets.durability' | 'targets.availability';

export interface Rejection {
  phase: PhaseId;
  constraint: ConstraintId | PolicyConstraintId;
  required?: number;
  capacity?: number;
  unit?: string;
  utilization?: number;
  reason: string;
}

export interface Breakpoint {
  users: number;
  /** The phase the plan moves to; null when there no configuration in the catalogue can run the app at all. */
  phase: PhaseId | null;
  constraint: ConstraintId | PolicyConstraintId;
}
