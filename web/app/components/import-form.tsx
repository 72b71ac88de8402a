import { Form } from '@remix-run/react';
import { Field, FormError } from './field';

interface ImportFormProps {
  projects: Array<{ id: string; name: string; isInbox?: boolean }>;
  errors?: Record<string, string>;
}

/**
 * A file to import (issue 20): a Taskmesh or Todoist CSV export, or an
 * iCalendar file. Posted to /settings/import, which reads it and starts the
 * import in tasks-api. The file's text is the API's `content`, so its errors
 * show under the file.
 */
export function ImportForm({ projects, errors = {} }: ImportFormProps) {
  return (
    <Form
      method="post"
      action="/settings/import"
      encType="multipart/form-data"
      className="flex flex-wrap items-end gap-2"
      aria-label="Import tasks"
    >
      <Field
        label="File (.csv or .ics)"
        name="file"
        error={errors.file ?? errors.content ?? errors.format}
        hint="A Taskmesh or Todoist CSV export, or a calendar (.ics); up to 10,000 rows"
      >
        {(props) => <input {...props} type="file" accept=".csv,.ics,text/csv,text/calendar" required />}
      </Field>
      <Field label="Into" name="projectId" error={errors.projectId}>
        {(props) => (
          <select {...props} className="input">
            <option value="">Your Inbox</option>
            {projects
              .filter((p) => !p.isInbox)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
        )}
      </Field>
      <button type="submit" className="btn">
        Import
      </button>
      <FormError error={errors.form} />
    </Form>
  );
}
