import { type ErrorKind, type FieldError, isDomainError } from '@brigade/kernel';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The one table from error kinds to HTTP statuses (DESIGN.md §4.7). */
export const statusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule: 422,
  rate_limited: 429,
  unavailable: 503,
};

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Fastify's own client errors, renamed to stable Brigade codes. */
const fastifyCodes: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'empty_body',
    detail: "The request declares 'application/json' but has no body.",
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload_too_large',
    detail: 'The request body is larger than allowed.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    detail: 'This endpoint does not accept that Content-Type.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'invalid_content_length',
    detail: 'The Content-Length header does not match the body.',
  },
};

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    request_id: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export type Problem = z.infer<typeof problemSchema>;

export function problem(
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  extra: { errors?: FieldError[] | undefined; details?: Record<string, unknown> | undefined } = {},
): Problem {
  return {
    type: `urn:brigade:problem:${code}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(extra.details ? { details: extra.details } : {}),
    request_id: request.id,
  };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json').send(body);
}

function fieldOf(context: string | undefined, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (!context || context === 'body') return path || '(body)';
  return path ? `${context}.${path}` : context;
}

/** Turns anything thrown while serving a request into problem+json; never leaks internals. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  if (isDomainError(error)) {
    return problem(request, statusOfKind[error.kind], error.code, error.message, {
      errors: error.errors,
      details: error.details,
    });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext;
    const errors = error.validation.map((issue) => ({
      field: fieldOf(context, issue.instancePath),
      message: issue.message ?? 'is invalid',
    }));
    return problem(request, 400, 'validation_failed', 'The request is not valid; see errors.', { errors });
  }
  if (error instanceof z.ZodError) {
    // A contract method validating its own input (calls that did not come through a route schema).
    const errors = error.issues.map((issue) => ({
      field: issue.path.join('.') || '(input)',
      message: issue.message,
    }));
    return problem(request, 400, 'validation_failed', 'The request is not valid; see errors.', { errors });
  }
  if (isResponseSerializationError(error)) {
    return problem(request, 500, 'internal_error', 'The server failed to produce a valid response.');
  }
  const fastifyError = error as Partial<FastifyError>;
  const known = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  const status = fastifyError.statusCode ?? 500;
  if (known) return problem(request, status, known.code, known.detail);
  if (status >= 400 && status < 500) {
    return problem(
      request,
      status,
      'bad_request',
      fastifyError.message ?? 'The request could not be processed.',
    );
  }
  return problem(request, 500, 'internal_error', 'Something went wrong on our side; it has been logged.');
}
