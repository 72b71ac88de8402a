import { unstorableText } from './unstorable-text';

describe('unstorableText (issue 15)', () => {
  it('names each string PostgreSQL cannot store by its path', () => {
    expect(
      unstorableText({
        title: 'a\u0000b',
        description: 'fine',
        tags: ['ok', 'half \ud800 pair', 'low \udc00 half'],
        checklist: [{ text: 'x\u0000' }],
      }),
    ).toEqual([
      { field: 'title', message: 'must not contain NUL characters (\\u0000)' },
      { field: 'tags.1', message: 'must not contain unpaired UTF-16 surrogates (not valid Unicode)' },
      { field: 'tags.2', message: 'must not contain unpaired UTF-16 surrogates (not valid Unicode)' },
      { field: 'checklist.0.text', message: 'must not contain NUL characters (\\u0000)' },
    ]);
  });

  it('accepts any well-formed text, including characters outside the BMP', () => {
    expect(unstorableText({ title: 'ok 😀 \u2028 \t', tags: ['日本'], n: 1, b: true, z: null })).toEqual([]);
    expect(unstorableText('plain')).toEqual([]);
    expect(unstorableText(undefined)).toEqual([]);
  });

  it('names a bad field name with the character written as an escape', () => {
    expect(unstorableText({ 'ti\u0000tle': 'x', nested: { '\ud800': 1 } })).toEqual([
      { field: 'ti\\u0000tle', message: 'field name must not contain NUL characters (\\u0000)' },
      {
        field: 'nested.\\ud800',
        message: 'field name must not contain unpaired UTF-16 surrogates (not valid Unicode)',
      },
    ]);
  });

  it('names a bare string by the empty path and stops at twenty fields', () => {
    expect(unstorableText('\u0000')).toEqual([{ field: '', message: 'must not contain NUL characters (\\u0000)' }]);
    expect(unstorableText(Array.from({ length: 1000 }, () => '\u0000'))).toHaveLength(20);
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(unstorableText(deep)[0]?.message).toBe('must not contain NUL characters (\\u0000)');
  });
});
