// The ceiling of service invocation (issue 21): an app that does no work at
// all, behind a sidecar of its own, so a benchmark can measure what the mesh
// alone (caller's sidecar, mTLS, callee's sidecar, one HTTP hop to the app)
// allows on this machine and set the API's figures beside it.
import { createServer } from 'node:http';

const port = Number(process.env.APP_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('APP_PORT must be a port');

createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
}).listen(port, '127.0.0.1');
