// Reads a Dapr multi-app run file (dapr.yaml) exactly as the dapr CLI v1.18.0
// does for `dapr run -f` (issue 16), so infra/dapr-run.mjs and the real CLI
// start the same sidecars from the same file. Sources, at tag v1.18.0:
// pkg/runfileconfig/run_file_config.go and run_file_config_parser.go (keys,
// path resolution, common/app merge), pkg/standalone/run.go (RunConfig and
// SharedRunConfig: yaml keys, daprd flags, app env) and cmd/run.go (working
// directory, DAPR_HOST_IP).
//
// One difference on purpose: the CLI's YAML parser silently ignores a key it
// does not know (and a misspelt key then does nothing); this reader refuses it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

// SharedRunConfig: allowed in `common` and in each app (an app's value wins
// unless it is the zero value). `arg` is the daprd flag; `ifneq` a value for
// which the flag is left out; `def` the CLI's default for a zero value.
// Untagged Go fields (ComponentsPath, the log writers) are not run-file keys.
export const sharedKeys = {
  configFilePath: { type: 'string', arg: 'config' },
  appProtocol: { type: 'string', arg: 'app-protocol', def: 'http' },
  apiListenAddresses: { type: 'string', arg: 'dapr-listen-addresses' },
  enableProfiling: { type: 'boolean', arg: 'enable-profiling' },
  logLevel: { type: 'string', arg: 'log-level' },
  appMaxConcurrency: { type: 'number', arg: 'app-max-concurrency', def: -1 },
  placementHostAddress: { type: 'string', arg: 'placement-host-address', nullable: true },
  resourcesPath: { type: 'string' },
  resourcesPaths: { type: 'list', arg: 'resources-path' },
  appSSL: { type: 'boolean', arg: 'app-ssl' },
  maxBodySize: { type: 'string', arg: 'max-body-size', def: '4Mi' },
  readBufferSize: { type: 'string', arg: 'read-buffer-size', def: '4Ki' },
  enableAppHealthCheck: { type: 'boolean', arg: 'enable-app-health-check' },
  appHealthCheckPath: { type: 'string', arg: 'app-health-check-path' },
  appHealthProbeInterval: { type: 'number', arg: 'app-health-probe-interval', ifneq: '0' },
  appHealthProbeTimeout: { type: 'number', arg: 'app-health-probe-timeout', ifneq: '0' },
  appHealthThreshold: { type: 'number', arg: 'app-health-threshold', ifneq: '0' },
  enableApiLogging: { type: 'boolean', arg: 'enable-api-logging' },
  runtimePath: { type: 'string' },
  env: { type: 'map' },
  daprdLogDestination: { type: 'string', oneOf: ['console', 'file', 'fileAndConsole'] },
  appLogDestination: { type: 'string', oneOf: ['console', 'file', 'fileAndConsole'] },
  schedulerHostAddress: { type: 'string', arg: 'scheduler-host-address', nullable: true },
};
// RunConfig's own fields (apps only), in the CLI's flag order; `env` is the
// variable the CLI gives the app.
export const appKeys = {
  appID: { type: 'string', arg: 'app-id', env: 'APP_ID' },
  appChannelAddress: { type: 'string', arg: 'app-channel-address', ifneq: '127.0.0.1', env: 'APP_CHANNEL_ADDRESS' },
  appPort: { type: 'number', arg: 'app-port', def: -1, env: 'APP_PORT' },
  daprHTTPPort: { type: 'number', arg: 'dapr-http-port', def: -1, env: 'DAPR_HTTP_PORT' },
  daprGRPCPort: { type: 'number', arg: 'dapr-grpc-port', def: -1, env: 'DAPR_GRPC_PORT' },
  profilePort: { type: 'number', arg: 'profile-port', def: -1 },
  command: { type: 'list' },
  metricsPort: { type: 'number', arg: 'metrics-port', def: -1, env: 'DAPR_METRICS_PORT' },
  unixDomainSocket: { type: 'string', arg: 'unix-domain-socket' },
  daprInternalGRPCPort: { type: 'number', arg: 'dapr-internal-grpc-port', def: -1 },
  appDirPath: { type: 'string' },
  // ContainerConfiguration: read only by `dapr run -f -k` (Kubernetes).
  containerImage: { type: 'string', kubernetesOnly: true },
  containerImagePullPolicy: { type: 'string', kubernetesOnly: true },
  createService: { type: 'boolean', kubernetesOnly: true },
};
export const topKeys = { version: 'number', name: 'string', common: 'object', apps: 'array' };

