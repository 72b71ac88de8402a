import { DateTime } from 'luxon';

/** RFC 5545 3.3.11: backslash, semicolon, comma and newlines escaped in TEXT values. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/**
 * RFC 5545 3.1: a content line longer than 75 octets is folded with CRLF and
 * one space. Folds fall between characters, never inside a UTF-8 sequence
 * (a title in Japanese or with emoji stays readable after unfolding).
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const pieces: string[] = [];
  let piece = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // The first line holds 75 octets; continuation lines 74 after their leading space.
    const limit = pieces.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      pieces.push(piece);
      piece = '';
      octets = 0;
    }
    piece += char;
    octets += size;
  }
  pieces.push(piece);
  return pieces.join('\r\n ');
}

/** A UTC DATE-TIME value: 20261203T140000Z. */
export const utcValue = (date: Date): string =>
  DateTime.fromJSDate(date, { zone: 'UTC' }).toFormat("yyyyLLdd'T'HHmmss'Z'");

/** A local DATE-TIME value in a zone (for TZID=): 20261203T090000. */
export const localValue = (date: Date, zone: string): string =>
  DateTime.fromJSDate(date, { zone }).toFormat("yyyyLLdd'T'HHmmss");

/** A DATE value of the day an instant falls on in a zone: 20261203. */
export const dateValue = (date: Date, zone: string): string => DateTime.fromJSDate(date, { zone }).toFormat('yyyyLLdd');

/** Lines joined as RFC 5545 wants them: each folded, each ended by CRLF. */
export const contentLines = (lines: readonly string[]): string => lines.map((line) => `${foldLine(line)}\r\n`).join('');
