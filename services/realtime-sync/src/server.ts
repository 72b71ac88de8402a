import { Component, Secret } from '@taskmesh/contracts';
import { accessTokenVerifier, bootService } from '@taskmesh/platform';
import { buildApp } from './app';
import { createEndedSessions } from './domain/ended-sessions';
import { createReplayBuffer } from './domain/replay-buffer';
import { createSocketHub } from './domain/socket-hub';
import { EnvSchema } from './env';

bootService(EnvSchema, async ({ env, logger, dapr }) => {
  const jwtPublicKey = await dapr.getSecret(Component.secretStore, Secret.jwtPublicKey);
  const replay = createReplayBuffer(dapr, { size: env.REPLAY_SIZE, ttlSeconds: env.REPLAY_TTL_SECONDS });
  const endedSessions = createEndedSessions(dapr, logger);
  const hub = createSocketHub({
    tokens: accessTokenVerifier(jwtPublicKey),
    replay,
    endedSessions,
    logger,
    maxBufferedBytes: env.MAX_BUFFERED_BYTES,
    maxSocketsPerUser: env.MAX_SOCKETS_PER_USER,
    corsOrigins: env.CORS_ORIGINS,
  });
  // Open sockets would hold the graceful shutdown until its timeout: close them first.
  process.once('SIGTERM', () => hub.disconnectAll());
  return {
    app: buildApp({ hub, replay, endedSessions, logger, appApiToken: env.APP_API_TOKEN }),
    onListening: (server) => hub.attach(server),
  };
});
