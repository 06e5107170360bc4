/** Opens the TCP connection to an AMI server within a deadline and reads its banner line. */
import { connect, type Socket } from 'node:net';
import { LinkFailure } from '../../errors.ts';
import type { Timers } from '../../timers.ts';
import { socketErrorReason } from '../connect.ts';

/** What one packet or line may be, as the simulator's AMI limits it. */
export const AMI_STREAM_LIMITS = { maxFrameBytes: 4 * 1024 * 1024, maxLineBytes: 64 * 1024 } as const;

/** The banner is one line; a server that sends more before a line end is no AMI server. */
const MAX_BANNER_BYTES = 256;

export interface AmiAddress {
  readonly host: string;
  readonly port: number;
}

export function amiAddress(url: string): AmiAddress | null {
  try {
    const parsed = new URL(url);
    const port = Number(parsed.port === '' ? '5038' : parsed.port);
    if (parsed.protocol !== 'ami:' || parsed.hostname === '' || !Number.isInteger(port)) return null;
    return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port };
  } catch {
    return null;
  }
}

/** Resolves with the socket and whatever followed the banner line. */
export function connectAmi(
  address: AmiAddress,
  connectMs: number,
  timers: Timers,
  signal?: AbortSignal,
): Promise<{ readonly socket: Socket; readonly rest: Buffer; readonly banner: string }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new LinkFailure('notOpen', { reason: 'closed by the adapter' }));
      return;
    }
    const socket = connect({ host: address.host, port: address.port });
    socket.setNoDelay(true);
    let held = Buffer.alloc(0);
    const settle = (outcome: LinkFailure | { readonly rest: Buffer; readonly banner: string }): void => {
      timers.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (outcome instanceof LinkFailure) {
        socket.on('error', () => undefined);
        socket.destroy();
        reject(outcome);
        return;
      }
      socket.pause();
      resolve({ socket, ...outcome });
    };
    const onData = (chunk: Buffer): void => {
      held = Buffer.concat([held, chunk]);
      const lf = held.indexOf(0x0a);
      if (lf === -1) {
        if (held.length > MAX_BANNER_BYTES) settle(new LinkFailure('malformedFrame', { reason: 'the server sent no AMI banner line' }));
        return;
      }
      const banner = held.subarray(0, lf).toString('utf8').replace(/\r$/, '');
      if (!banner.startsWith('Asterisk Call Manager/')) {
        settle(new LinkFailure('malformedFrame', { reason: 'the server did not greet as an Asterisk Call Manager' }));
        return;
      }
      settle({ rest: held.subarray(lf + 1), banner });
    };
    const onError = (error: Error): void => settle(new LinkFailure('unreachable', { reason: socketErrorReason(error) }));
    const onClose = (): void => settle(new LinkFailure('unreachable', { reason: 'the server closed the connection before its banner' }));
    const onAbort = (): void => settle(new LinkFailure('notOpen', { reason: 'closed by the adapter' }));
    const timer = timers.setTimeout(() => settle(new LinkFailure('connectTimeout', { timeoutMs: connectMs })), connectMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
  });
}
