import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@taskmesh/testing';

// An image copies only the workspaces its package.json declares (the
// generated Dockerfiles): a workspace imported but not declared works on the
// host (npm links every workspace) and fails in the container with "Cannot
// find module". Found by the container stage: tasks-api imported
// @taskmesh/quick-add for Todoist dates without declaring it.

const apps = [
  'services/tasks-api',
  'services/audit-agent',
  'services/recurrence-agent',
  'services/reminder-agent',
  'services/realtime-sync',
  'services/webhook-agent',
  'web',
  ...readdirSync(path.join(repoRoot, 'packages')).map((p) => `packages/${p}`),
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name === 'generated' || name === 'build') return [];
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('workspace dependencies', () => {
  it.each(apps)('%s declares every @taskmesh workspace its code imports', (app) => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, app, 'package.json'), 'utf8'));
    const declared = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {})]);
    const roots = ['src', 'app', 'server.ts']
      .map((r) => path.join(repoRoot, app, r))
      .filter((r) => {
        try {
          statSync(r);
          return true;
        } catch {
          return false;
        }
      });
    const files = roots.flatMap((r) => (statSync(r).isDirectory() ? sources(r) : [r]));
    const imported = new Set(
      files.flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/from '(@taskmesh\/[a-z-]+)'/g)].map((m) => m[1] as string),
      ),
    );
    expect([...imported].filter((name) => !declared.has(name)).sort()).toEqual([]);
  });
});
