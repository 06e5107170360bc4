/**
 * Hostile input on the simulator's AMI (real TCP on loopback): an overlong line, a packet that never
 * ends, a packet that is no `Key: Value` text, an unknown action, a flood of actions. Each gets a
 * clear `Response: Error` (and, when the stream cannot be trusted, a disconnect); a well-behaved
 * client logged in beside them goes on being served.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createAmiDeframer } from '../../src/contract/ami/deframer.ts';
import { header, parsePacket, type Packet } from '../../src/contract/ami/packet.ts';
import { amiHostile } from '../../fuzz/ami-generators.ts';
import { sample } from '../../fuzz/generators.ts';
import { createAmiDialect } from '../../simulator/dialects/ami.ts';
import { DEFAULT_STREAM_LIMITS } from '../../simulator/transport/tcp-server.ts';
import { startLab, type TestLab } from './support/lab.ts';

const USER = 'ami-user';
const SECRET = 'ami-secret-hostile';

/** A raw AMI peer: writes bytes, reads packets (the banner line apart). */
class RawPeer {
  readonly packets: Packet[] = [];
  closed = false;
  private readonly waiters: (() => void)[] = [];
  private banner = false;
  private constructor(readonly socket: Socket) {
    const deframer = createAmiDeframer({ maxFrameBytes: 1 << 20, maxLineBytes: 1 << 16 });
    socket.on('data', (chunk: Buffer) => {
      let data = chunk;
      if (!this.banner) {
        const lf = data.indexOf(0x0a);
        if (lf === -1) return;
        this.banner = true;
        data = data.subarray(lf + 1);
      }
      for (const item of deframer.push(data)) {
        if (item.kind !== 'frame') continue;
        const parsed = parsePacket(item.text);
        if (parsed.ok) this.packets.push(parsed.packet);
      }
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('error', () => undefined);
  }
  static open(port: number): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve(new RawPeer(socket)));
      socket.once('error', reject);
    });
  }
  write(text: string): void {
    this.socket.write(text);
  }
  /** Waits for a packet the predicate takes (or the close, when `orClose`); events drive the wait, no sleeps. */
  async next(predicate: (p: Packet) => boolean, orClose = false): Promise<Packet | 'closed'> {
    for (;;) {
      const found = this.packets.find(predicate);
      if (found !== undefined) return found;
      if (this.closed) {
        if (orClose) return 'closed';
        throw new Error('the connection closed before the packet came');
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
  async closedNow(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

let lab: TestLab;
let peers: RawPeer[] = [];
beforeEach(async () => {
  lab = await startLab({ dialect: createAmiDialect(), credentials: { user: USER, password: SECRET } });
  peers = [];
});
afterEach(async () => {
  for (const p of peers) p.socket.destroy();
  await lab.stop();
});

async function peer(): Promise<RawPeer> {
  const p = await RawPeer.open(Number(new URL(lab.url).port));
  peers.push(p);
  return p;
}

async function loggedIn(): Promise<RawPeer> {
  const p = await peer();
  p.write(`Action: Login\r\nActionID: L1\r\nUsername: ${USER}\r\nSecret: ${SECRET}\r\n\r\n`);
  const reply = await p.next((x) => header(x, 'ActionID') === 'L1');
  assert.ok(reply !== 'closed');
  assert.equal(header(reply, 'Response'), 'Success');
  return p;
}

/** The well-behaved client is still served: a Ping answered. */
async function stillServed(p: RawPeer, id: string): Promise<void> {
  p.write(`Action: Ping\r\nActionID: ${id}\r\n\r\n`);
  const pong = await p.next((x) => header(x, 'ActionID') === id);
  assert.ok(pong !== 'closed' && header(pong, 'Ping') === 'Pong');
}

describe('AMI: hostile input gets a clear error, the server keeps serving', () => {
  it('an overlong line: Response: Error naming the limit, then a disconnect', async () => {
    const good = await loggedIn();
    const bad = await peer();
    bad.write(`Action: Ping\r\nActionID: ${'x'.repeat(DEFAULT_STREAM_LIMITS.maxLineBytes + 10)}`);
    const refused = await bad.next((x) => header(x, 'Response') === 'Error');
    assert.ok(refused !== 'closed');
    assert.match(header(refused, 'Message') ?? '', /a line longer than 8192 bytes/);
    await bad.closedNow();
    await stillServed(good, 'P1');
  });

  it('a packet that never ends (no blank line): refused at the packet cap, then a disconnect', async () => {
    const good = await loggedIn();
    const bad = await peer();
    const line = `Variable: k=${'v'.repeat(1000)}\r\n`;
    bad.write(`Action: Originate\r\n${line.repeat(Math.ceil(DEFAULT_STREAM_LIMITS.maxFrameBytes / line.length) + 1)}`);
    const refused = await bad.next((x) => header(x, 'Response') === 'Error');
    assert.ok(refused !== 'closed');
    assert.match(header(refused, 'Message') ?? '', /larger than 65536 bytes without the blank line/);
    await bad.closedNow();
    await stillServed(good, 'P2');
  });

  it('no Key: Value text, no Action, an unknown action: each a Response: Error, the session goes on', async () => {
    const p = await loggedIn();
    p.write('this is not a header line\r\n\r\n');
    const malformed = await p.next((x) => (header(x, 'Message') ?? '').startsWith('Malformed packet'));
    assert.ok(malformed !== 'closed');
    p.write('ActionID: A2\r\nChannel: PJSIP/8808\r\n\r\n');
    const missing = await p.next((x) => header(x, 'ActionID') === 'A2');
    assert.ok(missing !== 'closed' && header(missing, 'Message') === 'Missing action in request');
    p.write('Action: DeleteEverything\r\nActionID: A3\r\n\r\n');
    const unknown = await p.next((x) => header(x, 'ActionID') === 'A3');
    assert.ok(unknown !== 'closed' && header(unknown, 'Message') === 'Invalid/unknown command');
    await stillServed(p, 'P3');
  });

  it('a flood of actions before login: every one refused, none served, the server unharmed', async () => {
    const good = await loggedIn();
    const bad = await peer();
    const count = 500;
    bad.write(Array.from({ length: count }, (_, i) => `Action: Originate\r\nActionID: F${i}\r\nChannel: PJSIP/8808\r\nExten: 8809\r\n\r\n`).join(''));
    await bad.next((x) => header(x, 'ActionID') === `F${count - 1}`);
    const refused = bad.packets.filter((x) => header(x, 'Message') === 'Permission denied').length;
    assert.equal(refused, count);
    assert.equal([...lab.simulator.control.truth().calls.values()].length, 0, 'no call was placed');
    await stillServed(good, 'P4');
  });

  it('never logs the secret, also of a refused login', async () => {
    const p = await peer();
    p.write('Action: Login\r\nActionID: L9\r\nUsername: someone\r\nSecret: wrong-secret-123\r\n\r\n');
    const refused = await p.next((x) => header(x, 'ActionID') === 'L9');
    assert.ok(refused !== 'closed' && header(refused, 'Message') === 'Authentication failed');
    const logs = lab.logs.text.join('');
    assert.ok(!logs.includes('wrong-secret-123'));
    assert.ok(!logs.includes(SECRET));
  });
});

describe('AMI: a seeded slice of the fuzz generators (fuzz/ami-generators.ts)', () => {
  it('every packet gets exactly one Response, every killer an error and a close, and a well-behaved client is served throughout', async () => {
    const seed = 1717;
    const items = sample(amiHostile, seed, 400);
    const good = await loggedIn();
    const hostile = await loggedIn();
    const answered = items.filter((i) => i.ends === 'answer');
    // One Ping after them all: when its answer comes, every answer before it has come.
    hostile.write(Buffer.concat([...answered.map((i) => i.bytes), Buffer.from('Action: Ping\r\nActionID: END\r\n\r\n')]).toString('utf8'));
    await hostile.next((x) => header(x, 'ActionID') === 'END');
    const responses = hostile.packets.filter((x) => header(x, 'Response') !== undefined && header(x, 'Event') === undefined).length;
    // The login's, each item's, the final Ping's (seed ${seed} replays the same items).
    assert.equal(responses, 1 + answered.length + 1, `seed ${seed}: one Response per packet`);
    for (const killer of items.filter((i) => i.ends === 'close')) {
      const bad = await peer();
      bad.write(killer.bytes.toString('utf8'));
      const refused = await bad.next((x) => header(x, 'Response') === 'Error');
      assert.ok(refused !== 'closed', `${killer.cls}: a Response: Error before the close`);
      await bad.closedNow();
    }
    await stillServed(good, 'FZ');
    const logs = lab.logs.text.join('');
    assert.ok(!logs.includes(SECRET), 'the secret is never logged');
  });
});

describe('AMI: the login deadline', () => {
  it('a peer that never logs in is told why and disconnected; the server goes on', async () => {
    const short = await startLab({ dialect: createAmiDialect(), credentials: { user: USER, password: SECRET }, limits: { loginDeadlineMs: 100 } });
    try {
      const silent = await RawPeer.open(Number(new URL(short.url).port));
      const told = await silent.next((x) => header(x, 'Response') === 'Error');
      assert.ok(told !== 'closed');
      assert.equal(header(told, 'Message'), 'connection closed: no login within 100 ms');
      await silent.closedNow();
      const next = await RawPeer.open(Number(new URL(short.url).port));
      next.write(`Action: Login\r\nActionID: L2\r\nUsername: ${USER}\r\nSecret: ${SECRET}\r\n\r\n`);
      const ok = await next.next((x) => header(x, 'ActionID') === 'L2');
      assert.ok(ok !== 'closed' && header(ok, 'Response') === 'Success');
      next.socket.destroy();
    } finally {
      await short.stop();
    }
  });
});
