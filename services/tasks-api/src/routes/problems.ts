import { ProblemSchema, type ResponseSpec } from '@taskmesh/platform';
import { idempotencyKeyFormat } from '../domain/idempotent-write';

/** Problem responses shared by the routes. */
export const problem = (description: string): ResponseSpec => ({ description, schema: ProblemSchema });
export const commonProblems = {
  400: problem('Invalid input: `errors` names each bad field'),
  401: problem('No valid access token'),
  429: problem('Rate limit reached; see Retry-After'),
};

export const idempotencyHeader = {
  'Idempotency-Key': {
    description: 'Makes retries safe: the same key gets the same response, and the change happens once (kept 24 h)',
    pattern: idempotencyKeyFormat.source,
  },
};
/** What a write that takes an Idempotency-Key answers when the key was used for another request. */
export const idempotencyProblems = { 422: problem('Idempotency-Key reused for a different request') };
export const ifMatchHeader = {
  'If-Match': { description: 'The ETag (version) the change is based on; a stale one gets 412 with the current task' },
};
