// Writes one Dapr Configuration per local sidecar (dapr-components/config/<app-id>.yaml),
// and the same grants for the Helm chart (charts/taskmesh/files/access.json),
// from packages/contracts/src/access.ts: each app reads only its own secrets
// and is invoked only by the callers and operations granted there (issue 15).
// `npm run docs:dapr-config`; a unit test fails when a file differs.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  type AppId,
  allAppIds,
  Component,
  invocationGrants,
  localClientAppId,
  publicOperations,
  secretsOf,
} from '@taskmesh/contracts';
import { stringify } from 'yaml';

const repoRoot = path.resolve(__dirname, '..');

/** Every app of dapr.yaml, plus the sample client app (its own sidecar, nothing granted to it). */
export const configuredAppIds: readonly string[] = [...allAppIds, localClientAppId];

/** Standalone sidecars' SPIFFE identities: spiffe://public/ns/default/<app-id>. */
const trustDomain = 'public';
const namespace = 'default';

export function daprConfigFor(appId: string): string {
  const own = (allAppIds as readonly string[]).includes(appId) ? (appId as AppId) : undefined;
  const grants = own ? invocationGrants(own, [localClientAppId]) : {};
  const config = {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Configuration',
    metadata: { name: appId },
    spec: {
      // Every request is traced; W3C trace context is propagated through
      // invocation and pub/sub. Locally no exporter runs.
      tracing: { samplingRate: '1' },
      metrics: { enabled: true },
      // mDNS needs multicast, which sandboxes and CI machines often lack; the
      // sqlite resolver shares one file among the local sidecars instead. daprd
      // expands ${VAR} in a standalone Configuration, so the absolute path from
      // infra/lib.sh holds in any working directory (issue 16: the dapr CLI
      // starts each daprd in its app's folder).
      nameResolution: {
        component: 'sqlite',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: daprd expands it, not JavaScript.
        configuration: { connectionString: '${TASKMESH_NAME_RESOLUTION_DB}' },
      },
      // `dapr run` enables mTLS for a sidecar whose Configuration says so, with
      // the local Sentry at localhost:50001 (infra/up.sh); a standalone daprd
      // ignores this block. The other two fields are what the CRD requires.
      mtls: { enabled: true, controlPlaneTrustDomain: 'localhost', sentryAddress: 'localhost:50001' },
      secrets: {
        scopes: [
          {
            storeName: Component.secretStore,
            defaultAccess: 'deny',
            allowedSecrets: own ? [...secretsOf[own]] : [],
          },
        ],
      },
      // Checked by this sidecar against the caller's mTLS identity (from the
      // local Sentry): whoever is not listed, and whatever is not listed, is denied.
      accessControl: {
        defaultAction: 'deny',
        trustDomain,
        policies: Object.entries(grants).map(([caller, operations]) => ({
          appId: caller,
          defaultAction: 'deny',
          trustDomain,
          namespace,
          operations: operations.map((name) => ({ name, httpVerb: ['*'], action: 'allow' })),
        })),
      },
    },
  };
  return `# ${appId}'s sidecar Configuration: written by scripts/write-dapr-config.ts from
# packages/contracts/src/access.ts (edit that, then npm run docs:dapr-config).
${stringify(config)}`;
}

/**
 * The same grants for the Helm chart (charts/taskmesh/files/access.json), which
 * renders one Configuration per app from it; the chart adds the operator's
 * client apps (dapr.accessControl.clients) with the public operations.
 */
export function chartAccessJson(): string {
  const access = {
    secrets: secretsOf,
    grants: Object.fromEntries(allAppIds.map((appId) => [appId, invocationGrants(appId, [])])),
    public: Object.fromEntries(allAppIds.map((appId) => [appId, publicOperations[appId] ?? []])),
  };
  return `${JSON.stringify(access, null, 2)}\n`;
}

export const chartAccessPath = path.join(repoRoot, 'charts', 'taskmesh', 'files', 'access.json');

export const daprConfigPath = (appId: string) => path.join(repoRoot, 'dapr-components', 'config', `${appId}.yaml`);
export const currentDaprConfig = (appId: string) => readFileSync(daprConfigPath(appId), 'utf8');

if (require.main === module) {
  for (const appId of configuredAppIds) {
    writeFileSync(daprConfigPath(appId), daprConfigFor(appId));
    console.log(`wrote ${path.relative(repoRoot, daprConfigPath(appId))}`);
  }
  writeFileSync(chartAccessPath, chartAccessJson());
  console.log(`wrote ${path.relative(repoRoot, chartAccessPath)}`);
}
