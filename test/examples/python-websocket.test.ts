/**
 * The Python example's hand-written WebSocket client (RFC 6455) against the `ws` server the
 * simulator uses: masked client frames of every length encoding, ping answered with pong, a
 * fragmented text message put back together, and the server's close echoed with its code.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { WebSocketServer } from 'ws';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLIENT = `
import sys
sys.path.insert(0, 'examples/python-adapter')
from ws_client import WebSocket
ws = WebSocket.connect(sys.argv[1], 5.0)
ws.send_text('x' * 100)
ws.send_text('y' * 300)
ws.send_text('z' * 70000)
while True:
    message = ws.receive(10.0)
    if message is None:
        print('closed', flush=True)
        break
    print('got ' + message, flush=True)
`;

test('the Python WebSocket client speaks RFC 6455 with the ws server', async (t) => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  const serverSide = new Promise<{ lengths: number[]; pong: string; closeCode: number }>((resolve, reject) => {
    server.once('connection', (socket) => {
      const lengths: number[] = [];
      let pong = '';
      socket.on('error', reject);
      socket.on('message', (data, isBinary) => {
        assert.equal(isBinary, false);
        lengths.push(Buffer.isBuffer(data) ? data.length : 0);
        if (lengths.length === 3) socket.ping('are you there');
      });
      socket.on('pong', (data) => {
        pong = data.toString();
        socket.send('hel', { fin: false });
        socket.send('lo', { fin: true });
        socket.close(1001, 'going away');
      });
      socket.on('close', (code) => resolve({ lengths, pong, closeCode: code }));
    });
  });

  const client = spawn('python3', ['-c', CLIENT, `ws://127.0.0.1:${port}/`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  client.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  client.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => client.once('exit', resolve));

  assert.equal(exitCode, 0, stderr);
  assert.deepEqual(await serverSide, { lengths: [100, 300, 70000], pong: 'are you there', closeCode: 1001 });
  assert.equal(stdout, 'got hello\nclosed\n');
});