/** With `spec.mtls.enabled` in an app's Configuration the CLI always dials this Sentry. */
export const cliSentryAddress = 'localhost:50001';

class RunFileError extends Error {}

function typeOf(value) {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'map';
  return typeof value;
}

function checkSection(section, keys, where) {
  if (typeOf(section) !== 'map') throw new RunFileError(`${where} must be a mapping`);
  for (const [key, value] of Object.entries(section)) {
    const spec = keys[key];
    if (!spec) throw new RunFileError(`${where}: unknown key "${key}" (the dapr CLI does not read it)`);
    if (spec.kubernetesOnly) throw new RunFileError(`${where}: "${key}" is for \`dapr run -f -k\` only`);
    const actual = typeOf(value);
    if (actual === 'null' && spec.nullable) continue;
    if (actual !== spec.type) throw new RunFileError(`${where}.${key}: expected a ${spec.type}, got a ${actual}`);
    if (spec.type === 'list' && value.some((v) => typeof v !== 'string'))
      throw new RunFileError(`${where}.${key}: expected a list of strings`);
    if (spec.oneOf && !spec.oneOf.includes(value))
      throw new RunFileError(`${where}.${key}: expected one of ${spec.oneOf.join(', ')}`);
  }
}

/** The CLI's path rule: `~/` is the home directory, relative is from `base`, and the path must exist. */
function resolveExisting(base, p, where) {
  if (!p) return p;
  const home = p.startsWith('~/') ? path.join(homedir(), p.slice(2)) : p;
  const abs = path.isAbsolute(home) ? home : path.join(base, home);
  if (!existsSync(abs)) throw new RunFileError(`${where}: ${abs} does not exist`);
  return abs;
}

/** `<runtime path>/.dapr`: runtimePath, else $DAPR_RUNTIME_PATH, else the home directory. */
export function daprDir(runtimePath, env = process.env) {
  const root = runtimePath?.trim() || env.DAPR_RUNTIME_PATH?.trim() || homedir();
  return path.join(root, '.dapr');
}

/** Go's IsZero on the CLI's fields: a pointer field (nullable) is zero only when absent or null. */
const isZero = (v, spec) =>
  spec.nullable
    ? v === undefined || v === null
    : v === undefined || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0);

/**
 * Parses and checks a run file; returns each app's settings after the CLI's
 * merge of `common`, path resolution and defaults.
 */
export function readRunFile(file, env = process.env) {
  const baseDir = path.dirname(path.resolve(file));
  const spec = parse(readFileSync(file, 'utf8'));
  if (typeOf(spec) !== 'map') throw new RunFileError(`${file}: not a mapping`);
  for (const [key, value] of Object.entries(spec)) {
    if (!topKeys[key]) throw new RunFileError(`unknown top-level key "${key}" (the dapr CLI does not read it)`);
    if ((topKeys[key] === 'array') !== Array.isArray(value) || (topKeys[key] === 'number' && typeof value !== 'number'))
      throw new RunFileError(`${key}: wrong type`);
  }
  if (!spec.version) throw new RunFileError("required field 'version' not found");
  const common = { ...(spec.common ?? {}) };
  checkSection(common, sharedKeys, 'common');
  for (const key of ['configFilePath', 'resourcesPath', 'runtimePath'])
    common[key] = resolveExisting(baseDir, common[key], `common.${key}`);
  common.resourcesPaths = [
    ...(common.resourcesPaths ?? []),
    ...(common.resourcesPath ? [common.resourcesPath] : []),
  ].map((p) => resolveExisting(baseDir, p, 'common.resourcesPaths'));

  return (spec.apps ?? []).map((raw, i) => {
    const where = `apps[${i}]`;
    checkSection(raw, { ...sharedKeys, ...appKeys }, where);
    if (!raw.appDirPath) throw new RunFileError(`${where}: required field 'appDirPath' not found`);
    const app = { ...raw, appDirPath: resolveExisting(baseDir, raw.appDirPath, `${where}.appDirPath`) };
    // An app's own paths are relative to its appDirPath, not to the run file.
    for (const key of ['configFilePath', 'resourcesPath', 'runtimePath'])
      app[key] = resolveExisting(app.appDirPath, app[key], `${where}.${key}`);
    app.resourcesPaths = [...(app.resourcesPaths ?? []), ...(app.resourcesPath ? [app.resourcesPath] : [])].map((p) =>
      resolveExisting(app.appDirPath, p, `${where}.resourcesPaths`),
    );
    app.runtimePath ||= common.runtimePath;
    const dapr = daprDir(app.runtimePath, env);
    const local = (name) => path.join(app.appDirPath, '.dapr', name);
    // Precedence: the app's own > <appDirPath>/.dapr/ > common > the runtime path's defaults.
    if (app.resourcesPaths.length === 0) {
      if (existsSync(local('resources'))) app.resourcesPaths = [local('resources')];
      else if (common.resourcesPaths.length > 0) app.resourcesPaths = common.resourcesPaths;
      else app.resourcesPaths = [path.join(dapr, 'components')];
    }
    if (!app.configFilePath) {
      if (existsSync(local('config.yaml'))) app.configFilePath = local('config.yaml');
      else app.configFilePath = common.configFilePath || path.join(dapr, 'config.yaml');
    }
    for (const [key, s] of Object.entries(sharedKeys)) if (isZero(app[key], s)) app[key] = common[key];
    app.env = { ...(common.env ?? {}), ...(raw.env ?? {}) };
    for (const [key, s] of Object.entries({ ...sharedKeys, ...appKeys }))
      if (isZero(app[key], s) && s.def !== undefined) app[key] = s.def;
    if (app.appPort < 0) app.appPort = 0;
    app.appID ||= path.basename(app.appDirPath);
    app.daprdLogDestination ||= 'file';
    app.appLogDestination ||= 'fileAndConsole';
    app.daprd = path.join(dapr, 'bin', 'daprd');
    return app;
  });
}

