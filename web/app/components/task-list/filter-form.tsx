import { Form, Link, useSubmit } from '@remix-run/react';
import { useRef } from 'react';
import { priorities, type TaskFilters } from '../../lib/task-filters';

/**
 * The list's filters: a GET form that works without JavaScript (Apply), and
 * with it applies as the fields change (the search after a pause).
 */
export function FilterForm({ filters }: { filters: TaskFilters }) {
  const submit = useSubmit();
  const filterForm = useRef<HTMLFormElement>(null);
  const searchTimer = useRef<ReturnType<typeof setTimeout>>();
  const applyFilters = (delay = 0) => {
    clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => submit(filterForm.current, { replace: true }), delay);
  };
  return (
    <Form
      method="get"
      ref={filterForm}
      className="card grid grid-cols-2 gap-3 sm:grid-cols-4"
      aria-label="Filters"
      onChange={(event) => applyFilters((event.target as HTMLElement).id === 'search' ? 300 : 0)}
    >
      <div className="col-span-2 sm:col-span-4">
        <label htmlFor="search" className="sr-only">
          Search
        </label>
        <input
          id="search"
          name="q"
          type="search"
          defaultValue={filters.q}
          placeholder="Search titles and descriptions — press /"
          className="input"
        />
      </div>
      <div>
        <label htmlFor="show" className="label">
          Show
        </label>
        <select id="show" name="show" defaultValue={filters.show} className="input">
          <option value="open">Open</option>
          <option value="done">Done</option>
          <option value="all">All</option>
        </select>
      </div>
      <div>
        <label htmlFor="sort" className="label">
          Sort by
        </label>
        <select id="sort" name="sort" defaultValue={filters.sort} className="input">
          <option value="">{filters.q ? 'Relevance' : 'Due date'}</option>
          <option value="due">Due date</option>
          <option value="priority">Priority</option>
          <option value="created">Newest</option>
          <option value="relevance">Relevance (search)</option>
        </select>
      </div>
      <div>
        <label htmlFor="filter-tags" className="label">
          Tags
        </label>
        <input id="filter-tags" name="tags" defaultValue={filters.tags} placeholder="home, work" className="input" />
      </div>
      <fieldset>
        <legend className="label">Priority</legend>
        <div className="flex flex-wrap gap-x-2 text-sm">
          {priorities.map((p) => (
            <label key={p} className="flex items-center gap-1">
              <input type="checkbox" name="priority" value={p} defaultChecked={filters.priority.includes(p)} />
              {p}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label htmlFor="from" className="label">
          Due from
        </label>
        <input id="from" name="from" type="date" defaultValue={filters.from} className="input" />
      </div>
      <div>
        <label htmlFor="to" className="label">
          Due until
        </label>
        <input id="to" name="to" type="date" defaultValue={filters.to} className="input" />
      </div>
      <label className="flex items-center gap-2 self-end text-sm">
        <input type="checkbox" name="overdue" defaultChecked={filters.overdue} /> Overdue only
      </label>
      <div className="flex items-end gap-2">
        <button type="submit" className="btn">
          Apply
        </button>
        <Link to="/tasks" className="text-sm text-slate-600 underline">
          Clear
        </Link>
      </div>
    </Form>
  );
}
