/**
 * Runs in its own process (clean RSS, --expose-gc), one line of JSON out per step:
 * - `simulator N`: a simulator with N extensions and N agents provisioned; prints its URL, then,
 *   on a line on stdin (the clients are done), checks that every agent is logged in and every
 *   extension monitored, and prints its RSS before provisioning and after, per agent.
 * - `tcp N`: N idle loopback TCP connection pairs, both ends in this process; RSS per pair.
 */
import { createServer, connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { createSimulator } from '../simulator/index.ts';

const [what, countText] = process.argv.slice(2);
const count = Number(countText);
if ((what !== 'simulator' && what !== 'tcp') || !(count > 0)) {
  process.stderr.write('usage: agents-child.ts simulator|tcp <count>\n');
  process.exit(2);
}
const CREDENTIALS = { user: 'switchboard', password: 'switchboard' };

function settle(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().rss;
}

function say(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function simulator(): Promise<void> {
  // Heartbeats every 10 s, as shipped; the clients answer none, and a round ends well before the watchdog.
  const sim = createSimulator({ credentials: CREDENTIALS });
  const { url } = await sim.start();
  const before = settle();
  const extensions = Array.from({ length: count }, (_, i) => String(100_000 + i));
  sim.control.provision({ extensions, queues: [], agents: extensions.map((_, i) => ({ id: `A${i + 1}`, password: `pw${i + 1}` })) });
  say({ url });
  const lines = createInterface({ input: process.stdin });
  for await (const _ of lines) break;
  const loggedIn = [...sim.control.truth().agents.values()].filter((a) => a.status.kind !== 'loggedOut').length;
  const links = sim.links();
  const after = settle();
  say({ before, after, perItem: (after - before) / count, loggedIn, monitors: links.monitors.length, sessions: links.sessions });
  lines.close();
  await sim.stop();
}

async function tcp(): Promise<void> {
  const accepted: Socket[] = [];
  const server = createServer((socket) => accepted.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const before = settle();
  const started = performance.now();
  const clients: Socket[] = [];
  for (let i = 0; i < count; i += 200) {
    const batch = Array.from(
      { length: Math.min(200, count - i) },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(address.port, '127.0.0.1', () => resolve(socket));
          socket.once('error', reject);
        }),
    );
    clients.push(...(await Promise.all(batch)));
  }
  while (accepted.length < count) await new Promise((resolve) => setImmediate(resolve));
  const ms = performance.now() - started;
  const after = settle();
  for (const s of [...clients, ...accepted]) s.destroy();
  server.close();
  say({ before, after, perItem: (after - before) / count, ms });
}

await (what === 'simulator' ? simulator() : tcp());
