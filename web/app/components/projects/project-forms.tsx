import { Form } from '@remix-run/react';
import { can } from '../../lib/projects-shared';
import type { Project, Section } from '../../lib/types';
import { QuickAddForm } from '../quick-add';

/** Adds a task to this project, in the chosen section; the line is read as on the list's quick add. */
export function AddTaskForm({
  addKey,
  zone,
  sections,
  error,
}: {
  addKey: string;
  zone: string;
  sections: Section[];
  error?: string;
}) {
  return (
    <QuickAddForm
      intent="add-task"
      label="Add a task to this project"
      fieldId="project-add-title"
      addKey={addKey}
      zone={zone}
      placeholder="Add a task to this project… tomorrow 9am, every mon, #tag, !1"
      error={error}
    >
      {sections.length > 0 ? (
        <>
          <label htmlFor="project-add-section" className="sr-only">
            Section
          </label>
          <select id="project-add-section" name="sectionId" className="input w-auto">
            <option value="">No section</option>
            {sections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </>
      ) : null}
    </QuickAddForm>
  );
}

export function SectionForm({ error }: { error?: string }) {
  return (
    <Form method="post" className="flex gap-2" aria-label="Add a section">
      <input type="hidden" name="intent" value="add-section" />
      <label htmlFor="new-section" className="sr-only">
        New section
      </label>
      <input id="new-section" name="sectionName" required maxLength={100} placeholder="New section" className="input" />
      <button type="submit" className="btn">
        Add section
      </button>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </Form>
  );
}

/**
 * Rename and recolour (editors and the owner), archive and delete with undo
 * (the owner), leave (anyone else). Each control shows only to those whose
 * role allows it; tasks-api decides either way.
 */
export function ProjectSettings({ project, errors }: { project: Project; errors: Record<string, string> }) {
  const editable = can.editTasks(project.role);
  const owner = can.manage(project.role);
  return (
    <details className="card" open={Object.keys(errors).some((k) => k === 'name' || k === 'color')}>
      <summary className="cursor-pointer font-semibold">Project settings</summary>
      <div className="mt-3 space-y-3">
        {editable ? (
          <>
            <Form method="post" className="flex flex-wrap items-end gap-2">
              <input type="hidden" name="intent" value="rename" />
              <input type="hidden" name="version" value={project.version} />
              <div>
                <label htmlFor="project-name" className="label">
                  Name
                </label>
                <input
                  id="project-name"
                  name="name"
                  defaultValue={project.name}
                  required
                  maxLength={100}
                  className="input"
                />
              </div>
              <button type="submit" className="btn">
                Rename
              </button>
              {errors.name ? (
                <p className="field-error w-full" role="alert">
                  {errors.name}
                </p>
              ) : null}
            </Form>
            <Form method="post" className="flex flex-wrap items-end gap-2">
              <input type="hidden" name="intent" value="recolour" />
              <input type="hidden" name="version" value={project.version} />
              <div>
                <label htmlFor="project-color" className="label">
                  Colour
                </label>
                <input
                  id="project-color"
                  name="color"
                  type="color"
                  defaultValue={project.color ?? '#6366f1'}
                  className="h-9 w-16"
                />
              </div>
              <button type="submit" className="btn">
                Set colour
              </button>
              {errors.color ? (
                <p className="field-error w-full" role="alert">
                  {errors.color}
                </p>
              ) : null}
            </Form>
          </>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {owner ? (
            <>
              <Form method="post">
                <input type="hidden" name="version" value={project.version} />
                <button
                  type="submit"
                  name="intent"
                  value={project.archivedAt ? 'unarchive' : 'archive'}
                  className="btn"
                >
                  {project.archivedAt ? 'Unarchive' : 'Archive'}
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="version" value={project.version} />
                <button type="submit" name="intent" value="delete-project" className="btn btn-danger">
                  Delete project
                </button>
              </Form>
            </>
          ) : project.role ? (
            <Form method="post">
              <button type="submit" name="intent" value="leave" className="btn btn-danger">
                Leave project
              </button>
            </Form>
          ) : null}
        </div>
        {errors.form ? (
          <p className="field-error" role="alert">
            {errors.form}
          </p>
        ) : null}
      </div>
    </details>
  );
}
