/**
 * Runs in its own process (clean RSS): `agents N` logs N agents in on N extensions of one simulator;
 * `tcp N` opens N idle loopback TCP connection pairs. Prints one JSON line: RSS before and after,
 * per item, and how long it took.
 */
import { createServer, connect, type Socket } from 'node:net';
import { createSimulator } from '../simulator/index.ts';

const [what, countText] = process.argv.slice(2);
const count = Number(countText);
if ((what !== 'agents' && what !== 'tcp') || !(count > 0)) {
  process.stderr.write('usage: agents-child.ts agents|tcp <count>\n');
  process.exit(2);
}

function settle(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().rss;
}

async function agents(): Promise<{ before: number; after: number; ms: number }> {
  const simulator = createSimulator();
  await simulator.start();
  const extensions = Array.from({ length: count }, (_, i) => String(100_000 + i));
  const before = settle();
  const started = performance.now();
  simulator.control.provision({ extensions, queues: [], agents: extensions.map((_, i) => ({ id: `A${i + 1}`, password: `pw${i + 1}` })) });
  for (let i = 0; i < count; i++) simulator.control.agentAtPhone({ agent: `A${i + 1}`, extension: extensions[i]!, action: 'login' });
  const ms = performance.now() - started;
  const loggedIn = [...simulator.control.truth().agents.values()].filter((a) => a.status.kind !== 'loggedOut').length;
  if (loggedIn !== count) throw new Error(`only ${loggedIn} of ${count} agents logged in`);
  const after = settle();
  await simulator.stop();
  return { before, after, ms };
}

async function tcp(): Promise<{ before: number; after: number; ms: number }> {
  const accepted: Socket[] = [];
  const server = createServer((socket) => accepted.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const before = settle();
  const started = performance.now();
  const clients: Socket[] = [];
  for (let i = 0; i < count; i += 200) {
    const batch = Array.from({ length: Math.min(200, count - i) }, () => new Promise<Socket>((resolve, reject) => {
      const socket = connect(address.port, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
    }));
    clients.push(...(await Promise.all(batch)));
  }
  while (accepted.length < count) await new Promise((resolve) => setImmediate(resolve));
  const ms = performance.now() - started;
  const after = settle();
  for (const s of [...clients, ...accepted]) s.destroy();
  server.close();
  return { before, after, ms };
}

const { before, after, ms } = what === 'agents' ? await agents() : await tcp();
process.stdout.write(`${JSON.stringify({ what, count, before, after, perItem: (after - before) / count, ms })}\n`);
