import { Agent as HttpAgent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  type AllowedOrigins,
  checkOutboundUrl,
  type LookupAll,
  OutboundUrlRefused,
  publicAddressLookup,
} from './outbound-url';

/** A request to a user-supplied URL that got no answer. The message is fixed text, never anything the peer sent. */
export class OutboundRequestFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRequestFailed';
  }
}

export interface OutboundRequest {
  method: string;
  headers: OutgoingHttpHeaders;
  body?: Buffer | string | null;
}

export interface OutboundClient {
  /**
   * Sends one request to a user-supplied URL and resolves with the status the
   * peer answered. Throws OutboundUrlRefused (the URL or what its name
   * resolves to is not public https) or OutboundRequestFailed (no answer).
   */
  send(url: string, request: OutboundRequest): Promise<number>;
  close(): void;
}

/** Most of a peer's answer read (and thrown away) before its connection is cut. */
const maxAnswerBytes = 64 * 1024;

/**
 * Calls URLs that users supplied (issue 15): each URL passes checkOutboundUrl,
 * names connect only to the addresses publicAddressLookup vetted, redirects
 * are never followed (a 3xx is just the answer), and the peer's body is never
 * kept: only its status reaches the caller, so nothing a peer writes can end
 * up in front of a user. The whole exchange has one deadline. Keep-alive
 * agents, so a burst of requests to one peer reuses connections.
 */
export function createOutboundClient(options: {
  allowed: AllowedOrigins;
  timeoutMs: number;
  maxSockets: number;
  /** DNS (tests replace it). */
  resolve?: LookupAll;
}): OutboundClient {
  const { allowed, timeoutMs, maxSockets } = options;
  const vetted = new HttpsAgent({ keepAlive: true, maxSockets, lookup: publicAddressLookup(options.resolve) });
  // Allow-listed test peers are reached as they are, http included.
  const listed = {
    http: new HttpAgent({ keepAlive: true, maxSockets }),
    https: new HttpsAgent({ keepAlive: true, maxSockets }),
  };

  return {
    async send(raw, { method, headers, body }) {
      const { url, allowListed } = checkOutboundUrl(raw, allowed);
      const secure = url.protocol === 'https:';
      const agent = allowListed ? (secure ? listed.https : listed.http) : vetted;
      return new Promise<number>((resolve, reject) => {
        const request = (secure ? httpsRequest : httpRequest)(url, { method, headers, agent }, (response) => {
          resolve(response.statusCode ?? 0);
          let read = 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > maxAnswerBytes) request.destroy();
          });
          response.on('end', () => clearTimeout(deadline));
          response.on('error', () => clearTimeout(deadline));
        });
        const deadline = setTimeout(
          () => request.destroy(new OutboundRequestFailed(`no answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
        request.on('error', (error) => {
          clearTimeout(deadline);
          reject(
            error instanceof OutboundUrlRefused || error instanceof OutboundRequestFailed
              ? error
              : new OutboundRequestFailed('no connection'),
          );
        });
        request.end(body ?? undefined);
      });
    },
    close() {
      vetted.destroy();
      listed.http.destroy();
      listed.https.destroy();
    },
  };
}
