import { safeRedirect } from './safe-redirect';

describe('safeRedirect (issue 15: open redirect after login)', () => {
  it.each([
    ['/%09/evil.example'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['/\r\n/evil.example'],
    [' //evil.example'],
    ['//evil.example'],
    ['///evil.example'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['/%5Cevil.example'],
    ['/%5C%5Cevil.example'],
    ['https://evil.example'],
    ['http://evil.example/tasks'],
    ['HTTPS://evil.example'],
    ['/%2F%2Fevil.example'],
    ['/%2f%2fevil.example'],
    ['%2F%2Fevil.example'],
    ['/%252F%252Fevil.example'],
    ['/.//evil.example'],
    ['/..//evil.example'],
    ['/tasks/..//evil.example'],
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    ['java\tscript:alert(1)'],
    ['%6Aavascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['/\u0000/evil.example'],
    ['/%00/evil.example'],
    ['/\u3000/evil.example'],
    ['/%E3%80%80/evil.example'],
    ['/%E0%A4%A'],
    [''],
  ])('falls back to /tasks for %j', (to) => {
    expect(safeRedirect(to)).toBe('/tasks');
  });

  it('falls back for a path too long to be one of ours', () => {
    expect(safeRedirect(`/${'a'.repeat(3000)}`)).toBe('/tasks');
  });

  it.each([[null], [undefined]])('falls back for a missing value (%j)', (to) => {
    expect(safeRedirect(to)).toBe('/tasks');
  });

  it.each([
    ['/tasks', '/tasks'],
    ['/settings', '/settings'],
    ['/tasks?status=open&q=a%20b', '/tasks?status=open&q=a%20b'],
    ['/tasks/0b5e3f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', '/tasks/0b5e3f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b'],
    ['/notifications#latest', '/notifications#latest'],
    ['/tasks/../settings', '/settings'],
  ])('keeps the path %j on this site', (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
  });
});
