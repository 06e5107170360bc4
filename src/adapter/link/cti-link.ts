/**
 * The JSON dialect's CTI link (link.ts): one session on the CTI link: the socket, StartApplicationSession, request/response correlation
 * by invoke id, heartbeat watching, and decoding of every server frame. A frame that does not
 * decode is logged and skipped; it never takes the link down.
 */
import WebSocket from 'ws';
import { decodeServerFrame, encodeFrame } from '../../contract/cti-wire/codec.ts';
import {
  CTI_WIRE_PROTOCOL_VERSION,
  type EventFrame,
  type RequestFrame,
  type RequestOf,
  type RequestType,
  type ResponseFrame,
  type ResultOf,
  type ServerFrame,
} from '../../contract/cti-wire/frames.ts';
import type { AdapterLogger } from '../../contract/pega/face.ts';
import { LinkFailure, type LinkFacts, type RequestedState } from '../errors.ts';
import type { Timers } from '../timers.ts';
import { connectSocket, socketErrorReason } from './connect.ts';
import { Watchdog } from './heartbeat.ts';
import { PendingRequests } from './pending.ts';
import type { CallControlBody, CtiLink, CtiLinkOptions } from './link.ts';
import { loggableRequest } from './redact.ts';

type LinkState = 'starting' | 'open' | 'closing' | 'closed' | 'lost';

const MAX_INVOKE_ID = 2 ** 31 - 1;
/** Silence for this many heartbeat intervals means the link is dead (CTI wire: SystemStatus). */
const HEARTBEATS_MISSED = 2;

export class JsonCtiLink implements CtiLink {
  private state: LinkState = 'starting';
  private lastInvokeId = 0;
  private readonly pending: PendingRequests;
  private watchdog: Watchdog | null = null;

  /** Connects and starts the application session; rejects with a LinkFailure. */
  static async open(options: CtiLinkOptions): Promise<JsonCtiLink> {
    const { signal } = options;
    const socket = await connectSocket(options.url, options.connectMs, options.timers, signal);
    const link = new JsonCtiLink(socket, options);
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
    private readonly socket: WebSocket,
    private readonly options: CtiLinkOptions,
  ) {
    this.pending = new PendingRequests(options.timers);
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('error', (error) => options.logger.warn({ reason: socketErrorReason(error) }, 'CTI link socket error'));
    socket.on('close', (code, reason) => {
      const why = reason.length > 0 ? `: ${reason.toString('utf8')}` : '';
      this.lose(`the CTI server closed the connection, code ${code}${why}`, true);
    });
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
  }

  /**
   * What the switch knows of the device now: its calls and the agent logged in on it. `onResult`
   * runs synchronously as the answer is handled, before any event frame that follows it (so a
   * resync compares the snapshot with exactly the events that came before it).
   */
  async snapshotDevice(deviceId: string, onResult?: (result: ResultOf<'SnapshotDevice'>) => void): Promise<ResultOf<'SnapshotDevice'>> {
    const response = await this.send((invokeId) => ({ type: 'SnapshotDevice', invokeId, deviceId }), { dn: deviceId }, (frame) => {
      if (frame.request === 'SnapshotDevice') onResult?.(frame.result);
    });
    if (response.request !== 'SnapshotDevice') throw mismatch('SnapshotDevice', response);
    return response.result;
  }

  /** Logs the agent in to the ACD on `deviceId`. Never logs the password (see redact.ts). */
  async agentLogin(login: { readonly agentId: string; readonly password: string; readonly deviceId: string; readonly queue: string | undefined }): Promise<void> {
    const { agentId, password, deviceId, queue } = login;
    await this.send(
      (invokeId) => ({ type: 'AgentLogin', invokeId, agentId, password, deviceId, ...(queue === undefined ? {} : { queue }) }),
      { dn: deviceId, agentId },
    );
  }

  async agentLogout(agentId: string, reasonCode: string | undefined, facts: Pick<LinkFacts, 'dn'>): Promise<void> {
    await this.send(
      (invokeId) => ({ type: 'AgentLogout', invokeId, agentId, ...(reasonCode === undefined ? {} : { reasonCode }) }),
      { ...facts, agentId, ...(reasonCode === undefined ? {} : { reasonCode }) },
    );
  }

  /** `reasonCode` goes on the wire only with notReady. */
  async setAgentState(agentId: string, state: RequestedState, reasonCode: string | undefined, facts: Pick<LinkFacts, 'dn'>): Promise<void> {
    const reason = state === 'notReady' ? reasonCode : undefined;
    await this.send(
      (invokeId) => ({ type: 'SetAgentState', invokeId, agentId, state, ...(reason === undefined ? {} : { reasonCode: reason }) }),
      { ...facts, agentId, agentState: state, ...(reason === undefined ? {} : { reasonCode: reason }) },
    );
  }

  /**
   * Full telephony: one call-control request (the frame without its invoke id). Resolves with the
   * switch's result once it accepted; the effect arrives as events.
   */
  async callControl(body: CallControlBody, facts: LinkFacts): Promise<ResponseFrame> {
    const response = await this.send((invokeId) => ({ ...body, invokeId }), { ...facts, request: body.type });
    if (response.request !== body.type) throw mismatch(body.type, response);
    return response;
  }

