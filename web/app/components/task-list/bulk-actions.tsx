import { Form } from '@remix-run/react';

/** Complete, delete or retag the tasks whose boxes are ticked (the boxes name this form). */
export function BulkActions({ errors }: { errors: Record<string, string> }) {
  return (
    <details className="group">
      <summary className="cursor-pointer text-sm font-medium text-slate-700">Bulk actions on selected tasks</summary>
      <Form method="post" id="bulk-form" className="mt-2 flex flex-wrap items-end gap-2" aria-label="Bulk actions">
        <input type="hidden" name="intent" value="bulk" />
        <div>
          <label htmlFor="bulk-action" className="label">
            With selected
          </label>
          <select id="bulk-action" name="bulkAction" className="input">
            <option value="complete">Complete</option>
            <option value="delete">Delete</option>
            <option value="tag">Add/remove tags</option>
          </select>
        </div>
        <div>
          <label htmlFor="bulk-add" className="label">
            Add tags
          </label>
          <input id="bulk-add" name="addTags" className="input" placeholder="for Add/remove tags" />
        </div>
        <div>
          <label htmlFor="bulk-remove" className="label">
            Remove tags
          </label>
          <input id="bulk-remove" name="removeTags" className="input" />
        </div>
        <button type="submit" className="btn">
          Apply to selected
        </button>
        {errors.ids || errors.add || errors.form ? (
          <p className="field-error w-full" role="alert">
            {errors.ids ?? errors.add ?? errors.form}
          </p>
        ) : null}
      </Form>
    </details>
  );
}
