// The words quick add understands, and the regular-expression pieces built
// from them. English only, case-insensitive.

/** Luxon's weekday numbers (Monday 1 ... Sunday 7) and RFC 5545's codes. */
export const weekdayCodes = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

const weekdayWords: Array<[RegExp, number]> = [
  [/^mon(day)?$/, 1],
  [/^tue(s(day)?)?$/, 2],
  [/^wed(s|nesday)?$/, 3],
  [/^thu(r(s(day)?)?)?$/, 4],
  [/^fri(day)?$/, 5],
  [/^sat(urday)?$/, 6],
  [/^sun(day)?$/, 7],
];

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const numberWords: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  other: 2,
};

const ordinalWords: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, last: -1 };

/** A weekday word's number (1 Monday ... 7 Sunday), or undefined. */
export function weekdayOf(word: string): number | undefined {
  const lower = word.toLowerCase();
  return weekdayWords.find(([pattern]) => pattern.test(lower))?.[1];
}

/** A month word's number (1 ... 12), or undefined. */
export function monthOf(word: string): number | undefined {
  const lower = word.toLowerCase();
  const index = monthNames.findIndex((name) => lower.startsWith(name));
  return index === -1 ? undefined : index + 1;
}

/** "3", "three", "a", "other" (every other week): the number, or undefined. */
export function countOf(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  const lower = word.toLowerCase();
  if (/^\d{1,3}$/.test(lower)) return Number(lower);
  return numberWords[lower];
}

/** "1st", "2", "last", "second": the position (-1 for last), or undefined. */
export function ordinalOf(word: string): number | undefined {
  const lower = word.toLowerCase();
  const digits = /^(\d{1,2})(st|nd|rd|th)?$/.exec(lower);
  if (digits) return Number(digits[1]);
  return ordinalWords[lower];
}

export const WD = String.raw`(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday|s)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)`;
export const WD_LIST = String.raw`${WD}(?:\s*(?:,|and|&)\s*${WD})*`;
export const MON = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
export const DAY = String.raw`(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?`;
export const COUNT = String.raw`(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`;
export const ORDINAL = String.raw`(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)`;

/** A date phrase (not a time): what `until` may be followed by too. */
export const DATE = [
  String.raw`\d{4}-\d{2}-\d{2}`,
  String.raw`${MON}\.?\s+${DAY}(?:,?\s+\d{4})?`,
  String.raw`${DAY}\s+(?:of\s+)?${MON}\.?(?:,?\s+\d{4})?`,
  String.raw`next\s+(?:week|month|year)`,
  String.raw`(?:(?:on|next|this)\s+)?${WD}`,
  String.raw`today|tod|tomorrow|tmrw?|tmr`,
  String.raw`in\s+${COUNT}\s+(?:days?|weeks?|months?|years?)`,
].join('|');

/** A time of day: 9am, 9:30 pm, at 9, at 21:00, 21:00, noon, midnight. */
export const TIME = [
  String.raw`(?:at\s+)?(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s*(?:am|pm|a\.m\.|p\.m\.)`,
  String.raw`at\s+(?:[01]?\d|2[0-3])(?::[0-5]\d)?`,
  String.raw`(?:[01]?\d|2[0-3]):[0-5]\d`,
  String.raw`(?:at\s+)?(?:noon|midday|midnight)`,
].join('|');
