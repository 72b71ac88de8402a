/**
 * The search box's text as websearch_to_tsquery should see it (issue 15).
 *
 * websearch_to_tsquery never raises a syntax error, but every `-` that starts
 * a word is a NOT, and its parser keeps at most 32 operators pending: more
 * than 32 NOTs in a row ("-----…", "- - - …", and "!-!-!-…", since it skips
 * ! & | ( ) < between words) fail with "tsquery stack too small", a 500.
 *
 * So each run of NOTs becomes one NOT or two by its parity (NOT NOT NOT x is
 * NOT x): the query means what it did, with at most two NOTs in a row. Two,
 * not none, so the parser stays where it was: after "x --" a following "or"
 * is still a word, not the OR operator.
 */
export function searchText(q: string): string {
  return q
    .replace(/(^|[\s"!&|()<])-[-\s!&|()<]*/g, (run, before: string) => {
      const nots = run.split('-').length - 1;
      return `${before}${nots % 2 === 1 ? '-' : '--'}`;
    })
    .trim();
}
