/**
 * The CSTA XML dialect's CTI link (link.ts): ECMA-323 over TCP behind the 8-byte header. Requests
 * carry invoke ids 0001-9998; events and the server's heartbeats arrive under 9999. A device's
 * snapshot is two CSTA requests, SnapshotDevice and GetAgentState, sent together and answered as
 * one. A message that does not decode is logged and skipped; a stream whose framing breaks is lost.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { decodeMessage, encodeMessage } from '../../../contract/csta-xml/codec.ts';
import { encodeFrame, EVENT_INVOKE_ID, FrameDecoder, MAX_REQUEST_INVOKE_ID, type CstaFrame } from '../../../contract/csta-xml/framing.ts';
import { CSTA_NAMESPACE, type CstaMessage } from '../../../contract/csta-xml/messages.ts';
import type { EventFrame, RequestFrame, ResponseFrame, ResultOf } from '../../../contract/cti-wire/frames.ts';
import { LinkFailure } from '../../errors.ts';
import { connectWithin, socketErrorReason } from '../connect.ts';
import { InvokeLink } from '../invoke-link.ts';
import type { CtiLinkOptions } from '../link.ts';
import { agentOf, answerTo, contractEvent, sequenceOf } from './answers.ts';
import { cstaRequest } from './requests.ts';

/** A snapshot under way: its two parts as they come in. */
interface Snapshot {
  calls: ResultOf<'SnapshotDevice'>['calls'] | null;
  agent: { readonly value: ResultOf<'SnapshotDevice'>['agent'] } | null;
  readonly deviceId: string;
}

/** host and port of a csta-xml://host:port URL. */
function endpointOf(url: string): { readonly host: string; readonly port: number } | null {
  try {
    const parsed = new URL(url);
    const port = Number(parsed.port);
    if (parsed.protocol !== 'csta-xml:' || parsed.hostname === '' || !Number.isInteger(port) || port < 1) return null;
    return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port };
  } catch {
    return null;
  }
}

/** Connects to a csta-xml://host:port URL within the connect deadline. */
async function connectSocket(options: CtiLinkOptions): Promise<Socket> {
  const endpoint = endpointOf(options.url);
  if (endpoint === null) throw new LinkFailure('unreachable', { reason: 'expected a csta-xml://host:port URL' });
  const socket = await connectWithin(
    () => connectTcp(endpoint),
    'connect',
    (s) => s.destroy(),
    options.connectMs,
    options.timers,
    options.signal,
  );
  socket.setNoDelay(true);
  return socket;
}

/** The extension a request is for, which CSTA's SetAgentState names (the contract's logout and state change leave it to the monitor). */
function deviceOf(frame: RequestFrame): string {
  if ('deviceId' in frame) return frame.deviceId;
  return frame.type === 'MakeCall' ? frame.callingDevice : '0';
}

export class CstaXmlLink extends InvokeLink {
  private readonly decoder = new FrameDecoder();
  /** Snapshots under way, by the invoke id of their SnapshotDevice. */
  private readonly snapshots = new Map<number, Snapshot>();
  /** GetAgentState invoke id → the snapshot it completes. */
  private readonly agentQueries = new Map<number, number>();
  /** Per monitor, the last sequence number: a server that numbers no events gets them numbered here. */
  private readonly counters = new Map<string, number>();

  /** Connects and starts the application session; rejects with a LinkFailure. */
  static async open(options: CtiLinkOptions): Promise<CstaXmlLink> {
    const socket = await connectSocket(options);
    return InvokeLink.started(new CstaXmlLink(socket, options), CSTA_NAMESPACE, options.signal);
  }