  /** Gives up on a link that is open but no good (a resync request unanswered): as if it had dropped, onLost included. */
  drop(reason: string): void {
    this.lose(reason, true);
  }

  /** Closes at once, without StopApplicationSession (CloseAdapter while the link is still being resynchronised): requests waiting fail, onLost is not called. */
  abandon(reason: string): void {
    this.lose(reason, false);
  }

  /** Stops the application session and closes the socket. Never rejects: closing is best effort. */
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
    const response = await this.send(
      (invokeId) => ({ type: 'StartApplicationSession', invokeId, applicationId, user, password, protocolVersion: CTI_WIRE_PROTOCOL_VERSION }),
      {},
    );
    if (response.request !== 'StartApplicationSession') throw mismatch('StartApplicationSession', response);
    const limitMs = HEARTBEATS_MISSED * response.result.heartbeatIntervalMs;
    this.state = 'open';
    this.watchdog = new Watchdog(limitMs, (ms) => this.lose(`nothing heard from the CTI server for ${ms} ms: heartbeats missed`, true), this.options.timers);
    this.watchdog.feed();
    this.options.logger.info({ sessionId: response.result.sessionId, heartbeatIntervalMs: response.result.heartbeatIntervalMs }, 'CTI application session started');
  }

  private send(build: (invokeId: number) => RequestFrame, facts: LinkFacts, onResponse?: (frame: ResponseFrame) => void): Promise<ResponseFrame> {
    const live = this.state === 'starting' || this.state === 'open' || this.state === 'closing';
    if (!live || this.socket.readyState !== WebSocket.OPEN) return Promise.reject(new LinkFailure('notOpen', facts));
    this.lastInvokeId = this.lastInvokeId >= MAX_INVOKE_ID ? 1 : this.lastInvokeId + 1;
    const invokeId = this.lastInvokeId;
    const frame = build(invokeId);
    const response = this.pending.wait(invokeId, frame.type, this.options.requestMs, facts, onResponse);
    this.options.logger.debug({ frame: loggableRequest(frame) }, 'CTI frame sent');
    this.socket.send(encodeFrame(frame), (error) => {
      if (error === undefined || error === null) return;
      this.pending.reject(invokeId, (request, f) => new LinkFailure('linkLost', { ...f, request, reason: socketErrorReason(error) }));
    });
    return response;
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): void {
    // Any frame, even a bad one, proves the server is alive.
    this.watchdog?.feed();
    if (isBinary) {
      this.options.logger.warn({ bytes: byteLength(data) }, 'binary CTI frame skipped: the CTI wire is JSON text');
      return;
    }
    const decoded = decodeServerFrame(rawText(data));
    if (!decoded.ok) {
      this.options.logger.warn({ code: decoded.error.code, issues: decoded.error.issues, bytes: byteLength(data) }, `malformed CTI frame skipped: ${decoded.error.message}`);
      return;
    }
    this.options.logger.debug({ frame: decoded.frame }, 'CTI frame received');
    try {
      this.dispatch(decoded.frame);
    } catch (error) {
      this.options.logger.error({ err: error, type: decoded.frame.type }, 'handling a CTI frame failed; frame skipped');
    }
  }

  private dispatch(frame: ServerFrame): void {
    switch (frame.type) {
      case 'Response':
        if (!this.pending.resolve(frame)) this.options.logger.warn({ invokeId: frame.invokeId }, 'CTI response skipped: no request waits for it (late or unknown)');
        return;
      case 'Error': {
        const { code, message } = frame.error;
        const settled = frame.invokeId !== null && this.pending.reject(frame.invokeId, (request, facts) => new LinkFailure(code, { ...facts, request, reason: message }));
        if (!settled) this.options.logger.warn({ invokeId: frame.invokeId, code, message }, 'CTI error not tied to a waiting request');
        return;
      }
      case 'Event':
        this.options.onEvent(frame);
        return;
      case 'SystemStatus':
        return;
    }
  }

  private lose(reason: string, notify: boolean): void {
    if (this.state === 'closed' || this.state === 'lost') return;
    const wasOpen = this.state === 'open';
    const closing = this.state === 'closing';
    if (!closing) this.state = 'lost';
    this.watchdog?.stop();
    this.pending.rejectAll((request, facts) => new LinkFailure('linkLost', { ...facts, request, reason }));
    if (closing) return;
    this.socket.terminate();
    if (wasOpen) this.options.logger.warn({ reason }, 'CTI link lost');
    if (wasOpen && notify) this.options.onLost(new LinkFailure('linkLost', { reason }));
  }

  private closeSocket(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) {
        resolve();
        return;
      }
      const timer = this.options.timers.setTimeout(() => this.socket.terminate(), this.options.requestMs);
      this.socket.once('close', () => {
        this.options.timers.clearTimeout(timer);
        resolve();
      });
      this.socket.close(1000, 'adapter closed');
    });
  }
}

function mismatch(expected: RequestFrame['type'], response: ResponseFrame): LinkFailure {
  return new LinkFailure('malformedFrame', { request: expected, reason: `the CTI server answered ${expected} with a ${response.request} response` });
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function byteLength(data: WebSocket.RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data.byteLength;
}
