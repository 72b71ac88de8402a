/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break. A field that a spreadsheet would run as a formula (= + - @, tab,
 * carriage return first) is prefixed with ' (OWASP's CSV injection advice):
 * a task titled "=HYPERLINK(...)" stays text when the export is opened.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated. */
export const csvRow = (fields: ReadonlyArray<string | number | null | undefined>): string =>
  `${fields.map(csvField).join(',')}\r\n`;
