/** Units the reminder editor offers for "before/after the due date". */
export const offsetUnits = { minutes: 'M', hours: 'H', days: 'D', weeks: 'W' } as const;
export type OffsetUnit = keyof typeof offsetUnits;

/** An amount and unit as an ISO 8601 duration: 15 minutes -> PT15M, 2 days -> P2D, 1 week -> P1W. */
export function toIsoDuration(amount: number, unit: OffsetUnit): string {
  const letter = offsetUnits[unit];
  return unit === 'minutes' || unit === 'hours' ? `PT${amount}${letter}` : `P${amount}${letter}`;
}

/** The editor's amount and unit for a simple ISO 8601 duration, or undefined for compound ones (P1DT2H). */
export function fromIsoDuration(value: string): { amount: number; unit: OffsetUnit } | undefined {
  const match = /^P(?:(\d+)([DW])|T(\d+)([HM]))$/.exec(value);
  if (!match) return undefined;
  if (match[1]) return { amount: Number(match[1]), unit: match[2] === 'W' ? 'weeks' : 'days' };
  return { amount: Number(match[3]), unit: match[4] === 'H' ? 'hours' : 'minutes' };
}

/** "15 minutes", "1 day": an ISO 8601 duration in words (compound ones as they are). */
export function describeDuration(value: string): string {
  const parsed = fromIsoDuration(value);
  if (!parsed) return value;
  const unit = parsed.amount === 1 ? parsed.unit.replace(/s$/, '') : parsed.unit;
  return `${parsed.amount} ${unit}`;
}
