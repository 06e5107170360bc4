/**
 * The JSON dialect's CTI link (link.ts): one session on the CTI link: the socket, StartApplicationSession, request/response correlation
 * by invoke id, heartbeat watching, and decoding of every server frame. A frame that does not
 * decode is logged and skipped; it never takes the link down.
 */
import WebSocket from 'ws';
import { decodeServerFrame, encodeFrame } from '../../contract/cti-wire/codec.ts';
import { CTI_WIRE_PROTOCOL_VERSION, type RequestFrame, type ResponseFrame, type ServerFrame } from '../../contract/cti-wire/frames.ts';
import { LinkFailure } from '../errors.ts';
import { connectSocket, socketErrorReason } from './connect.ts';
import { InvokeLink } from './invoke-link.ts';
import type { CtiLinkOptions } from './link.ts';

const MAX_INVOKE_ID = 2 ** 31 - 1;

export class JsonCtiLink extends InvokeLink {
  /** Connects and starts the application session; rejects with a LinkFailure. */
  static async open(options: CtiLinkOptions): Promise<JsonCtiLink> {
    const socket = await connectSocket(options.url, options.connectMs, options.timers, options.signal);
    return InvokeLink.started(new JsonCtiLink(socket, options), CTI_WIRE_PROTOCOL_VERSION, options.signal);
  }

  private constructor(
    private readonly socket: WebSocket,
    options: CtiLinkOptions,
  ) {
    super(options, MAX_INVOKE_ID);
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('error', (error) => options.logger.warn({ reason: socketErrorReason(error) }, 'CTI link socket error'));
    socket.on('close', (code, reason) => {
      const why = reason.length > 0 ? `: ${reason.toString('utf8')}` : '';
      this.lose(`the CTI server closed the connection, code ${code}${why}`, true);
    });
  }

  protected get writable(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  protected write(frame: RequestFrame, _response: Promise<ResponseFrame>, failed: (error: Error) => void): void {
    this.socket.send(encodeFrame(frame), (error) => {
      if (error !== undefined && error !== null) failed(error);
    });
  }

  protected terminate(): void {
    this.socket.terminate();
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): void {
    this.heard();
    if (isBinary) {
      this.options.logger.warn({ bytes: byteLength(data) }, 'binary CTI frame skipped: the CTI wire is JSON text');
      return;
    }
    const decoded = decodeServerFrame(rawText(data));
    if (!decoded.ok) {
      this.options.logger.warn(
        { code: decoded.error.code, issues: decoded.error.issues, bytes: byteLength(data) },
        `malformed CTI frame skipped: ${decoded.error.message}`,
      );
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
        if (!this.pending.resolve(frame))
          this.options.logger.warn({ invokeId: frame.invokeId }, 'CTI response skipped: no request waits for it (late or unknown)');
        return;
      case 'Error': {
        const { code, message } = frame.error;
        const settled =
          frame.invokeId !== null && this.pending.reject(frame.invokeId, (request, facts) => new LinkFailure(code, { ...facts, request, reason: message }));
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

  protected closeConnection(): Promise<void> {
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

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function byteLength(data: WebSocket.RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data.byteLength;
}
