import { EnvSchema } from './env';

const base = { APP_ID: 'web', APP_PORT: '3100', DAPR_HTTP_PORT: '3500' };
const parse = (extra: Record<string, string>) => EnvSchema.safeParse({ ...base, ...extra });

describe('web’s settings', () => {
  it('takes pages from this port on 127.0.0.1 and localhost when WEB_PUBLIC_ORIGINS is not set', () => {
    expect(parse({}).data?.WEB_PUBLIC_ORIGINS).toEqual(['http://127.0.0.1:3100', 'http://localhost:3100']);
  });

  it('keeps the origins of the public URLs it is given', () => {
    expect(parse({ WEB_PUBLIC_ORIGINS: 'https://Tasks.example.com/app/, http://localhost:8080' }).data).toMatchObject({
      WEB_PUBLIC_ORIGINS: ['https://tasks.example.com', 'http://localhost:8080'],
    });
  });

  it.each([
    ['WEB_PUBLIC_ORIGINS', 'ftp://tasks.example.com'],
    ['WEB_PUBLIC_ORIGINS', 'tasks.example.com'],
    ['WEB_PUBLIC_ORIGINS', ' , '],
    ['REALTIME_PUBLIC_URL', 'javascript:alert(1)'],
  ])('refuses %s=%j, naming the field', (name, value) => {
    const result = parse({ [name]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(name);
  });
});
