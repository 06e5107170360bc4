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
import type { EventFrame, RequestFrame, RequestType, ResponseFrame, ResultOf } from '../../../contract/cti-wire/frames.ts';
import { LinkFailure, type LinkFacts, type RequestedState } from '../../errors.ts';
import { socketErrorReason } from '../connect.ts';
import { Watchdog } from '../heartbeat.ts';
import type { CallControlBody, CtiLink, CtiLinkOptions } from '../link.ts';
import { PendingRequests } from '../pending.ts';
import { loggableRequest } from '../redact.ts';
import { agentOf, answerTo, contractEvent, sequenceOf } from './answers.ts';
import { cstaRequest } from './requests.ts';

type LinkState = 'starting' | 'open' | 'closing' | 'closed' | 'lost';

const HEARTBEATS_MISSED = 2;

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

function connectSocket(url: string, connectMs: number, options: CtiLinkOptions): Promise<Socket> {
  const { timers, signal } = options;
  return new Promise((resolve, reject) => {
    const endpoint = endpointOf(url);
    if (endpoint === null) {
      reject(new LinkFailure('unreachable', { reason: 'expected a csta-xml://host:port URL' }));
      return;
    }
    if (signal?.aborted === true) {
      reject(new LinkFailure('notOpen', { reason: 'closed by the adapter' }));
      return;
    }
    const socket = connectTcp({ host: endpoint.host, port: endpoint.port });
    const settle = (failure: LinkFailure | null): void => {
      timers.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      if (failure === null) {
        socket.setNoDelay(true);
        resolve(socket);
        return;
      }
      socket.on('error', () => undefined);
      socket.destroy();
      reject(failure);
    };
    const onConnect = (): void => settle(null);
    const onError = (error: Error): void => settle(new LinkFailure('unreachable', { reason: socketErrorReason(error) }));
    const onAbort = (): void => settle(new LinkFailure('notOpen', { reason: 'closed by the adapter' }));
    const timer = timers.setTimeout(() => settle(new LinkFailure('connectTimeout', { timeoutMs: connectMs })), connectMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', onConnect);
    socket.once('error', onError);
  });
}

export class CstaXmlLink implements CtiLink {
  private state: LinkState = 'starting';
  private lastInvokeId = 0;
  private readonly pending: PendingRequests;
  private watchdog: Watchdog | null = null;
  private readonly decoder = new FrameDecoder();
  /** Snapshots under way, by the invoke id of their SnapshotDevice. */
  private readonly snapshots = new Map<number, Snapshot>();
  /** GetAgentState invoke id → the snapshot it completes. */
  private readonly agentQueries = new Map<number, number>();
  /** Monitors whose events carry no sequence number get one here, so duplicates still look like duplicates only when the server numbers them. */
  private readonly counters = new Map<string, number>();

  static async open(options: CtiLinkOptions): Promise<CstaXmlLink> {
    const { signal } = options;
    const socket = await connectSocket(options.url, options.connectMs, options);
    const link = new CstaXmlLink(socket, options);
    const onAbort = (): void => link.lose('closed by the adapter', false);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await link.startSession();
    } catch (error) {
      link.lose('the application session did not start', false);
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return link;
  }

  private constructor(
    private readonly socket: Socket,
    private readonly options: CtiLinkOptions,
  ) {
    this.pending = new PendingRequests(options.timers);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => options.logger.warn({ reason: socketErrorReason(error) }, 'CTI link socket error'));
    socket.on('close', () => this.lose('the CTI server closed the connection', true));
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  async monitorStart(deviceId: string, bind: (monitorId: string) => void): Promise<string> {
    const response = await this.send((invokeId) => ({ type: 'MonitorStart', invokeId, deviceId }), { dn: deviceId }, (frame) => {
      if (frame.request === 'MonitorStart') bind(frame.result.monitorId);
    });
    if (response.request !== 'MonitorStart') throw mismatch('MonitorStart', response);
    return response.result.monitorId;
  }

  async monitorStop(monitorId: string, deviceId: string): Promise<void> {
    await this.send((invokeId) => ({ type: 'MonitorStop', invokeId, monitorId }), { dn: deviceId });
    this.counters.delete(monitorId);
  }

  async snapshotDevice(deviceId: string, onResult?: (result: ResultOf<'SnapshotDevice'>) => void): Promise<ResultOf<'SnapshotDevice'>> {
    const response = await this.send((invokeId) => ({ type: 'SnapshotDevice', invokeId, deviceId }), { dn: deviceId }, (frame) => {
      if (frame.request === 'SnapshotDevice') onResult?.(frame.result);
    });
    if (response.request !== 'SnapshotDevice') throw mismatch('SnapshotDevice', response);
    return response.result;
  }

  async agentLogin(login: { readonly agentId: string; readonly password: string; readonly deviceId: string; readonly queue: string | undefined }): Promise<void> {
    const { agentId, password, deviceId, queue } = login;
    await this.send((invokeId) => ({ type: 'AgentLogin', invokeId, agentId, password, deviceId, ...(queue === undefined ? {} : { queue }) }), { dn: deviceId, agentId });
  }

  async agentLogout(agentId: string, reasonCode: string | undefined, facts: Pick<LinkFacts, 'dn'>): Promise<void> {
    const reason = reasonCode === undefined ? {} : { reasonCode };
    await this.send((invokeId) => ({ type: 'AgentLogout', invokeId, agentId, ...reason }), { ...facts, agentId, ...reason });
  }

  async setAgentState(agentId: string, state: RequestedState, reasonCode: string | undefined, facts: Pick<LinkFacts, 'dn'>): Promise<void> {
    const reason = state === 'notReady' && reasonCode !== undefined ? { reasonCode } : {};
    await this.send((invokeId) => ({ type: 'SetAgentState', invokeId, agentId, state, ...reason }), { ...facts, agentId, agentState: state, ...reason });
  }

  async callControl(body: CallControlBody, facts: LinkFacts): Promise<ResponseFrame> {
    const response = await this.send((invokeId) => ({ ...body, invokeId }), { ...facts, request: body.type });
    if (response.request !== body.type) throw mismatch(body.type, response);
    return response;
  }

  drop(reason: string): void {
    this.lose(reason, true);
  }

  abandon(reason: string): void {
    this.lose(reason, false);
  }

  async close(): Promise<void> {
    if (this.state !== 'open') {
      this.lose('closed by the adapter', false);
      return;
    }
    this.state = 'closing';
    this.watchdog?.stop();
    try {
      await this.send((invokeId) => ({ type: 'StopApplicationSession', invokeId }), {});
    } catch (error) {
      this.options.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'StopApplicationSession failed; closing the link anyway');
    }
    await this.closeSocket();
    this.state = 'closed';
  }

  private async startSession(): Promise<void> {
    const { applicationId, user, password } = this.options;
    const response = await this.send((invokeId) => ({ type: 'StartApplicationSession', invokeId, applicationId, user, password, protocolVersion: CSTA_NAMESPACE }), {});
    if (response.request !== 'StartApplicationSession') throw mismatch('StartApplicationSession', response);
    const limitMs = HEARTBEATS_MISSED * response.result.heartbeatIntervalMs;
    this.state = 'open';
    this.watchdog = new Watchdog(limitMs, (ms) => this.lose(`nothing heard from the CTI server for ${ms} ms: heartbeats missed`, true), this.options.timers);
    this.watchdog.feed();
    this.options.logger.info({ sessionId: response.result.sessionId, heartbeatIntervalMs: response.result.heartbeatIntervalMs }, 'CTI application session started');
  }

  private nextInvokeId(): number {
    this.lastInvokeId = this.lastInvokeId >= MAX_REQUEST_INVOKE_ID ? 1 : this.lastInvokeId + 1;
    return this.lastInvokeId;
  }

  private send(build: (invokeId: number) => RequestFrame, facts: LinkFacts, onResponse?: (frame: ResponseFrame) => void): Promise<ResponseFrame> {
    const live = this.state === 'starting' || this.state === 'open' || this.state === 'closing';
    if (!live || this.socket.destroyed || !this.socket.writable) return Promise.reject(new LinkFailure('notOpen', facts));
    const invokeId = this.nextInvokeId();
    const frame = build(invokeId);
    const response = this.pending.wait(invokeId, frame.type, this.options.requestMs, facts, onResponse);
    this.options.logger.debug({ frame: loggableRequest(frame) }, 'CTI frame sent');
    const messages: [number, CstaMessage][] = [[invokeId, cstaRequest(frame, facts.dn ?? '0')]];
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
    const bytes = Buffer.concat(messages.map(([id, message]) => encodeFrame(id, encodeMessage(message))));
    this.socket.write(bytes, (error) => {
      if (error === undefined || error === null) return;
      this.pending.reject(invokeId, (request, f) => new LinkFailure('linkLost', { ...f, request, reason: socketErrorReason(error) }));
    });
    return response;
  }

  private receive(chunk: Buffer): void {
    // Any bytes, even bad ones, prove the server is alive.
    this.watchdog?.feed();
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
      this.options.logger.warn({ code: decoded.error.code, issues: decoded.error.issues, invokeId: frame.invokeId }, `malformed CTI frame skipped: ${decoded.error.message}`);
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

  private lose(reason: string, notify: boolean): void {
    if (this.state === 'closed' || this.state === 'lost') return;
    const wasOpen = this.state === 'open';
    const closing = this.state === 'closing';
    if (!closing) this.state = 'lost';
    this.watchdog?.stop();
    this.snapshots.clear();
    this.agentQueries.clear();
    this.pending.rejectAll((request, facts) => new LinkFailure('linkLost', { ...facts, request, reason }));
    if (closing) return;
    this.socket.destroy();
    if (wasOpen) this.options.logger.warn({ reason }, 'CTI link lost');
    if (wasOpen && notify) this.options.onLost(new LinkFailure('linkLost', { reason }));
  }

  private closeSocket(): Promise<void> {
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

function mismatch(expected: RequestType, response: ResponseFrame): LinkFailure {
  return new LinkFailure('malformedFrame', { request: expected, reason: `the CTI server answered ${expected} with a ${response.request} response` });
}
