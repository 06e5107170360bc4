/**
 * The adapter's CSTA XML link against a scripted CSTA server on 127.0.0.1: a message that does not
 * decode is skipped and the link goes on; events a server does not number are numbered in order; a
 * stream that breaks its framing is a lost link; the agent password is never logged.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { openCtiLink } from '../../src/adapter/link/open.ts';
import type { CtiLink } from '../../src/adapter/link/link.ts';
import { REAL_TIMERS } from '../../src/adapter/timers.ts';
import type { LinkFailure } from '../../src/adapter/errors.ts';
import { decodeMessage, encodeMessage } from '../../src/contract/csta-xml/codec.ts';
import { encodeFrame, FrameDecoder } from '../../src/contract/csta-xml/framing.ts';
import { CSTA_NAMESPACE, type CstaMessage } from '../../src/contract/csta-xml/messages.ts';
import type { EventFrame } from '../../src/contract/cti-wire/frames.ts';
import { RecordingLogger } from '../adapter/support/recorders.ts';

/** Answers the session start and MonitorStart, and hands the test the socket and every request. */
async function scriptedServer(): Promise<{ server: Server; url: string; peer: Promise<Socket>; requests: CstaMessage[] }> {
  const requests: CstaMessage[] = [];
  let give: (socket: Socket) => void = () => undefined;
  const peer = new Promise<Socket>((resolve) => (give = resolve));
  const server = createServer((socket) => {
    const decoder = new FrameDecoder();
    socket.on('data', (chunk) => {
      for (const frame of decoder.push(chunk).frames) {
        const decoded = decodeMessage(frame.xml);
        if (!decoded.ok) continue;
        requests.push(decoded.message);
        const answer = (message: CstaMessage): boolean => socket.write(encodeFrame(frame.invokeId, encodeMessage(message)));
        if (decoded.message.type === 'StartApplicationSession') {
          answer({
            type: 'StartApplicationSessionPosResponse',
            body: {
              sessionID: 'S1',
              actualProtocolVersion: CSTA_NAMESPACE,
              extensions: { privateData: { private: { switchboard: { heartbeatIntervalMs: '60000' } } } },
            },
          });
          give(socket);
        }
        if (decoded.message.type === 'MonitorStart') answer({ type: 'MonitorStartResponse', body: { monitorCrossRefID: 'M1' } });
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, url: `csta-xml://127.0.0.1:${port}`, peer, requests };
}

function readyEvent(seq?: number): Buffer {
  const extensions = seq === undefined ? {} : { extensions: { security: { messageSequenceNumber: String(seq) } } };
  return encodeFrame(
    9999,
    encodeMessage({ type: 'AgentReadyEvent', body: { monitorCrossRefID: 'M1', agentDevice: { deviceIdentifier: '8808' }, agentID: '5501', ...extensions } }),
  );
}

async function open(url: string, events: EventFrame[], lost: LinkFailure[], logger: RecordingLogger): Promise<CtiLink> {
  return openCtiLink({
    url,
    user: 'lab',
    password: 'link-secret',
    applicationId: 'test',
    connectMs: 2000,
    requestMs: 2000,
    logger,
    timers: REAL_TIMERS,
    onEvent: (e) => events.push(e),
    onLost: (f) => lost.push(f),
  });
}

describe("the adapter's CSTA XML link", () => {
  it('skips a message that does not decode, numbers events the server does not number, and goes on', async (t) => {
    const { server, url, peer } = await scriptedServer();
    t.after(() => server.close());
    const events: EventFrame[] = [];
    const logger = new RecordingLogger();
    const link = await open(url, events, [], logger);
    t.after(() => link.abandon('test over'));
    await link.monitorStart('8808', () => undefined);
    const socket = await peer;
    socket.write(Buffer.concat([encodeFrame(9999, '<AgentReadyEvent xmlns="urn:nope"/>'), readyEvent(), readyEvent()]));
    await logger.waitFor((e) => e.msg.includes('malformed CTI frame skipped: AgentReadyEvent: Expected namespace'), 'the skipped frame');
    while (events.length < 2) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      events.map((e) => [e.monitorId, e.seq, e.event.name]),
      [
        ['M1', 1, 'AgentReady'],
        ['M1', 2, 'AgentReady'],
      ],
    );
    assert.equal(link.isOpen, true);
  });

  it("keeps the server's own sequence numbers, so a duplicate stays a duplicate", async (t) => {
    const { server, url, peer } = await scriptedServer();
    t.after(() => server.close());
    const events: EventFrame[] = [];
    const link = await open(url, events, [], new RecordingLogger());
    t.after(() => link.abandon('test over'));
    await link.monitorStart('8808', () => undefined);
    (await peer).write(Buffer.concat([readyEvent(7), readyEvent(7)]));
    while (events.length < 2) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      events.map((e) => e.seq),
      [7, 7],
    );
  });

  it('counts a stream that breaks its framing as a lost link', async (t) => {
    const { server, url, peer } = await scriptedServer();
    t.after(() => server.close());
    const lost: LinkFailure[] = [];
    const logger = new RecordingLogger();
    const link = await open(url, [], lost, logger);
    (await peer).write(Buffer.from([0x00, 0x01, 0x00, 0x10, 0x30, 0x30, 0x30, 0x31]));
    await logger.waitFor((e) => e.msg === 'CTI link lost', 'the link lost');
    assert.equal(link.isOpen, false);
    assert.equal(lost.length, 1);
    assert.match(String(lost[0]?.facts.reason), /broke its framing: Expected format 0x0000/);
  });

  it('sends the agent password as hexBinary and never logs it', async (t) => {
    const { server, url, peer, requests } = await scriptedServer();
    t.after(() => server.close());
    const logger = new RecordingLogger();
    const link = await open(url, [], [], logger);
    t.after(() => link.abandon('test over'));
    const socket = await peer;
    const login = link.agentLogin({ agentId: '5501', password: 'agent-secret', deviceId: '8808', queue: undefined });
    while (!requests.some((r) => r.type === 'SetAgentState')) await new Promise((resolve) => setImmediate(resolve));
    // Invoke id 1 was the session start; the login is the link's second request.
    socket.write(encodeFrame(2, encodeMessage({ type: 'SetAgentStateResponse', body: {} })));
    const sent = requests.find((r) => r.type === 'SetAgentState');
    assert.deepEqual(sent?.body, { device: '8808', requestedAgentState: 'loggedOn', agentID: '5501', password: Buffer.from('agent-secret').toString('hex') });
    await login;
    assert.doesNotMatch(logger.text(), /agent-secret|link-secret/);
  });
});
