/**
 * A small CTI server for the adapter's unit tests: a real `ws` server on 127.0.0.1:0 that speaks
 * the CTI wire with baseline handlers (msw-style: a test replaces one with `use`) and pushes
 * scripted Event frames. Not the simulator: just enough wire to drive one adapter.
 */
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeRequest } from '../../../src/contract/cti-wire/codec.ts';
import type { CtiEvent, RequestFrame, RequestType, WireErrorCode } from '../../../src/contract/cti-wire/frames.ts';

export interface Peer {
  respond(result: object): void;
  fail(code: WireErrorCode, message: string): void;
  /** Pushes an Event frame on this connection. */
  event(monitorId: string, seq: number, event: CtiEvent): void;
  /** Pushes an Event frame on the monitor of `dn`, with that monitor's next sequence number. */
  emit(dn: string, event: CtiEvent): void;
  sendRaw(text: string): void;
  /**
   * Sends every frame `frames` pushes in one TCP write, so the adapter reads them as one chunk and
   * handles them all in one turn of its event loop, before any promise continuation in between
   * (as a switch whose answer and next event travel in one segment).
   */
  together(frames: () => void): void;
}

export type RequestHandler = (frame: RequestFrame, peer: Peer) => void;

export interface FakeServerOptions {
  readonly user?: string;
  readonly password?: string;
  readonly knownDevices?: readonly string[];
  readonly heartbeatIntervalMs?: number;
}

export const SERVER_USER = 'switchboard';
export const SERVER_PASSWORD = 'pw-Xq7-never-logged';

export class FakeCtiServer {
  readonly requests: RequestFrame[] = [];
  private readonly handlers = new Map<RequestType, RequestHandler>();
  private readonly sockets = new Set<WebSocket>();
  /** The TCP socket under each WebSocket, to cork it (Peer.together). */
  private readonly transports = new WeakMap<WebSocket, Duplex>();
  private latest: WebSocket | null = null;
  private readonly monitors = new Map<string, string>();
  /** The last sequence number sent on each monitor. */
  private readonly seqs = new Map<string, number>();
  private monitorCount = 0;
  private sessionCount = 0;
  /** Calls made by MakeCall / ConsultationCall: N1, N2, … */
  private callCount = 0;
  /** Each returns true once satisfied; the others stay and are asked again on the next request. */
  private waiters: (() => boolean)[] = [];
  /** The same, asked again whenever a connection opens or closes. */
  private connectionWaiters: (() => boolean)[] = [];

