import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from './errors';
import { principalOf, requireSignInToken } from './principal';
import { unstorableText } from './unstorable-text';

type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodTypeAny;
  headers?: Record<string, string>;
  /** The media type when it is not JSON (an iCalendar feed is text/calendar). */
  contentType?: string;
}

export interface HeaderSpec {
  description: string;
  required?: boolean;
  /** The values the route accepts (a regular expression), when it checks them. */
  pattern?: string;
}

/**
 * One HTTP route: what it accepts and answers, as zod schemas. The same spec
 * validates requests at run time and generates the OpenAPI document, so a
 * route cannot exist undocumented.
 */
export interface RouteSpec<
  TParams extends z.ZodTypeAny = z.ZodTypeAny,
  TQuery extends z.ZodTypeAny = z.ZodTypeAny,
  TBody extends z.ZodTypeAny = z.ZodTypeAny,
> {
  method: HttpMethod;
  /** Express syntax: /tasks/:id */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** `bearer`: needs an access token. */
  security: 'bearer' | 'none';
  /** Manages the account itself: a sign-in token only, never a personal access token (decision 013). */
  signInOnly?: boolean;
  params?: TParams;
  query?: TQuery;
  body?: TBody;
  headers?: Record<string, HeaderSpec>;
  responses: Record<number, ResponseSpec>;
}

export interface RouteInput<TSpec extends RouteSpec> {
  params: TSpec['params'] extends z.ZodTypeAny ? z.infer<TSpec['params']> : Record<string, never>;
  query: TSpec['query'] extends z.ZodTypeAny ? z.infer<TSpec['query']> : Record<string, never>;
  body: TSpec['body'] extends z.ZodTypeAny ? z.infer<TSpec['body']> : undefined;
}

export interface Route<TSpec extends RouteSpec = RouteSpec> {
  spec: TSpec;
  handle: (req: Request, res: Response, input: RouteInput<TSpec>) => Promise<void>;
}

export function defineRoute<TSpec extends RouteSpec>(
  spec: TSpec,
  handle: (req: Request, res: Response, input: RouteInput<TSpec>) => Promise<void>,
): Route<TSpec> {
  return { spec, handle };
}

function parsePart(schema: z.ZodTypeAny | undefined, value: unknown, where: 'params' | 'query' | 'body') {
  if (!schema) return where === 'body' ? undefined : {};
  // Checked for every route here, not field by field in each schema: no text
  // field of any service can forget it (issue 15).
  const unstorable = unstorableText(value);
  if (unstorable.length > 0) throw AppError.invalid(where, unstorable);
  const parsed = schema.safeParse(where === 'body' ? (value ?? {}) : value);
  if (!parsed.success) throw AppError.fromZod(parsed.error, where);
  return parsed.data;
}

/** Mounts routes on the app: each request is validated against its spec before the handler runs. */
export function registerRoutes(app: Express, routes: Route[]): void {
  for (const route of routes) {
    app[route.spec.method](route.spec.path, async (req: Request, res: Response) => {
      // Who before what (issue 15): a call without a user to an operation that
      // needs one is a 401, never a report on the input it had no right to send.
      if (route.spec.security === 'bearer') {
        const principal = principalOf(req);
        if (route.spec.signInOnly) requireSignInToken(principal);
      }
      const input = {
        params: parsePart(route.spec.params, req.params, 'params'),
        query: parsePart(route.spec.query, req.query, 'query'),
        body: parsePart(route.spec.body, req.body, 'body'),
      } as RouteInput<RouteSpec>;
      await route.handle(req, res, input);
    });
  }
}

/** RFC 9457 problem details, as every error response carries them. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .passthrough();

const jsonSchema = (schema: z.ZodTypeAny, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

/** Parameters of a zod object schema as OpenAPI parameters. */
function parameters(schema: z.ZodTypeAny | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

/**
 * What registerRoutes and createHttpApp answer for a route of this shape,
 * whatever its spec lists, so the document names every response a client can
 * get (issue 15: the fuzz stage holds each response to the document). A
 * spec's own entry for the same status wins (a better description).
 */
function platformResponses(spec: RouteSpec): Record<number, ResponseSpec> {
  const problem = (description: string): ResponseSpec => ({ description, schema: ProblemSchema });
  const responses: Record<number, ResponseSpec> = {};
  if (spec.params || spec.query || spec.body || spec.headers) {
    responses[400] = problem('Invalid input: `errors` names each bad field');
  }
  if (spec.security === 'bearer') responses[401] = problem('No valid access token');
  // Admission control (issue 21) governs every route one app does not reserve for another.
  if (!spec.path.startsWith('/internal/'))
    responses[429] = problem('Too busy right now: try again after Retry-After seconds');
  if (spec.body) {
    responses[413] = problem('The body is larger than the service accepts');
    responses[415] = problem('The body is in an encoding or charset the service does not read');
  }
  return responses;
}

/** The OpenAPI 3.1 document of a set of routes. */
export function buildOpenApiDocument(info: { title: string; version: string; description: string }, routes: Route[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec } of routes) {
    const path = spec.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const responses = Object.fromEntries(
      Object.entries({ ...platformResponses(spec), ...spec.responses }).map(([status, response]) => [
        status,
        {
          description: response.description,
          ...(response.headers
            ? {
                headers: Object.fromEntries(
                  Object.entries(response.headers).map(([name, description]) => [
                    name,
                    { description, schema: { type: 'string' } },
                  ]),
                ),
              }
            : {}),
          ...(response.schema
            ? {
                content: {
                  [response.contentType ?? (Number(status) >= 400 ? 'application/problem+json' : 'application/json')]: {
                    schema: jsonSchema(response.schema, 'output'),
                  },
                },
              }
            : {}),
        },
      ]),
    );
    paths[path] ??= {};
    paths[path][spec.method] = {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.tag],
      security: spec.security === 'bearer' ? [{ bearerAuth: [] }] : [],
      parameters: [
        ...parameters(spec.params, 'path'),
        ...parameters(spec.query, 'query'),
        ...Object.entries(spec.headers ?? {}).map(([name, header]) => ({
          name,
          in: 'header',
          required: header.required ?? false,
          description: header.description,
          schema: { type: 'string', ...(header.pattern ? { pattern: header.pattern } : {}) },
        })),
      ],
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}

/** Registers the routes and serves their OpenAPI 3.1 document at GET /openapi.json. */
export function registerRoutesWithDocs(
  app: Express,
  routes: Route[],
  info: { title: string; version: string; description: string },
): void {
  registerRoutes(app, routes);
  const openapi = buildOpenApiDocument(info, routes);
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
}
