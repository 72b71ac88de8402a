import { AppError, ErrorCode } from '@taskmesh/platform';
import type { Preset } from '@taskmesh/recurrence';
import {
  buildSeries,
  presetToRule,
  RecurrenceRuleError,
  type Series,
  type SeriesDefinition,
} from '@taskmesh/recurrence';

/** Builds a series, turning a bad rule into a 400 that names the field. */
export function seriesFrom(input: {
  rrule?: string;
  preset?: Preset;
  timeZone: string;
  anchor: string;
  mode: SeriesDefinition['mode'];
}): Series {
  const rrule = input.rrule ?? presetToRule(input.preset as Preset);
  try {
    return buildSeries({ rrule, timeZone: input.timeZone, anchor: input.anchor, mode: input.mode });
  } catch (error) {
    if (error instanceof RecurrenceRuleError) {
      const field = /anchor/.test(error.message)
        ? 'anchor'
        : /IANA/.test(error.message)
          ? 'timeZone'
          : input.rrule
            ? 'rrule'
            : 'preset';
      throw new AppError(ErrorCode.validation, error.message, { errors: [{ field, message: error.message }] });
    }
    throw error;
  }
}
