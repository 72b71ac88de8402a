import { z } from 'zod';
import { LoginInput, RefreshInput, RegisterInput } from '../domain/auth/user-input';
import { UserView } from '../domain/auth/user-view';
import { commonProblems, problem } from './problems';

export const SessionView = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
  refreshToken: z.string(),
  refreshExpiresAt: z.string(),
});

/** What registering and logging in both answer: the token fields at the top level, and the user (issue 16). */
export const SignedInView = SessionView.extend({ user: UserView });

export const authRouteSpecs = {
  register: {
    method: 'post',
    path: '/auth/register',
    operationId: 'register',
    summary: 'Create an account and sign in',
    tag: 'auth',
    security: 'none',
    body: RegisterInput,
    responses: {
      201: {
        description: 'Account created',
        schema: SignedInView.extend({
          session: SessionView.describe(
            'Deprecated (issue 16): the same token fields, nested; read them at the top level',
          ),
        }),
      },
      400: commonProblems[400],
      409: problem('Email already registered'),
      429: commonProblems[429],
    },
  },
  login: {
    method: 'post',
    path: '/auth/login',
    operationId: 'login',
    summary: 'Sign in with email and password',
    tag: 'auth',
    security: 'none',
    body: LoginInput,
    responses: { 200: { description: 'Signed in', schema: SignedInView }, ...commonProblems },
  },
  refresh: {
    method: 'post',
    path: '/auth/refresh',
    operationId: 'refresh',
    summary: 'Exchange a refresh token for a new session (the old token stops working)',
    tag: 'auth',
    security: 'none',
    body: RefreshInput,
    responses: { 200: { description: 'New session', schema: SessionView }, ...commonProblems },
  },
  logout: {
    method: 'post',
    path: '/auth/logout',
    operationId: 'logout',
    summary: 'Revoke a refresh token and every token rotated from it',
    tag: 'auth',
    security: 'none',
    body: RefreshInput,
    responses: { 204: { description: 'Signed out' }, 400: commonProblems[400], 429: commonProblems[429] },
  },
  me: {
    method: 'get',
    path: '/auth/me',
    operationId: 'me',
    summary: 'The signed-in user',
    tag: 'auth',
    security: 'bearer',
    responses: {
      200: { description: 'The user', schema: UserView },
      401: commonProblems[401],
      429: commonProblems[429],
    },
  },
} as const;
