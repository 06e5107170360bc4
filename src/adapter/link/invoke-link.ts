/**
 * What every invoke-id dialect's CTI link does alike (JSON over WebSocket, CSTA XML over TCP): the
 * contract's requests built and correlated by invoke id, the application session started and
 * stopped, heartbeat watching, and losing the link once. A dialect's link says how a request frame
 * is written, how its connection ends, and reads its server's frames into the contract's.
 */
import type { RequestFrame, RequestType, ResponseFrame, ResultOf } from '../../contract/cti-wire/frames.ts';
import { LinkFailure, type LinkFacts, type RequestedState } from '../errors.ts';
import { socketErrorReason } from './connect.ts';
import { Watchdog } from './heartbeat.ts';
import type { CallControlBody, CtiLink, CtiLinkOptions } from './link.ts';
import { PendingRequests } from './pending.ts';
import { loggableRequest } from './redact.ts';

type LinkState = 'starting' | 'open' | 'closing' | 'closed' | 'lost';

/** Silence for this many heartbeat intervals means the link is dead. */
const HEARTBEATS_MISSED = 2;

export abstract class InvokeLink implements CtiLink {
  private state: LinkState = 'starting';
  private lastInvokeId = 0;
  protected readonly pending: PendingRequests;
  private watchdog: Watchdog | null = null;

  protected constructor(
    protected readonly options: CtiLinkOptions,
    /** The largest invoke id the dialect's requests may carry; ids go round from 1 after it. */
    private readonly maxInvokeId: number,
  ) {
    this.pending = new PendingRequests(options.timers);
  }