  static async start(options: FakeServerOptions = {}): Promise<FakeCtiServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    return new FakeCtiServer(wss, options);
  }

  private constructor(
    private readonly wss: WebSocketServer,
    private readonly options: FakeServerOptions,
  ) {
    wss.on('connection', (socket, request) => {
      this.sockets.add(socket);
      this.transports.set(socket, request.socket);
      this.latest = socket;
      this.connectionWaiters = this.connectionWaiters.filter((satisfied) => !satisfied());
      socket.on('close', () => {
        this.sockets.delete(socket);
        this.connectionWaiters = this.connectionWaiters.filter((satisfied) => !satisfied());
      });
      socket.on('message', (data) => this.receive(socket, String(data)));
    });
  }

  get url(): string {
    const address: AddressInfo | string | null = this.wss.address();
    if (address === null || typeof address === 'string') throw new Error('fake CTI server is not listening');
    return `ws://127.0.0.1:${address.port}`;
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  /** Replaces the baseline handler of one request type for the rest of the test. */
  use(type: RequestType, handler: RequestHandler): void {
    this.handlers.set(type, handler);
  }

  requestsOf(type: RequestType): RequestFrame[] {
    return this.requests.filter((r) => r.type === type);
  }

  /** Resolves once `count` requests of `type` have arrived. */
  waitForRequests(type: RequestType, count = 1): Promise<RequestFrame[]> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const found = this.requestsOf(type);
        if (found.length < count) return false;
        resolve(found);
        return true;
      };
      if (!check()) this.waiters.push(check);
    });
  }

  /** The monitor id the server gave the latest MonitorStart for `dn`. */
  monitorOf(dn: string): string {
    const id = this.monitors.get(dn);
    if (id === undefined) throw new Error(`fake CTI server: no monitor for ${dn}`);
    return id;
  }

  event(monitorId: string, seq: number, event: CtiEvent): void {
    this.peerOf(this.current(), null).event(monitorId, seq, event);
  }

  /** Pushes `event` on `monitorId` with the monitor's next sequence number. */
  emitOn(monitorId: string, event: CtiEvent): void {
    this.event(monitorId, (this.seqs.get(monitorId) ?? 0) + 1, event);
  }

  /** Pushes `event` on the monitor of `dn` with the monitor's next sequence number. */
  emit(dn: string, event: CtiEvent): void {
    this.emitOn(this.monitorOf(dn), event);
  }

  /** A Buffer goes as a binary frame unless `binary` is false (then as a text frame, whatever its bytes). */
  sendRaw(data: string | Buffer, options: { readonly binary?: boolean } = {}): void {
    if (options.binary === undefined) this.current().send(data);
    else this.current().send(data, { binary: options.binary });
  }

  /** Resolves once exactly `count` adapter connections are open; rejects after 3 s (a failure message, not a hung test). */
  waitForConnections(count: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${count} open connections (got ${this.sockets.size})`)), 3000);
      const check = (): boolean => {
        if (this.sockets.size !== count) return false;
        clearTimeout(timer);
        resolve();
        return true;
      };
      if (!check()) this.connectionWaiters.push(check);
    });
  }

  /** Drops every connection from the server side. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  async stop(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private current(): WebSocket {
    if (this.latest === null) throw new Error('fake CTI server: no adapter connected');
    return this.latest;
  }

  private receive(socket: WebSocket, text: string): void {
    const decoded = decodeRequest(text);
    if (!decoded.ok) {
      socket.send(JSON.stringify({ type: 'Error', invokeId: decoded.error.invokeId, error: { code: 'malformedFrame', message: decoded.error.message } }));
      return;
    }
    const frame = decoded.frame;
    this.requests.push(frame);
    const peer = this.peerOf(socket, frame);
    (this.handlers.get(frame.type) ?? ((f: RequestFrame, p: Peer) => this.baseline(f, p)))(frame, peer);
    this.waiters = this.waiters.filter((satisfied) => !satisfied());
  }

  private baseline(frame: RequestFrame, peer: Peer): void {
    switch (frame.type) {
      case 'StartApplicationSession': {
        const { user = SERVER_USER, password = SERVER_PASSWORD, heartbeatIntervalMs = 60_000 } = this.options;
        if (frame.user !== user || frame.password !== password) {
          peer.fail('authenticationFailed', 'wrong user or password');
          return;
        }
        this.sessionCount += 1;
        peer.respond({ sessionId: `session-${this.sessionCount}`, heartbeatIntervalMs });
        return;
      }
      case 'MonitorStart': {
        const known = this.options.knownDevices ?? ['8808', '8809', '8810'];
        if (!known.includes(frame.deviceId)) {
          peer.fail('invalidDeviceId', `device ${frame.deviceId} is not provisioned`);
          return;
        }
        this.monitorCount += 1;
        const monitorId = `mon-${frame.deviceId}-${this.monitorCount}`;
        this.monitors.set(frame.deviceId, monitorId);
        peer.respond({ monitorId });
        return;
      }
      case 'MonitorStop':
      case 'StopApplicationSession':
      // Agent requests are accepted and cause no event (the cases fall through): a test scripts the ACD's events with `use`.
      case 'AgentLogin':
      case 'AgentLogout':
      case 'SetAgentState':
        peer.respond({});
        return;
      case 'SnapshotDevice':
        peer.respond({ deviceId: frame.deviceId, calls: [] });
        return;
      // Call control is accepted and causes no event: a test scripts the switch's events with `use` or `emit`.
      case 'AnswerCall':
      case 'ClearConnection':
      case 'HoldCall':
      case 'RetrieveCall':
      case 'GenerateDigits':
        peer.respond({});
        return;
      case 'MakeCall':
      case 'ConsultationCall':
        this.callCount += 1;
        peer.respond({ callId: `N${this.callCount}` });
        return;
      case 'TransferCall':
      case 'ConferenceCall':
        peer.respond({ callId: frame.heldCallId });
        return;
      case 'SingleStepTransfer':
        peer.respond({ callId: frame.callId });
        return;
    }
  }

  private peerOf(socket: WebSocket, frame: RequestFrame | null): Peer {
    const send = (value: object): void => socket.send(JSON.stringify(value));
    return {
      respond: (result) => send({ type: 'Response', invokeId: frame?.invokeId, request: frame?.type, result }),
      fail: (code, message) => send({ type: 'Error', invokeId: frame?.invokeId ?? null, request: frame?.type, error: { code, message } }),
      event: (monitorId, seq, event) => {
        this.seqs.set(monitorId, Math.max(seq, this.seqs.get(monitorId) ?? 0));
        send({ type: 'Event', monitorId, seq, event });
      },
      emit: (dn, event) => {
        const monitorId = this.monitorOf(dn);
        const seq = (this.seqs.get(monitorId) ?? 0) + 1;
        this.seqs.set(monitorId, seq);
        send({ type: 'Event', monitorId, seq, event });
      },
      sendRaw: (text) => socket.send(text),
      together: (frames) => {
        const transport = this.transports.get(socket);
        if (transport === undefined) throw new Error('fake CTI server: no TCP socket under this connection');
        transport.cork();
        try {
          frames();
        } finally {
          transport.uncork();
        }
      },
    };
  }
}
