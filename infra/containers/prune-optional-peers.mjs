// Run in an image's dependencies stage after `npm ci --omit=dev --workspace=...`
// (issue 17): keeps in node_modules only what the given roots need and removes
// the rest. Needed because --omit=dev keeps packages that are there only to
// satisfy an optional peer dependency: @prisma/client names prisma and
// typescript as optional peers, both are root devDependencies, so the lock file
// marks them (and prisma's 30-odd dependencies) as production packages: about
// 110 MB of CLI and compiler in every image using @taskmesh/db.
// (--legacy-peer-deps is no way out: it also drops required peers such as
// @connectrpc/connect, which @dapr/dapr needs at run time.)
//
// What stays is what the lock file says the roots need, transitively:
// dependencies, optionalDependencies and required peerDependencies, resolved
// as Node resolves them (nearest node_modules first), and the workspace links
// to what stays.
// Usage: node prune-optional-peers.mjs ROOT...   (a workspace folder such as
// services/tasks-api, or an installed package such as node_modules/prisma)
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const roots = process.argv.slice(2);
if (roots.length === 0) throw new Error('usage: node prune-optional-peers.mjs ROOT...');
const packages = JSON.parse(readFileSync('package-lock.json', 'utf8')).packages;

/** The lock entry a dependency `name` of the package at `from` resolves to. */
const resolve = (from, name) => {
  for (let base = from; ; ) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const parent = base.lastIndexOf('node_modules/');
    base = parent <= 0 ? '' : base.slice(0, parent - 1);
  }
};

const needed = new Set();
const queue = [...roots];
while (queue.length > 0) {
  const at = queue.pop();
  if (needed.has(at)) continue;
  const entry = packages[at];
  if (!entry) throw new Error(`${at} is not in package-lock.json`);
  needed.add(at);
  if (entry.link) {
    queue.push(entry.resolved);
    continue;
  }
  const required = Object.keys(entry.peerDependencies ?? {}).filter(
    (name) => !entry.peerDependenciesMeta?.[name]?.optional,
  );
  for (const name of [
    ...Object.keys(entry.dependencies ?? {}),
    ...Object.keys(entry.optionalDependencies ?? {}),
    ...required,
  ]) {
    const target = resolve(at, name);
    if (target) queue.push(target);
  }
}

// The workspace links (node_modules/@taskmesh/...) of whatever stays, the roots' own included.
for (const [at, entry] of Object.entries(packages)) if (entry.link && needed.has(entry.resolved)) needed.add(at);

const sizeOf = (file) => {
  const stat = lstatSync(file);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(file).reduce((sum, entry) => sum + sizeOf(path.join(file, entry)), 0);
};

const removed = [];
let bytes = 0;
// Shortest paths first, so a removed package takes its nested node_modules along.
for (const at of Object.keys(packages).sort((a, b) => a.length - b.length)) {
  if (!at.includes('node_modules/') || needed.has(at) || !existsSync(at)) continue;
  bytes += sizeOf(at);
  rmSync(at, { recursive: true, force: true });
  removed.push(at.slice(at.lastIndexOf('node_modules/') + 'node_modules/'.length));
}
// Commands of removed packages (node_modules/.bin/tsc, prisma) would point nowhere.
for (const dir of ['node_modules/.bin', ...roots.map((root) => `${root}/node_modules/.bin`)]) {
  if (!existsSync(dir)) continue;
  for (const command of readdirSync(dir)) {
    const file = path.join(dir, command);
    if (!existsSync(file)) rmSync(file, { force: true });
  }
}
console.log(
  `pruned ${removed.length} packages ${roots.join(' ')} do not need (${(bytes / 1e6).toFixed(0)} MB): ${removed.join(' ')}`,
);
