import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A new signing secret in Standard Webhooks' form (https://www.standardwebhooks.com/):
 * `whsec_` and 32 random bytes in base64. Receivers verify with it, in any
 * language, with the spec's libraries or a few lines of HMAC-SHA256.
 */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The HMAC key inside a signing secret. */
export function signingKey(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
}

/** Seals and opens signing secrets at rest. */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

/**
 * AES-256-GCM under the secret store's webhook-secret-key (webhook-agent's
 * alone): a copy of the webhooks table, a backup or a read-only database
 * login, cannot sign a single request. A fresh 12-byte nonce per seal;
 * `v1.<nonce>.<tag>.<ciphertext>` in base64url, so the key can be rotated
 * with a v2 later.
 */
export function secretBox(keyText: string): SecretBox {
  const key = Buffer.from(keyText, 'base64url');
  if (key.length !== 32) throw new Error('webhook-secret-key must be 32 bytes in base64url');
  return {
    seal(plain) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', nonce, cipher.getAuthTag(), sealed]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealedText) {
      const [version, nonce, tag, sealed] = sealedText.split('.');
      if (version !== 'v1' || !nonce || !tag || sealed === undefined) throw new Error('not a sealed webhook secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
