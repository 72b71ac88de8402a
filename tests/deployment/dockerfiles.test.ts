import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@taskmesh/testing';
import { DockerfileParser } from 'dockerfile-ast';
import { currentDockerfile, dockerfileFor, nodeVersion, serviceImages } from '../../scripts/write-dockerfiles';

// No container engine runs here, so the Dockerfiles are checked by parsing them
// with the parser VS Code's Docker support uses: multi-stage, non-root, every
// copied path present, the entry point a real file.
const images: Record<string, string> = {
  ...Object.fromEntries(Object.entries(serviceImages).map(([appId, { dir }]) => [appId, dir])),
  migrations: 'prisma',
};

type Instruction = ReturnType<ReturnType<typeof parseDockerfile>['getInstructions']>[number];
const isNpmCi = (instruction: Instruction) =>
  instruction.getKeyword() === 'RUN' && /\bnpm ci\b/.test(instruction.getArgumentsContent() ?? '');

const parseDockerfile = (dir: string) =>
  DockerfileParser.parse(readFileSync(path.join(repoRoot, dir, 'Dockerfile'), 'utf8'));

/** Every stage's base image as written (`${NODE_IMAGE}:...`) and with the ARG defaults filled in. */
const baseImages = (dockerfile: ReturnType<typeof parseDockerfile>) => {
  const defaults = new Map(
    dockerfile.getInitialARGs().map((arg) => [arg.getProperty()?.getName(), arg.getProperty()?.getValue() ?? '']),
  );
  return dockerfile.getFROMs().map((from) => {
    const written = from.getImage() ?? '';
    return { written, resolved: written.replace(/\$\{(\w+)\}/g, (_, name: string) => defaults.get(name) ?? '') };
  });
};

