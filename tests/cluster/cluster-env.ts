import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@taskmesh/testing';
import { parse } from 'yaml';
import { namespace, secretValue } from './kube';

// What every cluster test file does first: reach web's sidecar (the client
// app the shared flows and @taskmesh/testing's invoke() use) and
// realtime-sync's socket.io endpoint on the node ports the cluster's values
// publish (infra/cluster/taskmesh-values.yaml), holding the sidecars' API
// token from the release's Secret. Node ports, not port-forwards: they keep
// answering while a rollout replaces the pods behind them.

interface NodePorts {
  web: number;
  'realtime-sync': number;
  webSidecar: number;
}
export const nodePorts = (): NodePorts =>
  (parse(readFileSync(path.join(repoRoot, 'infra/cluster/taskmesh-values.yaml'), 'utf8')) as { nodePorts: NodePorts })
    .nodePorts;

export interface ClusterClient {
  sidecarPort: number;
  realtimePort: number;
  close(): Promise<void>;
}

export async function connectToCluster(): Promise<ClusterClient> {
  process.env.TASKMESH_DAPR_API_TOKEN = await secretValue('taskmesh-dapr-api-token', 'token', namespace);
  const ports = nodePorts();
  process.env.TEST_SIDECAR_HTTP_PORT = String(ports.webSidecar);
  return {
    sidecarPort: ports.webSidecar,
    realtimePort: ports['realtime-sync'],
    async close() {
      delete process.env.TEST_SIDECAR_HTTP_PORT;
      delete process.env.TASKMESH_DAPR_API_TOKEN;
    },
  };
}
