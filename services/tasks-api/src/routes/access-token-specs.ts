import { PersonalTokenGrant } from '@taskmesh/platform';
import { z } from 'zod';
import {
  AccessTokenIdParams,
  AccessTokenView,
  CreateAccessTokenInput,
  CreatedAccessToken,
  VerifyAccessTokenInput,
} from '../domain/access-tokens/access-token-input';
import { commonProblems, idempotencyHeader, idempotencyProblems, problem } from './problems';

const signInOnly = problem('Sent with a personal access token: managing tokens needs a sign-in token');

export const accessTokenRouteSpecs = {
  create: {
    method: 'post',
    path: '/me/access-tokens',
    operationId: 'createAccessToken',
    summary: 'A new personal access token (named, scoped, expiring); the token is shown in this answer only',
    tag: 'access-tokens',
    security: 'bearer',
    signInOnly: true,
    body: CreateAccessTokenInput,
    headers: idempotencyHeader,
    responses: {
      201: { description: 'The token, with its secret (not shown again)', schema: CreatedAccessToken },
      403: signInOnly,
      409: problem('Too many live tokens: revoke one first'),
      ...commonProblems,
      ...idempotencyProblems,
    },
  },
  list: {
    method: 'get',
    path: '/me/access-tokens',
    operationId: 'listAccessTokens',
    summary: 'Your live personal access tokens (the tokens themselves are not kept)',
    tag: 'access-tokens',
    security: 'bearer',
    signInOnly: true,
    responses: {
      200: { description: 'Tokens', schema: z.object({ items: z.array(AccessTokenView) }) },
      403: signInOnly,
      ...commonProblems,
    },
  },
  revoke: {
    method: 'delete',
    path: '/me/access-tokens/:id',
    operationId: 'revokeAccessToken',
    summary: 'Revoke a token: tasks-api refuses it at once, the other apps within 30 seconds',
    tag: 'access-tokens',
    security: 'bearer',
    signInOnly: true,
    params: AccessTokenIdParams,
    responses: {
      204: { description: 'Revoked' },
      403: signInOnly,
      404: problem('No such live token of yours'),
      ...commonProblems,
    },
  },
  verify: {
    method: 'post',
    path: '/internal/access-tokens/verify',
    operationId: 'verifyAccessToken',
    summary: 'What a personal access token stands for (audit-agent, reminder-agent and realtime-sync only)',
    tag: 'internal',
    security: 'none',
    body: VerifyAccessTokenInput,
    responses: {
      200: { description: 'The grant', schema: PersonalTokenGrant },
      401: problem('Unknown, expired or revoked'),
      403: problem('Not one of the apps this is for'),
      400: commonProblems[400],
    },
  },
} as const;