  /** Starts the application session on a link just connected; gives up at once when `signal` aborts. */
  protected static async started<L extends InvokeLink>(link: L, protocolVersion: string, signal: AbortSignal | undefined): Promise<L> {
    const onAbort = (): void => link.lose('closed by the adapter', false);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await link.startSession(protocolVersion);
    } catch (error) {
      link.lose('the application session did not start', false);
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return link;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  async monitorStart(deviceId: string, bind: (monitorId: string) => void): Promise<string> {
    const response = await this.send(
      (invokeId) => ({ type: 'MonitorStart', invokeId, deviceId }),
      { dn: deviceId },
      (frame) => {
        if (frame.request === 'MonitorStart') bind(frame.result.monitorId);
      },
    );
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
    const response = await this.send(
      (invokeId) => ({ type: 'SnapshotDevice', invokeId, deviceId }),
      { dn: deviceId },
      (frame) => {
        if (frame.request === 'SnapshotDevice') onResult?.(frame.result);
      },
    );
    if (response.request !== 'SnapshotDevice') throw mismatch('SnapshotDevice', response);
    return response.result;
  }

  /** Logs the agent in to the ACD on `deviceId`. Never logs the password (see redact.ts). */
  async agentLogin(login: {
    readonly agentId: string;
    readonly password: string;
    readonly deviceId: string;
    readonly queue: string | undefined;
  }): Promise<void> {
    const { agentId, password, deviceId, queue } = login;
    await this.send((invokeId) => ({ type: 'AgentLogin', invokeId, agentId, password, deviceId, ...(queue === undefined ? {} : { queue }) }), {
      dn: deviceId,
      agentId,
    });
  }

  async agentLogout(agentId: string, reasonCode: string | undefined, facts: Pick<LinkFacts, 'dn'>): Promise<void> {
    await this.send((invokeId) => ({ type: 'AgentLogout', invokeId, agentId, ...(reasonCode === undefined ? {} : { reasonCode }) }), {
      ...facts,
      agentId,
      ...(reasonCode === undefined ? {} : { reasonCode }),
    });
  }

  /** `reasonCode` goes on the wire only with notReady. */
  async setAgentState(agentId: string, state: RequestedState, reasonCode: string | undefined, facts: Pick<LinkFacts, 'dn'>): Promise<void> {
    const reason = state === 'notReady' ? reasonCode : undefined;
    await this.send((invokeId) => ({ type: 'SetAgentState', invokeId, agentId, state, ...(reason === undefined ? {} : { reasonCode: reason }) }), {
      ...facts,
      agentId,
      agentState: state,
      ...(reason === undefined ? {} : { reasonCode: reason }),
    });
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

  /** Stops the application session and closes the connection. Never rejects: closing is best effort. */
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
    await this.closeConnection();
    this.state = 'closed';
  }

  private async startSession(protocolVersion: string): Promise<void> {
    const { applicationId, user, password } = this.options;
    const response = await this.send((invokeId) => ({ type: 'StartApplicationSession', invokeId, applicationId, user, password, protocolVersion }), {});
    if (response.request !== 'StartApplicationSession') throw mismatch('StartApplicationSession', response);
    const limitMs = HEARTBEATS_MISSED * response.result.heartbeatIntervalMs;
    this.state = 'open';
    this.watchdog = new Watchdog(limitMs, (ms) => this.lose(`nothing heard from the CTI server for ${ms} ms: heartbeats missed`, true), this.options.timers);
    this.watchdog.feed();
    this.options.logger.info(
      { sessionId: response.result.sessionId, heartbeatIntervalMs: response.result.heartbeatIntervalMs },
      'CTI application session started',
    );
  }

  /** The next invoke id of a request. */
  protected nextInvokeId(): number {
    this.lastInvokeId = this.lastInvokeId >= this.maxInvokeId ? 1 : this.lastInvokeId + 1;
    return this.lastInvokeId;
  }

  protected send(build: (invokeId: number) => RequestFrame, facts: LinkFacts, onResponse?: (frame: ResponseFrame) => void): Promise<ResponseFrame> {
    const live = this.state === 'starting' || this.state === 'open' || this.state === 'closing';
    if (!live || !this.writable) return Promise.reject(new LinkFailure('notOpen', facts));
    const invokeId = this.nextInvokeId();
    const frame = build(invokeId);
    const response = this.pending.wait(invokeId, frame.type, this.options.requestMs, facts, onResponse);
    this.options.logger.debug({ frame: loggableRequest(frame) }, 'CTI frame sent');
    this.write(frame, response, (error) =>
      this.pending.reject(invokeId, (request, f) => new LinkFailure('linkLost', { ...f, request, reason: socketErrorReason(error) })),
    );
    return response;
  }

  /** Something arrived from the server: even a bad frame proves it is alive. */
  protected heard(): void {
    this.watchdog?.feed();
  }

  protected lose(reason: string, notify: boolean): void {
    if (this.state === 'closed' || this.state === 'lost') return;
    const wasOpen = this.state === 'open';
    const closing = this.state === 'closing';
    if (!closing) this.state = 'lost';
    this.watchdog?.stop();
    this.forget();
    this.pending.rejectAll((request, facts) => new LinkFailure('linkLost', { ...facts, request, reason }));
    if (closing) return;
    this.terminate();
    if (wasOpen) this.options.logger.warn({ reason }, 'CTI link lost');
    if (wasOpen && notify) this.options.onLost(new LinkFailure('linkLost', { reason }));
  }

  /** Whether a request can be written now. */
  protected abstract get writable(): boolean;
  /** Writes the request (`response` settles when it is answered); `failed` when writing it failed. */
  protected abstract write(frame: RequestFrame, response: Promise<ResponseFrame>, failed: (error: Error) => void): void;
  /** Ends the connection at once. */
  protected abstract terminate(): void;
  /** Ends the connection politely, giving up after the request deadline. */
  protected abstract closeConnection(): Promise<void>;
  /** Drops what the dialect keeps about requests under way (the link is lost). */
  protected forget(): void {}
}

function mismatch(expected: RequestType, response: ResponseFrame): LinkFailure {
  return new LinkFailure('malformedFrame', { request: expected, reason: `the CTI server answered ${expected} with a ${response.request} response` });
}
