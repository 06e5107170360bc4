/**
 * A test peer on the CTI link: a real `ws` client that checks every frame it receives against
 * the contract and lets a test await specific frames instead of sleeping.
 */
import WebSocket, { type ClientOptions } from 'ws';
import { decodeServerFrame } from '../../../src/contract/cti-wire/codec.ts';
import type { ErrorFrame, EventFrame, RequestFrame, ResponseFrame, ServerFrame } from '../../../src/contract/cti-wire/frames.ts';

/** A request as a test writes it: the invoke id is optional. */
export type TestRequest = RequestFrame extends infer F ? (F extends RequestFrame ? Omit<F, 'invokeId'> & { invokeId?: number } : never) : never;

interface Waiter {
  readonly match: (frame: ServerFrame) => boolean;
  readonly resolve: (frame: ServerFrame) => void;
}

export class WireClient {
  readonly socket: WebSocket;
  /** Every frame received, in order, consumed or not. */
  readonly received: ServerFrame[] = [];
  /** Frames the contract rejected: should stay empty. */
  readonly invalid: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #unconsumed: ServerFrame[] = [];
  readonly #waiters: Waiter[] = [];
  #invokeId = 100;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '(binary)' : String(data);
      const decoded = decodeServerFrame(text);
      if (!decoded.ok) {
        this.invalid.push(`${text} — ${decoded.error.message}`);
        return;
      }
      this.#arrive(decoded.frame);
    });
  }

  static connect(url: string, options: ClientOptions = {}): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, options);
      socket.once('open', () => resolve(new WireClient(socket)));
      socket.once('error', reject);
    });
  }

  #arrive(frame: ServerFrame): void {
    this.received.push(frame);
    const index = this.#waiters.findIndex((w) => w.match(frame));
    const waiter = index === -1 ? undefined : this.#waiters.splice(index, 1)[0];
    if (waiter === undefined) this.#unconsumed.push(frame);
    else waiter.resolve(frame);
  }

  /** The first not yet taken frame that matches, now or when it arrives. */
  take(match: (frame: ServerFrame) => boolean): Promise<ServerFrame> {
    const index = this.#unconsumed.findIndex(match);
    if (index !== -1) {
      const [frame] = this.#unconsumed.splice(index, 1);
      if (frame !== undefined) return Promise.resolve(frame);
    }
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  sendText(text: string): void {
    this.socket.send(text);
  }

  /** Sends a request (a fresh invokeId unless given) and resolves with its Response or Error. */
  async request(frame: TestRequest): Promise<ResponseFrame | ErrorFrame> {
    const invokeId = frame.invokeId ?? this.#invokeId++;
    this.socket.send(JSON.stringify({ ...frame, invokeId }));
    const reply = await this.take((f) => (f.type === 'Response' || f.type === 'Error') && f.invokeId === invokeId);
    if (reply.type !== 'Response' && reply.type !== 'Error') throw new Error('unreachable');
    return reply;
  }

  /** The Error answering a raw text frame; `invokeId` is what the server should echo. */
  async rawError(text: string, invokeId: number | null): Promise<ErrorFrame> {
    this.socket.send(text);
    const reply = await this.take((f) => f.type === 'Error' && f.invokeId === invokeId);
    if (reply.type !== 'Error') throw new Error('unreachable');
    return reply;
  }

  async start(user = 'switchboard', password = 'switchboard'): Promise<ResponseFrame | ErrorFrame> {
    return this.request({ type: 'StartApplicationSession', applicationId: 'test', user, password, protocolVersion: '1' });
  }

  /** Starts a session and monitors the devices, returning their monitor ids in order. */
  async monitor(...devices: string[]): Promise<string[]> {
    const started = await this.start();
    if (started.type !== 'Response') throw new Error(`session refused: ${JSON.stringify(started)}`);
    const ids: string[] = [];
    for (const deviceId of devices) {
      const reply = await this.request({ type: 'MonitorStart', deviceId });
      if (reply.type !== 'Response' || reply.request !== 'MonitorStart') throw new Error(`monitor refused: ${JSON.stringify(reply)}`);
      ids.push(reply.result.monitorId);
    }
    return ids;
  }

  nextEvent(monitorId?: string): Promise<EventFrame> {
    return this.take((f) => f.type === 'Event' && (monitorId === undefined || f.monitorId === monitorId)).then((f) => {
      if (f.type !== 'Event') throw new Error('unreachable');
      return f;
    });
  }

  /** Events received so far, without consuming them. */
  events(): EventFrame[] {
    return this.received.filter((f): f is EventFrame => f.type === 'Event');
  }

  /** A request round trip: frames the server sent before answering it have arrived once this resolves. */
  async sync(): Promise<void> {
    await this.request({ type: 'SnapshotDevice', deviceId: '8808' });
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
    await this.closed;
  }
}
