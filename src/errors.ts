/**
 * The three kinds of failure the CLI distinguishes. The top-level catch in `src/cli/main.ts` maps them to exit codes
 * (design §5): a user error is 2, an AWS error is 3, anything else is an internal bug.
 */

export interface ErrorDetail {
  /** Dotted field path, e.g. `traffic.peakConcurrentRatio`. */
  path?: string;
  /** 1-based line and column in the source file, when known. */
  line?: number;
  column?: number;
  message: string;
}

/** Bad flag, unreadable or invalid input file: exit 2. */
export class UserError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Credentials, region, access, throttling or network failures talking to AWS: exit 3. */
export class AwsError extends Error {
  readonly exitCode = 3;
  constructor(
    message: string,
    readonly hint?: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'AwsError';
  }
}

/** A broken invariant inside capacity itself. */
export class InternalError extends Error {
  readonly exitCode = 70;
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

export function formatDetail(file: string | undefined, d: ErrorDetail): string {
  const where = [file, d.line !== undefined ? `${d.line}` : undefined, d.line !== undefined && d.column !== undefined ? `${d.column}` : undefined]
    .filter((x) => x !== undefined)
    .join(':');
  const path = d.path ? `${d.path}: ` : '';
  return `${where ? `${where}: ` : ''}${path}${d.message}`;
}
