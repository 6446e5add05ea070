import { z } from 'zod';

/**
 * The one error shape of the HTTP API: every failure — contract routes, Fastify's own 404/400/413/415, the rate
 * limiter, the sync routes — answers with this body, so clients need exactly one decoder.
 */
export const apiErrorCodes = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

export const apiErrorBodySchema = z
  .object({
    error: z
      .object({
        /** Stable, machine-readable; generic ones are `apiErrorCodes`, features may add their own (e.g. sync). */
        code: z.string().min(1),
        /** Human-readable, safe to show to an agent. */
        message: z.string(),
        details: z.unknown().optional(),
      })
      .strict(),
  })
  .strict();
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

const statusByCode: Readonly<Record<ApiErrorCode, number>> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export function isApiErrorCode(code: string): code is ApiErrorCode {
  return (apiErrorCodes as readonly string[]).includes(code);
}

export function httpStatusForCode(code: ApiErrorCode): number {
  return statusByCode[code];
}

/** The generic code for an HTTP status, for errors that arrive without one of ours (proxies, Fastify internals). */
export function codeForHttpStatus(status: number): ApiErrorCode {
  switch (status) {
    case 400:
    case 422:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
    case 405:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    case 502:
    case 503:
    case 504:
      return 'unavailable';
    default:
      return status >= 400 && status < 500 ? 'bad_request' : 'internal';
  }
}

export function apiErrorBody(code: string, message: string, details?: unknown): ApiErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

interface ValidationIssueLike {
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
  message: string;
}

/** A human sentence and machine details for schema violations (server answers and client-side checks alike). */
export function describeValidationIssues(issues: readonly ValidationIssueLike[]): {
  message: string;
  details: { issues: Array<{ path: string; message: string }> };
} {
  const list = issues.map((issue) => ({
    path: (issue.path ?? []).map((p) => (typeof p === 'object' && p !== null ? String(p.key) : String(p))).join('.'),
    message: issue.message,
  }));
  const shown = list.slice(0, 3).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  const more = list.length > 3 ? ` (and ${list.length - 3} more)` : '';
  return { message: `Invalid request: ${shown.join('; ')}${more}`, details: { issues: list } };
}