describe('Dockerfiles', () => {
  it.each(Object.entries(images))('builds %s in stages and runs it unprivileged', (image, dir) => {
    const dockerfile = parseDockerfile(dir);
    const froms = dockerfile.getFROMs();
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const { resolved } of baseImages(dockerfile)) expect(resolved.split(':')[0]).toBe('node');
    const instructions = dockerfile.getInstructions();
    const lastFrom = instructions.lastIndexOf(froms.at(-1) as (typeof instructions)[number]);
    const finalStage = instructions.slice(lastFrom);
    const user = finalStage.filter((i) => i.getKeyword() === 'USER').map((i) => i.getArgumentsContent());
    expect([image, user]).toEqual([image, ['node']]);
    // Every COPY from the build context names something that exists (and nothing ignored).
    for (const copy of dockerfile.getCOPYs()) {
      if (copy.getFromFlag()) continue;
      const args = copy.getArguments().map((a) => a.getValue());
      for (const source of args.slice(0, -1))
        expect([image, source, existsSync(path.join(repoRoot, source))]).toEqual([image, source, true]);
    }
    const cmd = JSON.parse(finalStage.find((i) => i.getKeyword() === 'CMD')?.getArgumentsContent() ?? '[]') as string[];
    if (image !== 'migrations') {
      expect(cmd.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
      expect(existsSync(path.join(repoRoot, cmd[3] as string))).toBe(true);
    } else expect(cmd).toEqual(['npx', '--no-install', 'prisma', 'migrate', 'deploy']);
  });

  // Issue 16: the images run the Node.js that development and CI run (infra/versions.env).
  it.each(Object.entries(images))('bases every stage of %s on the pinned Node.js', (image, dir) => {
    const bases = baseImages(parseDockerfile(dir)).map(({ resolved }) => resolved);
    expect([image, [...new Set(bases)]]).toEqual([image, [`node:${nodeVersion()}-bookworm-slim`]]);
  });

  // Issue 17: no image registry is reachable here, so the base image's name is a
  // build argument: Docker Hub's node by default, localhost/taskmesh/node here.
  it.each(Object.entries(images))("takes %s's base image name as the NODE_IMAGE build argument", (image, dir) => {
    const written = baseImages(parseDockerfile(dir)).map(({ written }) => written);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile ARG references, literally.
    expect([image, [...new Set(written)]]).toEqual([image, ['${NODE_IMAGE}:${NODE_VERSION}-bookworm-slim']]);
  });

  // Issue 17: only the manifests come before each `npm ci`, so a source change
  // reuses the install layers; all of them, since npm ci checks the lock file
  // against every workspace's package.json (the lock file lists the workspaces).
  it.each(Object.entries(images))('copies only every package.json and the lock into %s before npm ci', (image, dir) => {
    const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    const manifests = [
      'package.json',
      'package-lock.json',
      ...Object.keys(lock.packages)
        .filter((key) => key !== '' && !key.includes('node_modules/'))
        .map((workspace) => `${workspace}/package.json`),
    ].sort();
    const stages: Instruction[][] = [];
    for (const instruction of parseDockerfile(dir).getInstructions()) {
      if (instruction.getKeyword() === 'FROM') stages.push([]);
      stages.at(-1)?.push(instruction);
    }
    const installs = stages.filter((stage) => stage.some(isNpmCi));
    expect(installs.length).toBeGreaterThan(0);
    for (const stage of installs) {
      const before = stage.slice(0, stage.findIndex(isNpmCi));
      const copied = before
        .filter((i) => i.getKeyword() === 'COPY')
        .flatMap((i) =>
          i
            .getArguments()
            .slice(0, -1)
            .map((a) => a.getValue()),
        );
      const others = before
        .map((i) => i.getKeyword())
        .filter((keyword) => !['FROM', 'ARG', 'WORKDIR', 'COPY'].includes(keyword));
      expect({ image, copied: copied.sort(), others }).toEqual({ image, copied: manifests, others: [] });
    }
  });

  // The CA bundle a build may need to reach the registry is a build argument
  // with no default (Docker elsewhere uses its own CAs), never part of an image.
  it.each(Object.entries(images))('names a CA bundle for %s only as a build argument', (image, dir) => {
    const dockerfile = parseDockerfile(dir);
    const caArgs = dockerfile
      .getInstructions()
      .filter((i) => i.getKeyword() === 'ARG' && i.getArgumentsContent()?.startsWith('NODE_EXTRA_CA_CERTS'))
      .map((i) => i.getArgumentsContent());
    const installStages = dockerfile.getInstructions().filter(isNpmCi).length;
    expect([image, caArgs]).toEqual([image, Array(installStages).fill('NODE_EXTRA_CA_CERTS')]);
    const elsewhere = dockerfile
      .getInstructions()
      .filter((i) => i.getKeyword() !== 'ARG' && /NODE_EXTRA_CA_CERTS|\.crt\b/.test(i.getArgumentsContent() ?? ''));
    expect([image, elsewhere.map((i) => i.getRange().start.line + 1)]).toEqual([image, []]);
  });

  it.each(Object.keys(serviceImages))("has %s's Dockerfile as scripts/write-dockerfiles.ts writes it", (appId) => {
    expect(currentDockerfile(appId)).toBe(dockerfileFor(appId));
  });

  it('keeps dependencies, git history and generated code out of the build context', () => {
    const ignored = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(
      expect.arrayContaining(['node_modules', '**/node_modules', '.git', 'packages/db/src/generated']),
    );
  });

  it('gives every app the chart deploys an image of its own name', () => {
    const chartApps = Object.keys(
      (
        JSON.parse(readFileSync(path.join(repoRoot, 'charts/taskmesh/values.schema.json'), 'utf8')) as {
          properties: { apps: { properties: Record<string, unknown> } };
        }
      ).properties.apps.properties,
    );
    expect(chartApps.sort()).toEqual(
      Object.keys(images)
        .filter((i) => i !== 'migrations')
        .sort(),
    );
  });
});
