import type { DaprClient, Logger } from '@taskmesh/platform';

/** Settings web/server.ts reads at boot and hands every loader and action. */
export interface WebConfig {
  /** Signs the session cookie (from the Dapr secret store). */
  sessionSecret: string;
  sessionTtlSeconds: number;
  /** Secure cookies where the UI is served over HTTPS. */
  cookieSecure: boolean;
  /** Where browsers open their socket.io connection to realtime-sync ('' = this origin, behind the Ingress). */
  realtimeUrl: string;
}

declare module '@remix-run/node' {
  // Single fetch (vite.config.mts): loaders return plain data, typed as such.
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    /** web's own sidecar: every call to another app or to the state store goes through it. */
    dapr: DaprClient;
    logger: Logger;
    config: WebConfig;
    /**
     * The browser's address (behind TRUSTED_PROXY_HOPS proxies), passed on as
     * X-Forwarded-For so tasks-api limits per person, not per web replica.
     */
    clientIp?: string;
    /** This response's Content-Security-Policy nonce for the inline scripts Remix renders (issue 15). */
    cspNonce?: string;
  }
}
