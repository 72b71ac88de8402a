import { createHmac } from 'node:crypto';
import { accountMessage } from './account-message';

const email = {
  id: '0b7c6f43-2f5e-4a53-9d0a-6d1c3f0f8b11',
  recipient: 'ada@example.test',
  displayName: 'Ada <script>',
  expiresAt: new Date('2026-12-02T10:30:00Z'),
};
const now = new Date('2026-12-02T10:00:00Z');

describe('account email', () => {
  it('links to web with the token derived from the token id, never the id itself', () => {
    const mail = accountMessage({ ...email, kind: 'reset-password' }, 'https://taskmesh.test/', 'the-key', now);
    const token = createHmac('sha256', 'the-key').update(`taskmesh-account-link:${email.id}`).digest('base64url');
    expect(mail.text).toContain(`https://taskmesh.test/reset-password?token=${token}`);
    expect(mail.text).not.toContain(email.id);
    expect(mail.text).toContain('for 30 minutes');
    expect(mail).toMatchObject({ to: email.recipient, subject: 'Reset your Taskmesh password' });
    // The same message on a retry; the name is escaped in HTML.
    expect(mail.messageId).toBe(`<${email.id}@accounts.taskmesh>`);
    expect(mail.html).toContain('Ada &lt;script&gt;');
  });

  it('a verification link opens /verify-email and says how long it works', () => {
    const mail = accountMessage(
      { ...email, kind: 'verify-email', expiresAt: new Date('2026-12-03T10:00:00Z') },
      'https://taskmesh.test',
      'the-key',
      now,
    );
    expect(mail.text).toMatch(/https:\/\/taskmesh\.test\/verify-email\?token=[A-Za-z0-9_-]{43}\n/);
    expect(mail.text).toContain('for 24 hours');
    expect(mail.headers).toEqual({ 'X-Taskmesh-Account-Email': 'verify-email' });
  });
});
