import { createHmac } from 'node:crypto';

/**
 * The token in an account email link (verification, password reset): derived
 * from the token id an event carries with the secret `account-token-key`, so
 * tasks-api (which stores only its hash) and reminder-agent (which puts it in
 * the link) agree on it while no event, outbox row or Kafka log ever holds it
 * (issue 15).
 */
export const accountLinkToken = (key: string, tokenId: string): string =>
  createHmac('sha256', key).update(`taskmesh-account-link:${tokenId}`).digest('base64url');
