/**
 * What the simulator's TCP dialects let go of (issue #15, the AMI fuzz run's memory and its stop):
 * a connection cut for a frame that breaks the framing is released as soon as it has closed (not
 * held by its close timer for a second with the broken packet's bytes: under the fuzz run hundreds
 * of them at once), the AMI deframer drops a broken packet's bytes, and a connection refused at the
 * cap whose peer sent bytes neither keeps the server from stopping nor lingers. Real sockets on
 * 127.0.0.1; the server's side of a socket is seen through Node's `net.server.socket` channel.
 */
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openStream } from '../../fuzz/raw-stream.ts';
import { STREAM_DIALECTS } from '../../fuzz/stream-dialects.ts';
import { FUZZ_CTI_USER, FUZZ_SECRETS } from '../../fuzz/secrets.ts';
import { dialectNamed } from '../../simulator/index.ts';
import { createAmiDeframer } from '../../src/contract/ami/deframer.ts';
import { startLab, type TestLab } from '../simulator/support/lab.ts';

let lab: TestLab | null = null;
afterEach(async () => {
  // Bounded: a test that failed may leave a socket the old server would wait for forever.
  if (lab !== null) await within(lab.stop(), 5000);
  lab = null;
});

/** Bytes each dialect must cut the connection on: an AMI line past 8 KiB, a CSTA XML header of another format. */
const KILLERS = {
  ami: Buffer.from(`Action: Ping\r\nActionID: ${'x'.repeat(9000)}`),
  'csta-xml': Buffer.from([0x00, 0x07, 0x00, 0x10, 0x30, 0x30, 0x30, 0x31, 0x3c, 0x61, 0x2f, 0x3e, 0, 0, 0, 0]),
} as const;

async function start(kind: 'ami' | 'csta-xml', maxConnections?: number): Promise<number> {
  const lookup = dialectNamed(kind);
  assert.ok(lookup.ok);
  lab = await startLab({
    dialect: lookup.dialect,
    credentials: { user: FUZZ_CTI_USER, password: FUZZ_SECRETS.ctiPassword },
    ...(maxConnections === undefined ? {} : { limits: { maxConnections } }),
  });
  return Number(new URL(lab.url).port);
}

const closeOf = (socket: Socket): Promise<void> => (socket.closed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve())));

/** 'done' if `work` settles within `ms`, else 'late' (the test fails naming what did not happen, instead of timing out). */
async function within(work: Promise<unknown>, ms: number): Promise<'done' | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const outcome = await Promise.race([work.then(() => 'done' as const), late]);
  clearTimeout(timer);
  return outcome;
}

/** The server's side of the next connection accepted. */
function nextServerSocket(): Promise<Socket> {
  return new Promise((resolve) => {
    const take = (message: unknown): void => {
      unsubscribe('net.server.socket', take);
      resolve((message as { socket: Socket }).socket);
    };
    subscribe('net.server.socket', take);
  });
}

describe('TCP dialects: what a closed connection leaves behind', { timeout: 30_000 }, () => {
  it('the AMI deframer drops what it held of a broken packet', () => {
    const deframer = createAmiDeframer({ maxFrameBytes: 64 * 1024, maxLineBytes: 8 * 1024 });
    const lines = Buffer.from(`Action: Originate\r\n${`Variable: k=${'v'.repeat(1000)}\r\n`.repeat(80)}`);
    const out = deframer.push(lines);
    assert.equal(out.at(-1)?.kind, 'refused');
    assert.equal(deframer.buffered, 0);
  });

  for (const kind of ['ami', 'csta-xml'] as const) {
    it(`${kind}: a connection cut for a broken frame is released once it has closed`, async () => {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const port = await start(kind);
      const dialect = STREAM_DIALECTS[kind];
      // Only a weak reference to the server's side is kept here (a variable or a settled promise holding it would keep it).
      const watching = nextServerSocket().then((socket) => ({ released: new WeakRef(socket), closed: closeOf(socket) }));
      const conn = await openStream(port, dialect);
      conn.send(dialect.login());
      await conn.take(1, 5000);
      const { released, closed } = await watching;
      conn.send(KILLERS[kind]);
      const { replies } = await conn.take(1, 5000);
      assert.equal(replies[0]?.verdict, 'clear', 'told why first');
      await Promise.all([conn.ended, closed]);
      // Collected within a turn or two of the loop (a WeakRef's target lives to the end of the turn that read it); few
      // enough that the old close timer (1 s) could not have run out meanwhile.
      for (let turn = 0; turn < 3 && released.deref() !== undefined; turn++) {
        await new Promise((resolve) => setImmediate(resolve));
        gc();
      }
      assert.equal(released.deref(), undefined, 'the closed connection is still held');
    });

    it(`${kind}: a connection refused at the cap whose peer sent bytes closes with its peer, and one whose peer stays does not hold up the stop`, async () => {
      const port = await start(kind, 1);
      const dialect = STREAM_DIALECTS[kind];
      const first = await openStream(port, dialect);
      first.send(dialect.login());
      await first.take(1, 5000);
      const bytes = Buffer.concat([dialect.login(), dialect.request(1).bytes]);
      // A peer told no that sends anyway, then closes: the server's side closes too.
      const leavingServer = nextServerSocket();
      const leaving = await openStream(port, dialect);
      leaving.send(bytes);
      assert.equal((await leaving.take(1, 5000)).replies[0]?.verdict, 'clear');
      leaving.destroy();
      const server = await leavingServer;
      assert.equal(await within(closeOf(server), 5000), 'done', 'the refused connection did not close with its peer');
      // A peer told no that sends anyway and never closes its side.
      const stayingServer = nextServerSocket();
      const staying = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
      staying.on('error', () => undefined);
      staying.on('data', () => undefined);
      staying.write(bytes);
      await stayingServer;
      const stopped = lab?.stop() ?? Promise.resolve();
      lab = null;
      const outcome = await within(stopped, 5000);
      // Let go either way, so that a failing run ends instead of hanging on the stop.
      staying.resetAndDestroy();
      first.destroy();
      await within(stopped, 5000);
      assert.equal(outcome, 'done', 'the server did not stop within 5 s');
    });
  }
});