/** The Sentry address when the app's Configuration says `spec.mtls.enabled` (the CLI's mtlsEndpoint). */
function mtlsSentry(configFile) {
  try {
    return parse(readFileSync(configFile, 'utf8'))?.spec?.mtls?.enabled === true ? cliSentryAddress : undefined;
  } catch {
    return undefined;
  }
}

/** daprd's arguments, in the CLI's order (getArgsFromSchema over SharedRunConfig, then RunConfig). */
export function daprdArgs(app) {
  const args = [];
  for (const [key, spec] of Object.entries({ ...sharedKeys, ...appKeys })) {
    if (!spec.arg) continue;
    const value = app[key];
    const flag = `--${spec.arg}`;
    if (spec.type === 'boolean') {
      if (value === true) args.push(flag);
    } else if (spec.type === 'list') {
      for (const v of value ?? []) args.push(flag, v);
    } else if (spec.nullable) {
      // Placement: absent means localhost:50005, blank means off. Scheduler: absent or
      // "" means localhost:50006 (daprd newer than 1.15), and only a blank that is not
      // empty (" ") means off (dapr/cli#1503; cmd/run.go validateSchedulerHostAddress).
      const placement = key === 'placementHostAddress';
      const raw = value ?? (placement ? 'localhost' : '');
      const v = !placement && raw === '' ? 'localhost' : String(raw).trim();
      if (v) args.push(flag, v.includes(':') ? v : `${v}:${placement ? 50005 : 50006}`);
    } else if (value !== undefined && String(value) !== '' && String(value) !== spec.ifneq) {
      args.push(flag, String(value));
    }
  }
  const sentry = mtlsSentry(app.configFilePath);
  if (sentry) args.push('--enable-mtls', '--sentry-address', sentry);
  return args;
}

/** The app's environment: the caller's, the CLI's variables, then the run file's `env`. */
export function appEnv(app, base = process.env) {
  const env = { ...base };
  for (const [key, spec] of Object.entries(appKeys)) {
    if (!spec.env) continue;
    const value = app[key];
    if (typeof value === 'number' && value <= 0) continue;
    env[spec.env] = String(value ?? '');
  }
  // getAppProtocol: appSSL turns http/grpc into https/grpcs; an unknown protocol sets nothing.
  const protocol = String(app.appProtocol ?? '').toLowerCase() || 'http';
  const withSSL = app.appSSL ? { http: 'https', grpc: 'grpcs' }[protocol] : undefined;
  if (['http', 'grpc', 'https', 'grpcs', 'h2c'].includes(protocol)) env.APP_PROTOCOL = withSSL ?? protocol;
  for (const [key, value] of Object.entries(app.env)) env[key] = String(value);
  return env;
}

/** daprd inherits the caller's environment; the CLI adds DAPR_HOST_IP=127.0.0.1 unless set. */
export function daprdEnv(base = process.env) {
  return { DAPR_HOST_IP: '127.0.0.1', ...base };
}

export { RunFileError };
export const isDirectory = (p) => existsSync(p) && statSync(p).isDirectory();
