/**
 * The kinds of failure a module may report. Each kind maps to exactly one HTTP status in
 * @brigade/http (one exhaustive table); modules never pick status codes themselves.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rule'
  | 'rate_limited'
  | 'unavailable';

export interface FieldError {
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  details?: Record<string, unknown>;
  errors?: FieldError[];
  cause?: unknown;
}

/** An expected failure with a stable, machine-readable code, e.g. `restaurant_not_found`. */
export class DomainError<Code extends string = string> extends Error {
  override readonly name = 'DomainError';
  readonly details: Record<string, unknown> | undefined;
  readonly errors: FieldError[] | undefined;

  constructor(
    readonly code: Code,
    readonly kind: ErrorKind,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details;
    this.errors = options.errors;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/**
 * Declares a module's error codes once, with their kinds, and returns a typed factory:
 *
 *   const fail = defineErrors({ restaurant_not_found: 'not_found', slug_taken: 'conflict' });
 *   throw fail('slug_taken', 'That slug is in use', { details: { slug } });
 */
export function defineErrors<const Codes extends Record<string, ErrorKind>>(codes: Codes) {
  const factory = (code: keyof Codes & string, message: string, options?: DomainErrorOptions) =>
    new DomainError(code, codes[code] as ErrorKind, message, options);
  return Object.assign(factory, { codes });
}
