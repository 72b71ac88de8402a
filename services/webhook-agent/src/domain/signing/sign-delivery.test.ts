import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { signatureHeaders } from './sign-delivery';
import { newSigningSecret, secretBox } from './signing-secret';

// Checked with the Standard Webhooks reference library (an independent
// implementation): what receivers in any language will run.

const body = JSON.stringify({ type: 'task.created', timestamp: '2026-12-03T10:00:00.000Z', data: { title: 'ü' } });
const now = () => Math.floor(Date.now() / 1000);

describe('signatureHeaders', () => {
  it('is verified by the standardwebhooks library with the same secret', () => {
    const secret = newSigningSecret();
    const headers = signatureHeaders([secret], '0b6c3e0e-3f5f-4f0e-9b7a-5d8f2f1f9a11', now(), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('is refused with another secret, another body or an old timestamp', () => {
    const secret = newSigningSecret();
    const headers = signatureHeaders([secret], 'id-1', now(), body);
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(body.replace('ü', 'u'), headers)).toThrow(WebhookVerificationError);
    const old = signatureHeaders([secret], 'id-1', now() - 3600, body);
    expect(() => new Webhook(secret).verify(body, old)).toThrow(/too old/);
  });

  it('signs with both secrets during a rotation, so either one verifies', () => {
    const [next, previous] = [newSigningSecret(), newSigningSecret()];
    const headers = signatureHeaders([next, previous], 'id-2', now(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(next).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
  });
});

describe('secretBox', () => {
  const key = Buffer.alloc(32, 7).toString('base64url');

  it('opens what it sealed, with a fresh nonce each time', () => {
    const box = secretBox(key);
    const secret = newSigningSecret();
    const [a, b] = [box.seal(secret), box.seal(secret)];
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret.slice(6));
    expect(box.open(a)).toBe(secret);
  });

  it('refuses a sealed secret that was changed, or sealed under another key', () => {
    const sealed = secretBox(key).seal(newSigningSecret());
    const parts = sealed.split('.');
    const flipped = [...parts.slice(0, 3), `${parts[3]?.startsWith('A') ? 'B' : 'A'}${parts[3]?.slice(1)}`].join('.');
    expect(() => secretBox(key).open(flipped)).toThrow();
    expect(() => secretBox(Buffer.alloc(32, 8).toString('base64url')).open(sealed)).toThrow();
  });

  it('needs a 32-byte key', () => {
    expect(() => secretBox(Buffer.alloc(16).toString('base64url'))).toThrow(/32 bytes/);
  });
});
