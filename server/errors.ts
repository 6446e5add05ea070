import { ORPCError } from '@orpc/server';
import {
  apiErrorBody,
  codeForHttpStatus,
  describeValidationIssues,
  httpStatusForCode,
  isApiErrorCode,
  type ApiErrorBody,
  type ApiErrorCode,
} from '../shared/api/errors';

/**
 * The server's one error type. Throw it from oRPC procedures and from plain Fastify routes alike; both paths
 * answer with the one error shape of shared/api/errors.ts.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  constructor(
    /** A generic code (`ApiErrorCode`) or a feature's own stable code, e.g. `SYNC_MUTATION_GAP`. */
    readonly code: ApiErrorCode | (string & {}),
    message: string,
    options: { status?: number; details?: unknown } = {},
  ) {
    super(message);
    this.status = options.status ?? (isApiErrorCode(code) ? httpStatusForCode(code) : 400);
    this.details = options.details;
  }
  readonly details: unknown;

  toBody(): ApiErrorBody {
    return apiErrorBody(this.code, this.message, this.details);
  }

  toORPCError(): ORPCError<string, unknown> {
    return new ORPCError(this.code, { status: this.status, message: this.message, data: this.details, cause: this });
  }
}

export const unauthorized = (message = 'Sign in to continue.') => new ApiError('unauthorized', message);
export const forbidden = (message: string) => new ApiError('forbidden', message);
export const badRequest = (message: string, details?: unknown) => new ApiError('bad_request', message, { details });
export const notFound = (message: string) => new ApiError('not_found', message);

/** oRPC's own codes (validation, not found …) mapped onto ours. */
const orpcCodes: Readonly<Record<string, ApiErrorCode>> = {
  BAD_REQUEST: 'bad_request',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not_found',
  METHOD_NOT_SUPPORTED: 'not_found',
  NOT_ACCEPTABLE: 'bad_request',
  TIMEOUT: 'unavailable',
  CONFLICT: 'conflict',
  PRECONDITION_FAILED: 'conflict',
  PAYLOAD_TOO_LARGE: 'payload_too_large',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
  UNPROCESSABLE_CONTENT: 'bad_request',
  TOO_MANY_REQUESTS: 'rate_limited',
  CLIENT_CLOSED_REQUEST: 'bad_request',
  INTERNAL_SERVER_ERROR: 'internal',
  NOT_IMPLEMENTED: 'internal',
  BAD_GATEWAY: 'unavailable',
  SERVICE_UNAVAILABLE: 'unavailable',
  GATEWAY_TIMEOUT: 'unavailable',
};

/** The response body for an oRPC error (used as the OpenAPI handler's error encoder). */
export function bodyForORPCError(error: ORPCError<string, unknown>): ApiErrorBody {
  if (error.cause instanceof ApiError) return error.cause.toBody();
  const code = orpcCodes[error.code] ?? error.code;
  if (error.code === 'BAD_REQUEST') {
    const data = error.data as { issues?: Parameters<typeof describeValidationIssues>[0] } | undefined;
    if (data?.issues?.length) {
      const { message, details } = describeValidationIssues(data.issues);
      return apiErrorBody('bad_request', message, details);
    }
  }
  if (code === 'internal') return apiErrorBody('internal', 'Something went wrong on the server.');
  return apiErrorBody(code, error.message, error.data ?? undefined);
}

/** Status and body for anything thrown in a Fastify route or hook (including Fastify's own errors). */
export function responseForError(error: unknown): { status: number; body: ApiErrorBody } {
  if (error instanceof ApiError) return { status: error.status, body: error.toBody() };
  if (error instanceof ORPCError) return { status: error.status, body: bodyForORPCError(error) };
  const e = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  const status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
  const fastifyCode = typeof e.code === 'string' ? e.code : '';
  switch (fastifyCode) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: apiErrorBody('payload_too_large', 'The request body is larger than the 1 MiB limit.') };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return status === 415
        ? { status, body: apiErrorBody('unsupported_media_type', 'Send the request body as application/json.') }
        : { status: 400, body: apiErrorBody('bad_request', 'The request body length does not match Content-Length.') };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: apiErrorBody('bad_request', 'The request declares a JSON body but sends none.') };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: apiErrorBody('bad_request', 'The request body is not valid JSON.') };
    default:
      break;
  }
  if (status === 400 && (error instanceof SyntaxError || /JSON/i.test(String(e.message)))) {
    return { status: 400, body: apiErrorBody('bad_request', 'The request body is not valid JSON.') };
  }
  if (status >= 500) return { status: 500, body: apiErrorBody('internal', 'Something went wrong on the server.') };
  const message = typeof e.message === 'string' && e.message ? e.message : 'The request was refused.';
  return { status, body: apiErrorBody(codeForHttpStatus(status), message) };
}
