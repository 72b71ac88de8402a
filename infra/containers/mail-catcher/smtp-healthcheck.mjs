// The mail catcher image's HEALTHCHECK: healthy when the SMTP server on
// 127.0.0.1:PORT greets with 220. PORT is the first argument (2525, the
// image's default); a container given another port overrides the healthcheck too.
import { connect } from 'node:net';

const port = Number(process.argv[2] ?? 2525);
const socket = connect(port, '127.0.0.1');
const fail = (why) => {
  console.error(`SMTP on port ${port}: ${why}`);
  process.exit(1);
};
socket.setTimeout(5000, () => fail('no greeting within 5 s'));
socket.on('error', (error) => fail(error.message));
socket.once('data', (data) => {
  if (!data.toString().startsWith('220')) fail(`greeted with ${JSON.stringify(data.toString().trim())}`);
  socket.end('QUIT\r\n');
  process.exit(0);
});
