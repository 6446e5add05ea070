import { createORPCClient, ORPCError } from '@orpc/client';
import type { ContractRouterClient } from '@orpc/contract';
import { RequestValidationPlugin, ResponseValidationPlugin } from '@orpc/contract/plugins';
import { OpenAPILink } from '@orpc/openapi-client/fetch';
import { apiContract, apiPrefix, type ApiContract } from './contract';
import { apiErrorBodySchema, codeForHttpStatus, describeValidationIssues } from './errors';
import { clientHeaderName } from './headers';

export type ApiClient = ContractRouterClient<ApiContract>;


export interface ApiErrorInfo {
  code: string;
  message: string;
  status: number;
  details?: unknown;
}

/**
 * The typed API client, usable from the renderer, Electron main and tests (fetch only, no node imports).
 * Inputs are validated before sending and responses against the contract's output schemas after receiving;
 * errors are thrown as `ORPCError` whose `code` is the server's stable error code (see `apiErrorOf`).
 *
 * @param baseUrl absolute origin of the backend, e.g. `http://127.0.0.1:7340` (the web console passes its own origin)
 * @param getToken the bearer token, or null to rely on the session cookie (web console)
 */
export function createApiClient(
  baseUrl: string,
  getToken: () => string | null | undefined | Promise<string | null | undefined>,
  options: { fetch?: typeof fetch } = {},
): ApiClient {
  const customFetch = options.fetch;
  const link = new OpenAPILink(apiContract, {
    url: `${baseUrl.replace(/\/+$/, '')}${apiPrefix}`,
    headers: async () => {
      const token = await getToken();
      const headers: Record<string, string> = { [clientHeaderName]: '1' };
      if (token) headers.authorization = `Bearer ${token}`;
      return headers;
    },
    ...(customFetch ? { fetch: (request: Request, init: RequestInit) => customFetch(request, init) } : {}),
    customErrorResponseBodyDecoder: (body, response) => {
      const parsed = apiErrorBodySchema.safeParse(body);
      if (parsed.success) {
        const { code, message, details } = parsed.data.error;
        return new ORPCError(code, { status: response.status, message, data: details });
      }
      return new ORPCError(codeForHttpStatus(response.status), {
        status: response.status,
        message: `The server answered ${response.status} without an error body`,
      });
    },
    plugins: [new RequestValidationPlugin(apiContract), new ResponseValidationPlugin(apiContract)],
  });
  // The link is built from the full contract, so the client it yields has the contract's shape.
  return createORPCClient<ApiClient>(link);
}

/** Reads the stable code, message and status from anything a client call threw. */
export function apiErrorOf(error: unknown): ApiErrorInfo {
  if (error instanceof ORPCError) {
    const info: ApiErrorInfo = { code: String(error.code), message: error.message, status: error.status };
    if (error.data !== undefined) info.details = error.data;
    // Client-side validation failures carry oRPC's generic codes; map them onto ours.
    if (info.code === 'BAD_REQUEST') {
      info.code = 'bad_request';
      const issues = (error.data as { issues?: Parameters<typeof describeValidationIssues>[0] } | undefined)?.issues;
      if (issues?.length) Object.assign(info, describeValidationIssues(issues));
    }
    if (info.code === 'INTERNAL_SERVER_ERROR') {
      // A response that does not match the contract (ResponseValidationPlugin) or an unexpected failure.
      info.code = 'internal';
    }
    return info;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'unavailable', message: `Could not reach the server: ${message}`, status: 0 };
}
