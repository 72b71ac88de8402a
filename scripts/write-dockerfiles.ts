// Writes one Dockerfile per service (services/<app-id>/Dockerfile, web/Dockerfile)
// from the single template below, so the images cannot drift apart.
// `npm run docs:dockerfiles`; a deployment test fails when a Dockerfile differs.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');

/** The Node.js every image is based on: the one infra/setup.sh installs (infra/versions.env, issue 16). */
export const nodeVersion = (): string => {
  const match = /^NODE_VERSION=(\S+)$/m.exec(readFileSync(path.join(repoRoot, 'infra/versions.env'), 'utf8'));
  if (!match?.[1]) throw new Error('NODE_VERSION missing from infra/versions.env');
  return match[1];
};

/** App id -> its folder and entry point (relative to the repository root). */
export const serviceImages: Record<string, { dir: string; entry: string; build?: { run: string; output: string } }> = {
  'tasks-api': { dir: 'services/tasks-api', entry: 'services/tasks-api/src/server.ts' },
  'audit-agent': { dir: 'services/audit-agent', entry: 'services/audit-agent/src/server.ts' },
  'recurrence-agent': { dir: 'services/recurrence-agent', entry: 'services/recurrence-agent/src/server.ts' },
  'reminder-agent': { dir: 'services/reminder-agent', entry: 'services/reminder-agent/src/server.ts' },
  'realtime-sync': { dir: 'services/realtime-sync', entry: 'services/realtime-sync/src/server.ts' },
  'webhook-agent': { dir: 'services/webhook-agent', entry: 'services/webhook-agent/src/server.ts' },
  // The Remix UI is bundled by Vite in the build stage; the image serves web/build.
  web: {
    dir: 'web',
    entry: 'web/server.ts',
    build: { run: 'npm run build --workspace=@taskmesh/web', output: 'web/build' },
  },
};

interface Workspace {
  dir: string;
  name: string;
  /** The other workspaces it depends on (package.json "dependencies" named like one). */
  uses: string[];
}

const readManifest = (dir: string) =>
  JSON.parse(readFileSync(path.join(repoRoot, dir, 'package.json'), 'utf8')) as {
    name: string;
    workspaces?: string[];
    dependencies?: Record<string, string>;
  };

