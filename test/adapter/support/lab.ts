/** One adapter against one fake CTI server, with recorders, and cleanup for `t.after`. */
import type { TelephonyMode } from '../../../src/contract/pega/modes.ts';
import type { PegaCallAdapter } from '../../../src/contract/pega/face.ts';
import { createReferenceAdapter, type ReferenceAdapterOverrides } from '../../../src/adapter/index.ts';
import { FakeCtiServer, SERVER_PASSWORD, SERVER_USER, type FakeServerOptions } from './fake-cti-server.ts';
import { RecordingLogger, RecordingSink } from './recorders.ts';

export interface SettingsOptions {
  readonly mode?: TelephonyMode;
  readonly connectMs?: number;
  readonly requestMs?: number;
  readonly reconnectMinMs?: number;
  readonly reconnectMaxMs?: number;
  readonly password?: string;
}

export function settingsFor(ctiUrl: string, options: SettingsOptions = {}): Record<string, unknown> {
  return {
    mode: options.mode ?? 'simple',
    ctiUrl,
    credentials: { user: SERVER_USER, password: options.password ?? SERVER_PASSWORD },
    timeouts: {
      connectMs: options.connectMs ?? 2000,
      requestMs: options.requestMs ?? 2000,
      ...(options.reconnectMinMs === undefined ? {} : { reconnectMinMs: options.reconnectMinMs }),
      ...(options.reconnectMaxMs === undefined ? {} : { reconnectMaxMs: options.reconnectMaxMs }),
    },
  };
}

export interface Lab {
  readonly server: FakeCtiServer;
  readonly sink: RecordingSink;
  readonly logger: RecordingLogger;
  readonly adapter: PegaCallAdapter;
  /** Subscribes `dn` and returns the server's monitor id for it. */
  subscribe(dn: string): Promise<string>;
  stop(): Promise<void>;
}

export interface LabOptions extends SettingsOptions {
  readonly server?: FakeServerOptions;
  readonly overrides?: ReferenceAdapterOverrides;
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const server = await FakeCtiServer.start(options.server);
  const sink = new RecordingSink();
  const logger = new RecordingLogger();
  const adapter = createReferenceAdapter({ settings: settingsFor(server.url, options), sink, logger }, options.overrides);
  return {
    server,
    sink,
    logger,
    adapter,
    async subscribe(dn) {
      const result = await adapter.SubscribeForEvents({ DN: dn });
      if (!result.ok) throw new Error(`SubscribeForEvents ${dn} failed: ${result.errCode} ${result.errMessage}`);
      return server.monitorOf(dn);
    },
    async stop() {
      await adapter.CloseAdapter({});
      await server.stop();
    },
  };
}
