import type { MessageKey, Translate } from './i18n.js';

/** An RFC 9457 problem as the API sends it (docs/api.md § Errors). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
  request_id?: string;
}

/** A failed API call: the problem the server answered, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code ?? '';
  }
}

/** Problem codes whose wording we own; anything else shows the server's `detail`. */
const codeMessages: Record<string, MessageKey> = {
  network: 'error.network',
  unauthenticated: 'error.unauthenticated',
  invalid_token: 'error.unauthenticated',
  invalid_credentials: 'error.invalid_credentials',
  login_locked: 'error.login_locked',
  forbidden: 'error.forbidden',
  rate_limited: 'error.rate_limited',
  menu_not_published: 'error.menu_not_published',
  table_closed: 'error.table_closed',
  public_table_not_found: 'error.table_not_found',
  table_not_found: 'error.table_not_found',
  invalid_transition: 'error.invalid_transition',
  recall_window_passed: 'error.recall_window_passed',
  internal_error: 'error.internal',
};

function statusMessage(status: number): MessageKey {
  if (status === 0) return 'error.network';
  if (status === 401) return 'error.unauthenticated';
  if (status === 403) return 'error.forbidden';
  if (status === 404) return 'error.not_found';
  if (status === 429) return 'error.rate_limited';
  if (status >= 500) return 'error.internal';
  return 'error.generic';
}

/**
 * Words a person understands for any error: our own sentence for the codes we know, the
 * server's `detail` (written for people) otherwise, a sentence per status as the last resort.
 * `fields` carries the server's field errors for forms.
 */
export function describeError(error: unknown, t: Translate): { message: string; fields: string[] } {
  if (!(error instanceof ApiError)) return { message: t('error.generic'), fields: [] };
  const { problem } = error;
  const fields = (problem.errors ?? []).map((entry) => entry.message);
  const known = problem.code ? codeMessages[problem.code] : undefined;
  if (known) return { message: t(known), fields };
  if (problem.detail && problem.status < 500) return { message: problem.detail, fields };
  return { message: t(statusMessage(problem.status)), fields };
}

/** The server's field errors by field (`tax.rates[0].rate_bps` → its message), for forms. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries((error.problem.errors ?? []).map((entry) => [entry.field, entry.message]));
}