/** Every workspace of the root package.json ("packages/*" expanded), sorted by folder. */
export function workspaces(): Workspace[] {
  const dirs = (readManifest('.').workspaces ?? []).flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(path.join(repoRoot, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
      : [pattern],
  );
  const manifests = dirs
    .filter((dir) => existsSync(path.join(repoRoot, dir, 'package.json')))
    .sort()
    .map((dir) => ({ dir, manifest: readManifest(dir) }));
  const names = new Set(manifests.map(({ manifest }) => manifest.name));
  return manifests.map(({ dir, manifest }) => ({
    dir,
    name: manifest.name,
    uses: Object.keys(manifest.dependencies ?? {}).filter((dependency) => names.has(dependency)),
  }));
}

/** The folders of the workspaces an app runs with: the ones its folder depends on, transitively. */
export function workspacesUsedBy(dir: string): string[] {
  const all = workspaces();
  const byName = new Map(all.map((workspace) => [workspace.name, workspace]));
  const seen = new Set<string>();
  const visit = (workspace: Workspace | undefined) => {
    for (const name of workspace?.uses ?? []) {
      if (seen.has(name)) continue;
      seen.add(name);
      visit(byName.get(name));
    }
  };
  visit(all.find((workspace) => workspace.dir === dir));
  return [...seen].map((name) => byName.get(name)?.dir as string).sort();
}

/**
 * The manifests `npm ci` reads, one COPY each: the root's and every
 * workspace's package.json (npm ci checks the lock file against all of them)
 * and the lock. Copying nothing else before the install keeps its layer cached
 * until a manifest or the lock changes, whatever source changes (issue 17).
 */
export function manifestCopies(): string {
  return [
    'COPY package.json package-lock.json ./',
    ...workspaces().map(({ dir }) => `COPY ${dir}/package.json ${dir}/`),
  ].join('\n');
}

/**
 * One `npm ci`. NODE_EXTRA_CA_CERTS is a build argument, empty unless given:
 * where the registry is only trusted through an extra CA (this machine), the
 * build mounts the bundle and names it here, for the install step only
 * (infra/containers/app-images.sh); the bundle never becomes part of a layer.
 * npm's download cache is a cache mount, so each image's install reuses the
 * packages an earlier build fetched, and no cache lands in the image.
 * --ignore-scripts: no dependency needs its install script at run time, and
 * @prisma/engines' would try to download native engines (docs/decisions/001).
 */
export const npmCi = (flags: string): string =>
  `RUN --mount=type=cache,id=taskmesh-npm,target=/root/.npm \\\n    npm ci --no-audit --no-fund --ignore-scripts${flags ? ` ${flags}` : ''}`;

export function dockerfileFor(appId: string): string {
  const image = serviceImages[appId];
  if (!image) throw new Error(`unknown app ${appId}`);
  const workspace = readManifest(image.dir).name;
  const used = workspacesUsedBy(image.dir);
  const usesDb = used.includes('packages/db');
  // The build stage, with every dependency: what only the dev tools make.
  const buildSteps = [
    ...(usesDb
      ? [
          // Prisma 7's CLI (packages/db's) generates from a copy of the schema
          // its config writes (docs/decisions/001, "Revisited (issue 21)").
          'COPY packages/db/prisma.config.ts ./packages/db/',
          'COPY prisma/schema.prisma ./prisma/',
          'RUN npm run db:generate',
        ]
      : []),
    ...(image.build
      ? [
          'COPY tsconfig.json ./',
          ...[...used, image.dir].map((dir) => `COPY ${dir} ./${dir}`),
          `RUN ${image.build.run}`,
        ]
      : []),
  ];
  const made = [usesDb && 'generate the Prisma client', image.build && 'build the UI'].filter(Boolean).join(' and ');
  const buildStage = buildSteps.length
    ? `
FROM \${NODE_IMAGE}:\${NODE_VERSION}-bookworm-slim AS build
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
${manifestCopies()}
${npmCi('')}
${buildSteps.join('\n')}
`
    : '';
  const fromBuild = [
    ...(usesDb ? ['COPY --from=build /app/packages/db/src/generated ./packages/db/src/generated'] : []),
    ...(image.build ? [`COPY --from=build /app/${image.build.output} ./${image.build.output}`] : []),
  ];
  const stages = [
    `# Stage \`dependencies\` installs ${appId}'s production dependencies only (and`,
    '# prunes the Prisma CLI and TypeScript, which npm keeps as optional peers).',
    ...(made ? [`# Stage \`build\` installs everything to ${made}.`] : []),
    `# The last stage is those node_modules${fromBuild.length ? ', what the build stage made' : ''} and the sources of`,
    `# ${appId} and of the workspaces it uses (${used.map((dir) => path.basename(dir)).join(', ')}),`,
    '# run as the unprivileged `node` user (the chart also makes the root',
    '# filesystem read-only; tsx compiles into /tmp).',
  ];
  return `# ${appId}'s image (written by scripts/write-dockerfiles.ts; edit the template there).
# Build from the repository root: docker build -f ${image.dir}/Dockerfile -t taskmesh/${appId} .
${stages.join('\n')}
# Only package.json files and the lock file come before \`npm ci\`, so source
# changes reuse the install layers (issue 17). NODE_VERSION is the Node.js
# that infra/versions.env pins for development and CI too. NODE_IMAGE is the
# base image's name (issue 17): Docker Hub's node by default; here, with no
# registry, --build-arg NODE_IMAGE=localhost/taskmesh/node (npm run images:build).
ARG NODE_IMAGE=node
ARG NODE_VERSION=${nodeVersion()}
FROM \${NODE_IMAGE}:\${NODE_VERSION}-bookworm-slim AS dependencies
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
${manifestCopies()}
${npmCi(`--omit=dev --workspace=${workspace}`)}
COPY infra/containers/prune-optional-peers.mjs /tmp/
RUN node /tmp/prune-optional-peers.mjs ${image.dir}
${buildStage}
FROM \${NODE_IMAGE}:\${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# node_modules (and any a workspace keeps of its own) with the manifests.
COPY --from=dependencies /app ./
COPY tsconfig.json ./
${[...used.map((dir) => `COPY ${dir} ./${dir}`), ...fromBuild, `COPY ${image.dir} ./${image.dir}`].join('\n')}
USER node
EXPOSE 3000 9464
CMD ["node", "--import", "tsx", "${image.entry}"]
`;
}

export const dockerfilePath = (appId: string) => path.join(repoRoot, serviceImages[appId]?.dir ?? '', 'Dockerfile');

if (require.main === module) {
  for (const appId of Object.keys(serviceImages)) {
    writeFileSync(dockerfilePath(appId), dockerfileFor(appId));
    console.log(`wrote ${path.relative(repoRoot, dockerfilePath(appId))}`);
  }
}

export const currentDockerfile = (appId: string) => readFileSync(dockerfilePath(appId), 'utf8');