  private constructor(
    private readonly socket: Socket,
    options: CtiLinkOptions,
  ) {
    super(options, MAX_REQUEST_INVOKE_ID);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => options.logger.warn({ reason: socketErrorReason(error) }, 'CTI link socket error'));
    socket.on('close', () => this.lose('the CTI server closed the connection', true));
  }

  override async monitorStop(monitorId: string, deviceId: string): Promise<void> {
    await super.monitorStop(monitorId, deviceId);
    this.counters.delete(monitorId);
  }

  protected get writable(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }

  /** A snapshot is two requests, SnapshotDevice and GetAgentState, written together. */
  protected write(frame: RequestFrame, response: Promise<ResponseFrame>, failed: (error: Error) => void): void {
    const { invokeId } = frame;
    const messages: [number, CstaMessage][] = [[invokeId, cstaRequest(frame, deviceOf(frame))]];
    if (frame.type === 'SnapshotDevice') {
      const agentQuery = this.nextInvokeId();
      this.snapshots.set(invokeId, { calls: null, agent: null, deviceId: frame.deviceId });
      this.agentQueries.set(agentQuery, invokeId);
      messages.push([agentQuery, { type: 'GetAgentState', body: { device: frame.deviceId } }]);
      // However the snapshot ends (answered, refused, timed out), its parts are forgotten.
      response.then(
        () => this.forgetSnapshot(invokeId),
        () => this.forgetSnapshot(invokeId),
      );
    }
    this.socket.write(Buffer.concat(messages.map(([id, message]) => encodeFrame(id, encodeMessage(message)))), (error) => {
      if (error !== undefined && error !== null) failed(error);
    });
  }

  protected terminate(): void {
    this.socket.destroy();
  }

  protected override forget(): void {
    this.snapshots.clear();
    this.agentQueries.clear();
  }

  private receive(chunk: Buffer): void {
    this.heard();
    const decoded = this.decoder.push(chunk);
    for (const frame of decoded.frames) {
      try {
        this.handle(frame);
      } catch (error) {
        this.options.logger.error({ err: error, invokeId: frame.invokeId }, 'handling a CTI frame failed; frame skipped');
      }
    }
    if (!decoded.ok) this.lose(`the CTI server's byte stream broke its framing: ${decoded.error.message}`, true);
  }

  private handle(frame: CstaFrame): void {
    const decoded = decodeMessage(frame.xml);
    if (!decoded.ok) {
      this.options.logger.warn(
        { code: decoded.error.code, issues: decoded.error.issues, invokeId: frame.invokeId },
        `malformed CTI frame skipped: ${decoded.error.message}`,
      );
      return;
    }
    const { message } = decoded;
    if (frame.invokeId === EVENT_INVOKE_ID && message.type !== 'CSTAErrorCode') {
      this.unsolicited(message);
      return;
    }
    const snapshotId = this.agentQueries.get(frame.invokeId);
    if (snapshotId !== undefined) {
      this.agentQueries.delete(frame.invokeId);
      this.agentAnswer(snapshotId, message);
      return;
    }
    this.answer(frame.invokeId, message);
  }

  private unsolicited(message: CstaMessage): void {
    if (message.type === 'SystemStatus') return;
    const event = contractEvent(message);
    if (event === null || !('monitorCrossRefID' in message.body)) {
      this.options.logger.debug({ type: message.type }, 'CSTA event with nothing for the desktop skipped');
      return;
    }
    const monitorId = message.body.monitorCrossRefID;
    const seq = sequenceOf(message) ?? (this.counters.get(monitorId) ?? 0) + 1;
    this.counters.set(monitorId, seq);
    const frame: EventFrame = { type: 'Event', monitorId, seq, event };
    this.options.onEvent(frame);
  }

  /** The answer to a request of the contract's (a snapshot's calls part included). */
  private answer(invokeId: number, message: CstaMessage): void {
    const request = this.pending.requestOf(invokeId);
    if (request === undefined) {
      this.options.logger.warn({ invokeId, type: message.type }, 'CTI response skipped: no request waits for it (late or unknown)');
      return;
    }
    const answer = answerTo(request, message);
    if (answer.kind !== 'result') {
      const code = answer.kind === 'error' ? answer.code : 'malformedFrame';
      this.pending.reject(invokeId, (asked, facts) => new LinkFailure(code, { ...facts, request: asked, reason: answer.reason }));
      return;
    }
    const snapshot = request === 'SnapshotDevice' ? this.snapshots.get(invokeId) : undefined;
    if (snapshot !== undefined) {
      snapshot.calls = (answer.result as ResultOf<'SnapshotDevice'>).calls;
      this.completeSnapshot(invokeId, snapshot);
      return;
    }
    this.pending.resolve({ type: 'Response', invokeId, request, result: answer.result } as ResponseFrame);
  }

  private agentAnswer(snapshotId: number, message: CstaMessage): void {
    const snapshot = this.snapshots.get(snapshotId);
    if (snapshot === undefined) return;
    if (message.type !== 'GetAgentStateResponse') {
      const answer = answerTo('SnapshotDevice', message);
      const code = answer.kind === 'error' ? answer.code : 'malformedFrame';
      const reason = answer.kind === 'result' ? `the CTI server answered GetAgentState with a ${message.type}` : answer.reason;
      this.pending.reject(snapshotId, (asked, facts) => new LinkFailure(code, { ...facts, request: asked, reason }));
      return;
    }
    snapshot.agent = { value: agentOf(message.body) };
    this.completeSnapshot(snapshotId, snapshot);
  }

  /** Answers the snapshot once both parts are in. */
  private completeSnapshot(snapshotId: number, snapshot: Snapshot): void {
    if (snapshot.calls === null || snapshot.agent === null) return;
    const agent = snapshot.agent.value;
    const result: ResultOf<'SnapshotDevice'> = { deviceId: snapshot.deviceId, calls: snapshot.calls, ...(agent === undefined ? {} : { agent }) };
    this.pending.resolve({ type: 'Response', invokeId: snapshotId, request: 'SnapshotDevice', result });
  }

  private forgetSnapshot(snapshotId: number): void {
    this.snapshots.delete(snapshotId);
    for (const [query, id] of this.agentQueries) if (id === snapshotId) this.agentQueries.delete(query);
  }

  protected closeConnection(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) {
        resolve();
        return;
      }
      const timer = this.options.timers.setTimeout(() => this.socket.destroy(), this.options.requestMs);
      this.socket.once('close', () => {
        this.options.timers.clearTimeout(timer);
        resolve();
      });
      this.socket.end();
    });
  }
}
