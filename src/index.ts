/** The library behind the CLI: tests and other tools import the model from here. */
export { main, buildProgram, EXIT } from './cli/main.js';
export { planCapacity, findNextBreakpoint, lowestFeasiblePhase, type PlanOptions } from './model/planner.js';
export type { Plan } from './model/plan.js';
export { PLAN_SCHEMA_VERSION } from './model/plan.js';
export { computeDemand, peakConcurrentRatio } from './model/demand.js';
export { averageHistoryTurns, tokensPerMessage, usdPerMessage } from './model/llm.js';
export { postgresMaxConnections, estimatedMaxConnections } from './model/database.js';
export { monthlyMicrosFromHourly, microsToUsd, usdToMicros, HOURS_PER_MONTH } from './model/money.js';
export * from './model/types.js';
export { profileSchema, profileJsonSchema, type Profile, type ProfileInput } from './profile/schema.js';
export { parseProfile, checkCatalogueReferences } from './profile/load.js';
export { parseYamlWithSchema } from './config/yaml.js';
export { loadCatalogue, listSnapshots, defaultPricingDir } from './catalogue/load.js';
export type { Catalogue, AwsSnapshot, LlmCatalogue } from './catalogue/schema.js';
export { planRenderers, PLAN_FORMATS } from './render/index.js';
export { UserError, AwsError, InternalError } from './errors.js';
