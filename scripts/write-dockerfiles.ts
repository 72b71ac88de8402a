// Writes one Dockerfile per service (services/<app-id>/Dockerfile, web/Dockerfile)
// from the single template below, so the images cannot drift apart.
// `npm run docs:dockerfiles`; a deployment test fails when a Dockerfile differs.
import { readFileSync, writeFileSync } from 'node:fs';
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
  // The Remix UI is bundled by Vite in the build stage; the image serves web/build.
  web: {
    dir: 'web',
    entry: 'web/server.ts',
    build: { run: 'npm run build --workspace=@taskmesh/web', output: 'web/build' },
  },
};

export function dockerfileFor(appId: string): string {
  const image = serviceImages[appId];
  if (!image) throw new Error(`unknown app ${appId}`);
  const workspace = `@taskmesh/${appId}`;
  const build = image.build ? ` && ${image.build.run}` : '';
  const builtOutput = image.build
    ? `COPY --from=prisma-client /app/${image.build.output} ./${image.build.output}\n`
    : '';
  return `# ${appId}'s image (written by scripts/write-dockerfiles.ts; edit the template there).
# Build from the repository root: docker build -f ${image.dir}/Dockerfile -t taskmesh/${appId} .
# Stage 1 generates the Prisma client${image.build ? ' and builds the UI' : ''} (needs the dev tools), stage 2 installs
# only ${appId}'s production dependencies, the last stage is those plus the
# sources, run as the unprivileged \`node\` user (the chart also makes the root
# filesystem read-only; tsx compiles into /tmp). NODE_VERSION is the Node.js
# that infra/versions.env pins for development and CI too. NODE_IMAGE is the
# base image's name (issue 17): Docker Hub's node by default; here, with no
# registry, --build-arg NODE_IMAGE=localhost/taskmesh/node (npm run images:build).
ARG NODE_IMAGE=node
ARG NODE_VERSION=${nodeVersion()}
FROM \${NODE_IMAGE}:\${NODE_VERSION}-bookworm-slim AS prisma-client
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY packages ./packages
COPY services ./services
COPY web ./web
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund --ignore-scripts && npx prisma generate${build}

FROM \${NODE_IMAGE}:\${NODE_VERSION}-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages ./packages
COPY services ./services
COPY web ./web
RUN npm ci --no-audit --no-fund --omit=dev --workspace=${workspace} && npm cache clean --force

FROM \${NODE_IMAGE}:\${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=prisma-client /app/packages/db/src/generated ./packages/db/src/generated
COPY package.json tsconfig.json ./
COPY packages ./packages
COPY ${image.dir} ./${image.dir}
${builtOutput}USER node
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
