// Writes package.json and package-lock.json for just the npm packages a script
// imports, at the versions the repository's package-lock.json pins (with their
// own dependencies, as pinned there), so an image can `npm ci` them and nothing
// else (issue 17). The packages keep the paths they have in the root lock, which
// stays a valid layout for a subset of it.
// Usage: node lock-subset.mjs SCRIPT OUT_DIR
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [script, outDir] = process.argv.slice(2);
if (!script || !outDir) {
  console.error('usage: lock-subset.mjs SCRIPT OUT_DIR');
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '../..');
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));

// Bare specifiers of static imports ('smtp-server', '@scope/pkg/sub'), not node: or relative ones.
const imported = new Set();
for (const [, spec] of readFileSync(script, 'utf8').matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)) {
  if (spec.startsWith('node:') || spec.startsWith('.')) continue;
  imported.add(
    spec
      .split('/')
      .slice(0, spec.startsWith('@') ? 2 : 1)
      .join('/'),
  );
}

// Node's lookup: <dir>/node_modules/<name>, then each parent's, up to the root.
function locate(name, from) {
  for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!dir) throw new Error(`${name} (needed by ${from || 'the script'}) is not in package-lock.json`);
  }
}

const packages = {};
const pending = [...imported].map((name) => locate(name, ''));
while (pending.length > 0) {
  const at = pending.pop();
  if (packages[at]) continue;
  const { dev, devOptional, peer, ...entry } = lock.packages[at];
  packages[at] = entry;
  for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
    try {
      pending.push(locate(name, at));
    } catch (error) {
      if (!entry.optionalDependencies?.[name]) throw error;
    }
  }
}

const dependencies = Object.fromEntries(
  [...imported].sort().map((name) => [name, lock.packages[locate(name, '')].version]),
);
const name = `taskmesh-${path.basename(script).replace(/\.[cm]?js$/, '')}`;
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b)));
mkdirSync(outDir, { recursive: true });
const write = (file, value) => writeFileSync(path.join(outDir, file), `${JSON.stringify(value, null, 2)}\n`);
write('package.json', { name, private: true, type: 'module', dependencies });
write('package-lock.json', {
  name,
  lockfileVersion: 3,
  requires: true,
  packages: { '': { name, dependencies }, ...sorted },
});
console.log(
  Object.entries(dependencies)
    .map(([n, v]) => `${n}@${v}`)
    .join(' '),
);
