/**
 * Assembles one simulator: the model behind the control API, the CTI server on the wire, and the
 * dialect between them. Options are resolved once here; nothing exists until this is called.
 */
import { pino, type Logger } from 'pino';
import { systemClock, type Clock } from './clock.ts';
import { createControl, type Control } from './control/control.ts';
import { createFaultEngine } from './faults/engine.ts';
import type { WireTap } from './wire-tap.ts';
import type { Dialect } from './dialects/dialect.ts';
import { createJsonDialect } from './dialects/json.ts';
import type { TlsMaterial } from '../src/platform/http-server.ts';
import { createCtiServer, type CtiLimits, type CtiServer, type CtiServerOptions, type SwitchLinks } from './server.ts';
import type { Credentials } from './sessions/requests.ts';
import { createTcpCtiServer } from './transport/tcp-server.ts';

export interface SimulatorOptions {
  /** Default 127.0.0.1 (loopback only). */
  readonly host?: string;
  /** Default 0: an ephemeral port; read the URL from start(). */
  readonly port?: number;
  /** What StartApplicationSession must present. Default user 'switchboard', password 'switchboard'. */
  readonly credentials?: Credentials;
  /** Default 10000. */
  readonly heartbeatIntervalMs?: number;
  readonly clock?: Clock;
  /** Default: a silent pino logger. */
  readonly logger?: Logger;
  /** Default: the CSTA-JSON dialect over WebSocket (dialects/registry.ts names the others). */
  readonly dialect?: Dialect;
  /** Caps and deadlines of the CTI link (server.ts DEFAULT_CTI_LIMITS). */
  readonly limits?: Partial<CtiLimits>;
  /** Serve wss:// with this key and certificate. */
  readonly tls?: TlsMaterial;
  /** Hears every frame of every CTI connection, both ways, as it crosses the socket (wire-tap.ts). */
  readonly wireTap?: WireTap;
}

export interface Simulator {
  start(): Promise<{ readonly url: string }>;
  /** Closes all sockets and cancels timers (the ACD's deadlines wait until the next start); resolves once closed. */
  stop(): Promise<void>;
  readonly control: Control;
  /** The CTI sessions and monitors adapters hold open at the switch now (close-down is judged on it). */
  links(): SwitchLinks;
  /** The URL while started (ws:// for JSON, the dialect's scheme for a TCP dialect), otherwise null. */
  readonly url: string | null;
}

export const DEFAULT_CREDENTIALS: Credentials = { user: 'switchboard', password: 'switchboard' };
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 10_000;

function checkOptions(options: SimulatorOptions): void {
  const { port, heartbeatIntervalMs } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new RangeError(`simulator option port: expected an integer from 0 to 65535, got ${String(port)}`);
  }
  if (heartbeatIntervalMs !== undefined && !(Number.isInteger(heartbeatIntervalMs) && heartbeatIntervalMs >= 1)) {
    throw new RangeError(`simulator option heartbeatIntervalMs: expected a positive integer of milliseconds, got ${String(heartbeatIntervalMs)}`);
  }
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  checkOptions(options);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: 'silent' });
  const dialect = options.dialect ?? createJsonDialect();
  let url: string | null = null;

  // The server reads the control's state; the control publishes to the server. Both share the fault layer.
  const faults = createFaultEngine({ clock, logger: logger.child({ part: 'faults' }) });
  const control = createControl({ clock, logger: logger.child({ part: 'control' }), publish: (event) => server.publish(event), faults });
  const serverOptions: CtiServerOptions = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    dialect,
    credentials: options.credentials ?? DEFAULT_CREDENTIALS,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
    clock,
    logger: logger.child({ part: 'cti-server' }),
    model: () => control.truth(),
    act: (input, acknowledge) => control.attempt(input, acknowledge),
    faults,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.wireTap === undefined ? {} : { wireTap: options.wireTap }),
  };
  const { transport } = dialect;
  if (transport.kind === 'tcp' && options.tls !== undefined)
    throw new RangeError(`simulator option tls: the ${dialect.name} dialect runs over plain TCP in this simulator; TLS is for the json dialect (wss://)`);
  const server: CtiServer =
    transport.kind === 'websocket' ? createCtiServer(serverOptions) : createTcpCtiServer({ ...serverOptions, dialect: { ...dialect, transport } });

  return {
    async start() {
      url = await server.start();
      control.resumeTimers();
      return { url };
    },
    async stop() {
      control.suspendTimers();
      await server.stop();
      url = null;
    },
    control,
    links: () => server.links(),
    get url() {
      return url;
    },
  };
}
