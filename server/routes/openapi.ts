import { OpenAPIGenerator } from '@orpc/openapi';
import { ZodToJsonSchemaConverter } from '@orpc/zod/zod4';
import { z } from 'zod';
import { apiContract, apiPrefix } from '../../shared/api/contract';
import { apiErrorBodySchema } from '../../shared/api/errors';

let cached: Promise<unknown> | null = null;

/** The OpenAPI document of the whole contract (sync routes included), generated once per process. */
export function openApiDocument(version: string): Promise<unknown> {
  cached ??= generate(version);
  return cached;
}

async function generate(version: string): Promise<unknown> {
  const generator = new OpenAPIGenerator({ schemaConverters: [new ZodToJsonSchemaConverter()] });
  const document = await generator.generate(apiContract, {
    info: {
      title: 'Accord API',
      version,
      description:
        'Errors always have the shape { error: { code, message, details? } }. Authenticate with Authorization: Bearer <token> (from POST /auth/login).',
    },
    servers: [{ url: apiPrefix }],
  });
  // One error shape everywhere: document it once and reference it as every operation's default response.
  const errorSchema = z.toJSONSchema(apiErrorBodySchema);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ApiError: errorSchema as never } };
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(pathItem ?? {})) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      const responses = (operation as { responses: Record<string, unknown> }).responses;
      responses.default = {
        description: 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
      };
    }
  }
  return document;
}
