import { buildAsyncApiDocument } from '@taskmesh/contracts';
import { buildOpenApiDocument, type Route } from '@taskmesh/platform';
import { Router } from 'express';

/** The API's OpenAPI 3.1 document (from the route specs) and the events' AsyncAPI document. */
export function docsRouter(routes: Route[]): Router {
  const openapi = buildOpenApiDocument(
    {
      title: 'Taskmesh tasks-api',
      version: '1.0.0',
      description:
        'Reach it through Dapr service invocation: POST http://127.0.0.1:<your sidecar>/v1.0/invoke/tasks-api/method/tasks. Errors are RFC 9457 problem+json.',
    },
    routes,
  );
  const asyncapi = buildAsyncApiDocument();
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  router.get('/asyncapi.json', (_req, res) => {
    res.json(asyncapi);
  });
  return router;
}
