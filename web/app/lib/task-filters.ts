import { dayBoundary } from './dates';
import { tagList } from './form-data';

export const statusViews = { open: 'todo,in_progress', done: 'done', all: undefined } as const;
export type StatusView = keyof typeof statusViews;
export const sorts = ['due', 'priority', 'created', 'relevance'] as const;
export type Sort = (typeof sorts)[number];
export const priorities = ['urgent', 'high', 'medium', 'low'] as const;

/** The list page's filters as they appear in its URL (a GET form, so they work without JavaScript). */
export interface TaskFilters {
  q: string;
  show: StatusView;
  priority: string[];
  tags: string;
  from: string;
  to: string;
  overdue: boolean;
  sort: Sort | '';
  cursor: string;
}

export function readFilters(params: URLSearchParams): TaskFilters {
  const show = params.get('show') ?? 'open';
  const sort = params.get('sort') ?? '';
  return {
    q: params.get('q')?.trim() ?? '',
    show: show in statusViews ? (show as StatusView) : 'open',
    priority: params.getAll('priority').filter((p) => (priorities as readonly string[]).includes(p)),
    tags: params.get('tags')?.trim() ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    overdue: params.get('overdue') === 'on',
    sort: (sorts as readonly string[]).includes(sort) ? (sort as Sort) : '',
    cursor: params.get('cursor') ?? '',
  };
}

/**
 * tasks-api's GET /tasks query for the filters. Days are read in the user's
 * zone: "to 3 Dec" includes all of 3 Dec there. Relevance needs a search, so
 * without one it falls back to the due date.
 */
export function toApiQuery(filters: TaskFilters, zone: string, limit = 25): Record<string, string | undefined> {
  const tags = tagList(filters.tags);
  const sort = filters.sort === 'relevance' && !filters.q ? 'due' : filters.sort || (filters.q ? 'relevance' : 'due');
  return {
    q: filters.q || undefined,
    status: statusViews[filters.show],
    priority: filters.priority.length > 0 ? filters.priority.join(',') : undefined,
    tags: tags.length > 0 ? tags.join(',') : undefined,
    dueAfter: filters.from ? dayBoundary(filters.from, zone) : undefined,
    dueBefore: filters.to ? dayBoundary(filters.to, zone, true) : undefined,
    overdue: filters.overdue ? 'true' : undefined,
    sort,
    limit: String(limit),
    cursor: filters.cursor || undefined,
  };
}

/** Whether any filter narrows the list (to tell "no tasks yet" from "nothing matches"). */
export function isFiltered(filters: TaskFilters): boolean {
  return Boolean(filters.q || filters.priority.length || filters.tags || filters.from || filters.to || filters.overdue);
}
