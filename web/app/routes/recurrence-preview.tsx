import type { ActionFunctionArgs } from '@remix-run/node';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from '../lib/api.server';
import { fieldErrors, isApiProblem } from '../lib/api-problem';
import { requireUser } from '../lib/session.server';
import { readRecurrenceForm } from '../lib/task-form';

export interface RulePreview {
  description?: string;
  occurrences?: string[];
  rrule?: string;
  errors?: Record<string, string>;
}

/** The recurrence editor's live preview: the rule in words and its next five dates (nothing is saved). */
export async function action({ request, context }: ActionFunctionArgs): Promise<RulePreview> {
  const { user, token } = await requireUser(request, context);
  const form = await request.formData();
  const { rule, errors } = readRecurrenceForm(form, user.timeZone);
  if (!rule) return { errors };
  try {
    const { data } = await callApp<RulePreview>(context, 'tasks-api', 'POST', invocationPath`/recurrence/preview`, {
      token,
      body: { ...rule, count: 5 },
    });
    return data;
  } catch (error) {
    if (isApiProblem(error) && error.status === 400) return { errors: fieldErrors(error.problem) };
    throw error;
  }
}
