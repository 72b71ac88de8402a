import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@taskmesh/testing';

// Issue 16: one Node.js for everything, pinned in infra/versions.env. npm test
// may be started by an older machine node; infra/lib.sh puts the pinned one
// first on PATH, so the tests themselves must run on it.
const versions = readFileSync(path.join(repoRoot, 'infra/versions.env'), 'utf8');
const pinned = /^NODE_VERSION=(\d+)\.\d+\.\d+$/m.exec(versions)?.[1];
const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe('the Node.js the project runs on', () => {
  it('is the major infra/versions.env pins, or newer', () => {
    expect(pinned).toMatch(/^\d+$/);
    const running = Number(process.versions.node.split('.')[0]);
    expect([process.version, running >= Number(pinned)]).toEqual([process.version, true]);
  });

  it('is what package.json accepts and types', () => {
    expect(packageJson.engines.node).toBe(`>=${pinned}`);
    expect(packageJson.devDependencies['@types/node']?.split('.')[0]).toBe(pinned);
  });
});
