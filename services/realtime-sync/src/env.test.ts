import { EnvSchema } from './env';

const base = { APP_ID: 'realtime-sync', APP_PORT: '3105', DAPR_HTTP_PORT: '3505' };
const origins = (CORS_ORIGINS?: string) =>
  EnvSchema.safeParse({ ...base, ...(CORS_ORIGINS === undefined ? {} : { CORS_ORIGINS }) });

describe('CORS_ORIGINS (issue 15)', () => {
  it('is an allow-list of origins: base URLs are reduced to their origin', () => {
    const parsed = origins('https://tasks.example.com/app/, http://127.0.0.1:3100');
    expect(parsed.success && parsed.data.CORS_ORIGINS).toEqual(['https://tasks.example.com', 'http://127.0.0.1:3100']);
  });

  it('refuses *, anything but http(s) origins, an empty list and no setting at all', () => {
    for (const value of ['*', 'https://ok.example,*', 'tasks.example.com', 'ftp://tasks.example.com', ' , ', undefined])
      expect({ value, success: origins(value).success }).toEqual({ value, success: false });
  });
});
