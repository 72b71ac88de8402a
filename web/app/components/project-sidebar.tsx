import { Form, NavLink } from '@remix-run/react';
import type { Project } from '../lib/types';

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `flex items-center gap-2 rounded-md px-2 py-1 text-sm ${isActive ? 'bg-indigo-50 font-semibold text-indigo-700' : 'text-slate-700 hover:bg-slate-100'}`;

/**
 * A project's colour as a dot. An SVG fill, not a style attribute: web's
 * Content-Security-Policy (style-src 'self') blocks inline styles, and the
 * colour is a #rrggbb tasks-api has checked.
 */
export function ProjectDot({ color }: { color: string | null }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 10 10" className="h-2.5 w-2.5 shrink-0">
      <circle cx="5" cy="5" r="4.5" fill={color ?? '#cbd5e1'} stroke="#94a3b8" strokeWidth="0.5" />
    </svg>
  );
}

/**
 * The user's projects (issue 19): Inbox first, the rest in their own order,
 * archived ones left out (tasks-api leaves them out unless asked), and a
 * form to create one. The live client reloads the page's data on an access
 * change (its `taskmesh:access` event), so a project shared with the user
 * appears here, and one taken away goes, without a reload.
 */
export function ProjectSidebar({ projects }: { projects: Project[] }) {
  return (
    <nav aria-label="Projects" className="space-y-2">
      <div className="flex items-baseline justify-between px-2">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Projects</h2>
        <NavLink to="/assigned" className="text-xs text-indigo-700 underline">
          Assigned to me
        </NavLink>
      </div>
      <ul className="space-y-0.5" data-testid="project-list">
        {projects.map((project) => (
          <li key={project.id}>
            <NavLink to={`/projects/${project.id}`} className={linkClass} data-project-id={project.id}>
              <ProjectDot color={project.color} />
              <span className="truncate" data-project-name>
                {project.isInbox ? 'Inbox' : project.name}
              </span>
              {project.role && project.role !== 'owner' ? (
                <span className="ml-auto text-xs text-slate-400">{project.role}</span>
              ) : null}
            </NavLink>
          </li>
        ))}
      </ul>
      <Form method="post" action="/projects" className="flex gap-1 px-1">
        <input type="hidden" name="intent" value="create" />
        <label htmlFor="new-project" className="sr-only">
          New project
        </label>
        <input
          id="new-project"
          name="name"
          required
          maxLength={100}
          placeholder="New project"
          className="input min-w-0 flex-1 text-sm"
        />
        <button type="submit" className="btn text-sm">
          Create
        </button>
      </Form>
      <NavLink to="/projects" end className="block px-2 text-xs text-slate-500 underline">
        Archived projects
      </NavLink>
    </nav>
  );
}
