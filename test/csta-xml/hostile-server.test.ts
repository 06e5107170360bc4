/**
 * Hostile bytes at the simulator's CSTA XML server on 127.0.0.1: entity tricks, deep nesting and
 * broken XML get a CSTAErrorCode answering their invoke id and the session goes on; a broken header
 * is answered, then that connection closes; meanwhile a well-behaved client is served throughout.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { decodeMessage, encodeMessage } from '../../src/contract/csta-xml/codec.ts';
import { encodeFrame, FrameDecoder, type CstaFrame } from '../../src/contract/csta-xml/framing.ts';
import { CSTA_NAMESPACE, type CstaMessage } from '../../src/contract/csta-xml/messages.ts';
import { createSimulator, type Simulator } from '../../simulator/index.ts';
import { createCstaXmlDialect } from '../../simulator/dialects/csta-xml.ts';
import { cstaXmlHostile } from '../../fuzz/csta-xml-generators.ts';
import { sample } from '../../fuzz/generators.ts';

const CREDENTIALS = { user: 'lab', password: 'lab-secret' };
const ED3 = `xmlns="${CSTA_NAMESPACE}"`;

/** A raw CSTA XML client: frames in order as they arrive, and whether the server closed. */
class RawClient {
  private readonly decoder = new FrameDecoder();
  private readonly frames: CstaFrame[] = [];
  private waiting: (() => void) | null = null;
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      const decoded = this.decoder.push(chunk);
      this.frames.push(...decoded.frames);
      this.waiting?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
    socket.on('error', () => undefined);
  }

  static open(url: string): Promise<RawClient> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port) }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  request(invokeId: number, message: CstaMessage): void {
    this.send(encodeFrame(invokeId, encodeMessage(message)));
  }

  /** The next frame the server sends with this invoke id (events and heartbeats skipped). */
  async next(invokeId: number): Promise<CstaMessage> {
    for (;;) {
      const index = this.frames.findIndex((f) => f.invokeId === invokeId);
      if (index >= 0) {
        const [frame] = this.frames.splice(index, 1);
        const decoded = decodeMessage(frame?.xml ?? '');
        assert.equal(decoded.ok, true);
        if (decoded.ok) return decoded.message;
      }
      if (this.closed) throw new Error(`the server closed before answering ${invokeId}`);
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  /** Waits for the frame with `invokeId`, and counts the answers (not events or heartbeats) that came before it. */
  async answersBefore(invokeId: number): Promise<number> {
    for (;;) {
      const index = this.frames.findIndex((f) => f.invokeId === invokeId);
      if (index >= 0) return this.frames.slice(0, index).filter((f) => f.invokeId !== 9999).length;
      if (this.closed) throw new Error(`the server closed before answering ${invokeId}`);
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  async closedByServer(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => (this.waiting = resolve));
  }

  async start(): Promise<void> {
    this.request(1, {
      type: 'StartApplicationSession',
      body: {
        applicationInfo: {
          applicationID: 'raw',
          applicationSpecificInfo: { switchboard: { sessionLogin: { userName: CREDENTIALS.user, password: CREDENTIALS.password } } },
        },
        requestedProtocolVersions: { protocolVersion: CSTA_NAMESPACE },
      },
    });
    assert.equal((await this.next(1)).type, 'StartApplicationSessionPosResponse');
  }
}

function xmlFrame(invokeId: number, xml: string): Buffer {
  return encodeFrame(invokeId, xml);
}

describe("the simulator's CSTA XML server under hostile input", () => {
  let simulator: Simulator;
  let url: string;
  let good: RawClient;

  before(async () => {
    simulator = createSimulator({ dialect: createCstaXmlDialect(), credentials: CREDENTIALS });
    simulator.control.provision({ extensions: ['8808'], queues: [], agents: [] });
    url = (await simulator.start()).url;
    good = await RawClient.open(url);
    await good.start();
  });
  after(async () => {
    good.socket.destroy();
    await simulator.stop();
  });

  async function goodClientStillServed(invokeId: number): Promise<void> {
    good.request(invokeId, { type: 'SnapshotDevice', body: { snapshotObject: '8808' } });
    assert.equal((await good.next(invokeId)).type, 'SnapshotDeviceResponse');
  }

  const hostile: [string, string][] = [
    [
      'an XXE document',
      `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><MonitorStart ${ED3}><monitorObject><deviceObject>&xxe;</deviceObject></monitorObject></MonitorStart>`,
    ],
    [
      'a billion-laughs document',
      `<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><MonitorStart ${ED3}><monitorObject><deviceObject>&c;</deviceObject></monitorObject></MonitorStart>`,
    ],
    ['nesting 5,000 deep', `<MonitorStart ${ED3}>${'<x>'.repeat(5_000)}${'</x>'.repeat(5_000)}</MonitorStart>`],
    ['XML cut in half', `<MonitorStart ${ED3}><monitorObject><deviceOb`],
    [
      "a request in another edition's namespace",
      '<MonitorStart xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed5"><monitorObject><deviceObject>8808</deviceObject></monitorObject></MonitorStart>',
    ],
  ];

  it('answers each hostile document with a CSTAErrorCode for its invoke id, and the session goes on', async () => {
    const client = await RawClient.open(url);
    try {
      await client.start();
      let invokeId = 100;
      for (const [what, xml] of hostile) {
        invokeId++;
        client.send(xmlFrame(invokeId, xml));
        const answer = await client.next(invokeId);
        assert.deepEqual(answer, { type: 'CSTAErrorCode', body: { operation: 'invalidParameterValue' } }, what);
      }
      client.request(200, { type: 'MonitorStart', body: { monitorObject: { deviceObject: '8808' } } });
      assert.equal((await client.next(200)).type, 'MonitorStartResponse');
      await goodClientStillServed(2);
    } finally {
      client.socket.destroy();
    }
  });

  const brokenHeaders: [string, Buffer][] = [
    ['a SOAP-format header', Buffer.from([0x00, 0x01, 0x00, 0x10, 0x30, 0x30, 0x30, 0x31, 0x3c, 0x61, 0x2f, 0x3e, 0, 0, 0, 0])],
    ['a length shorter than the header', Buffer.from([0x00, 0x00, 0x00, 0x04, 0x30, 0x30, 0x30, 0x31])],
    ['an invoke id that is no number', Buffer.from([0x00, 0x00, 0x00, 0x0c, 0x41, 0x42, 0x43, 0x44, 0x3c, 0x61, 0x2f, 0x3e])],
  ];
  for (const [what, bytes] of brokenHeaders) {
    it(`tells a client that sent ${what} why, then closes that connection only`, async () => {
      const client = await RawClient.open(url);
      client.send(bytes);
      const answer = await client.next(9999);
      assert.deepEqual(answer, { type: 'CSTAErrorCode', body: { operation: 'invalidParameterValue' } });
      await client.closedByServer();
      await goodClientStillServed(3);
    });
  }

  it('keeps serving while a client sits on a truncated header', async () => {
    const client = await RawClient.open(url);
    try {
      client.send(Buffer.from([0x00, 0x00, 0x01]));
      await goodClientStillServed(4);
      assert.equal(client.closed, false);
    } finally {
      client.socket.destroy();
    }
    await goodClientStillServed(5);
  });

  it('a seeded slice of the fuzz generators (fuzz/csta-xml-generators.ts): one answer per message, an answer and a close per broken header', async () => {
    const seed = 2323;
    const items = sample(cstaXmlHostile, seed, 300);
    const client = await RawClient.open(url);
    try {
      await client.start();
      const answered = items.filter((i) => i.ends === 'answer');
      // A last request with an invoke id no item uses: when its answer comes, every answer before it has come.
      client.send(
        Buffer.concat([...answered.map((i) => i.bytes), encodeFrame(42, encodeMessage({ type: 'SnapshotDevice', body: { snapshotObject: '8808' } }))]),
      );
      assert.equal(await client.answersBefore(42), answered.length, `seed ${seed}: one answer per message`);
    } finally {
      client.socket.destroy();
    }
    for (const killer of items.filter((i) => i.ends === 'close')) {
      const bad = await RawClient.open(url);
      bad.send(killer.bytes);
      assert.equal((await bad.next(9999)).type, 'CSTAErrorCode', killer.cls);
      await bad.closedByServer();
    }
    await goodClientStillServed(6);
  });
});
