/**
 * P3: logged-in agents with monitors in one simulator process, RSS per agent. Each agent is logged
 * in over the CTI wire (AgentLogin) and its extension monitored (MonitorStart) by real CTI sessions
 * from this process; the simulator runs in a child of its own (clean RSS). Baseline: RSS per idle
 * loopback TCP connection pair, both ends in one child process.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import type { Benchmark } from './support/bench.ts';

export const AGENTS = 100_000;
/** Agents per CTI session: the simulator caps connections (256), a contact centre's adapters hold a few sessions with many monitors. */
const AGENTS_PER_SESSION = 1_000;
/** Requests outstanding per session. */
const WINDOW = 200;
/** The same number of pairs as agents would take 200,000 descriptors in one process; the hard limit here is 20,000. */
const PAIRS = 9_000;
const CHILD = fileURLToPath(new URL('./agents-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CREDENTIALS = { user: 'switchboard', password: 'switchboard' };

interface Child {
  next(): Promise<Record<string, unknown>>;
  tell(line: string): void;
  done: Promise<number>;
}

function child(what: 'simulator' | 'tcp', count: number): Child {
  const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, what, String(count)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  return {
    async next() {
      const line = await lines.next();
      if (line.done === true) throw new Error(`${what} child ended early`);
      return JSON.parse(line.value) as Record<string, unknown>;
    },
    tell: (line) => void proc.stdin.write(`${line}\n`),
    done: new Promise((resolve) => proc.once('exit', (code) => resolve(code ?? 1))),
  };
}

/** One CTI session logging `agents` in and monitoring their extensions, WINDOW requests at a time. */
async function session(url: string, agents: readonly number[]): Promise<{ socket: WebSocket; refused: number }> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let invokeId = 0;
  let refused = 0;
  const waiting = new Map<number, () => void>();
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type: string; invokeId?: number };
    if (frame.type === 'Event' || frame.invokeId === undefined) return;
    if (frame.type === 'Error') refused++;
    waiting.get(frame.invokeId)?.();
    waiting.delete(frame.invokeId);
  });
  const request = (body: object): Promise<void> =>
    new Promise((resolve) => {
      const id = ++invokeId;
      waiting.set(id, resolve);
      socket.send(JSON.stringify({ ...body, invokeId: id }));
    });
  await request({ type: 'StartApplicationSession', applicationId: 'bench-agents', ...CREDENTIALS, protocolVersion: '1' });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < agents.length) {
      const i = agents[next++]!;
      const deviceId = String(100_000 + i);
      await request({ type: 'MonitorStart', deviceId });
      await request({ type: 'AgentLogin', agentId: `A${i + 1}`, password: `pw${i + 1}`, deviceId });
    }
  };
  await Promise.all(Array.from({ length: WINDOW / 2 }, worker));
  return { socket, refused };
}

export const agents: Benchmark = {
  id: 'agents',
  title: `P3 logged-in agents with monitors in one simulator process (${AGENTS.toLocaleString('en')}), RSS per agent`,
  unit: 'KB/agent',
  baselineTitle: `RSS per idle loopback TCP connection pair (${PAIRS.toLocaleString('en')} pairs: the descriptor limit forbids ${AGENTS.toLocaleString('en')})`,
  workPerUnit: `a unit is one agent: an extension and an agent provisioned, logged in over the wire (AgentLogin) and monitored (MonitorStart) in one of ${AGENTS / AGENTS_PER_SESSION} CTI sessions, the simulator's RSS after GC; against one idle TCP connection pair (both ends)`,
  target: `P3: ${AGENTS.toLocaleString('en')} agents; ≤ 4 KB each`,
  rounds: 1,
  ratio: (figure, baseline) => figure / baseline,
  meets: (m) => m.figure <= 4,
  async round() {
    const sim = child('simulator', AGENTS);
    const { url } = (await sim.next()) as { url: string };
    const started = performance.now();
    const slices = Array.from({ length: AGENTS / AGENTS_PER_SESSION }, (_, s) =>
      Array.from({ length: AGENTS_PER_SESSION }, (_, i) => s * AGENTS_PER_SESSION + i),
    );
    const sessions = await Promise.all(slices.map((slice) => session(url, slice)));
    const ms = performance.now() - started;
    sim.tell('measure');
    const measured = (await sim.next()) as { perItem: number; loggedIn: number; monitors: number; sessions: number };
    for (const s of sessions) s.socket.terminate();
    await sim.done;
    const pairs = child('tcp', PAIRS);
    const baseline = (await pairs.next()) as { perItem: number; ms: number };
    await pairs.done;
    const refused = sessions.reduce((sum, s) => sum + s.refused, 0);
    return {
      figure: measured.perItem / 1024,
      baseline: baseline.perItem / 1024,
      correct: measured.loggedIn === AGENTS && measured.monitors === AGENTS && refused === 0,
      note: `${measured.loggedIn} logged in, ${measured.monitors} monitors in ${measured.sessions} sessions, ${refused} requests refused; logging in and monitoring took ${(ms / 1000).toFixed(1)} s; ${PAIRS} pairs took ${(baseline.ms / 1000).toFixed(1)} s`,
    };
  },
};
