/**
 * The in-process Pega face: what an adapter module exports and what the harness gives it.
 * A module adapter exports `createAdapter(context)`; it returns one adapter instance per CSR
 * session (Pega's session class owns one per user), with every activity of ACTIVITIES as an
 * async method that resolves to an ActivityResult and never rejects.
 *
 * Concurrency (decision 0022): the harness calls one instance's activities one at a time — the
 * next only once the previous one's promise resolved — as one Pega requestor serves one CSR.
 * Instances run concurrently, and `sink.deliver` may be called at any time, an activity in flight or not.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { ActivityName, AdapterPage } from './activities.ts';
import type { ActivityResult } from './errors.ts';
import type { EventDelivery } from './events.ts';
import { TELEPHONY_MODES } from './modes.ts';

/** The settings every adapter is configured with: the fields of the CTI link record it needs. */
export const AdapterSettingsSchema = Type.Object(
  {
    mode: Type.Union(
      TELEPHONY_MODES.map((m) => Type.Literal(m)),
      { description: TELEPHONY_MODES.join(', ') },
    ),
    ctiUrl: Type.String({
      pattern: '^(wss?|ami|csta-xml)://[^\\s]+$',
      // The scheme names the dialect: ws/wss CSTA-flavoured JSON, ami Asterisk AMI over TCP, csta-xml ECMA-323 over TCP.
      description: 'a ws://, wss://, ami:// or csta-xml:// URL of the CTI server',
    }),
    credentials: Type.Object(
      {
        user: Type.String({ minLength: 1, description: 'a non-empty user name' }),
        password: Type.String({ description: 'the password of the CTI link user' }),
      },
      { additionalProperties: false },
    ),
    applicationId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    timeouts: Type.Object(
      {
        connectMs: Type.Integer({ minimum: 1, maximum: 600_000, description: 'milliseconds, 1 to 600000' }),
        requestMs: Type.Integer({ minimum: 1, maximum: 600_000, description: 'milliseconds, 1 to 600000' }),
        /** The shortest wait before reconnecting a lost CTI link; retries wait longer and longer, up to reconnectMaxMs. Default 500. */
        reconnectMinMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000, description: 'milliseconds, 1 to 600000' })),
        /** The longest wait between two reconnect attempts. Default 30000 (or reconnectMinMs, if larger). */
        reconnectMaxMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000, description: 'milliseconds, 1 to 600000' })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type AdapterSettings = Static<typeof AdapterSettingsSchema>;

/** Structural subset of pino's logger, so the contract imports no logging library. */
export interface AdapterLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface EventSink {
  deliver(delivery: EventDelivery): void;
}

export interface AdapterContext {
  /** Untrusted until the adapter checks it against AdapterSettingsSchema (or its own richer schema). */
  readonly settings: unknown;
  readonly sink: EventSink;
  readonly logger: AdapterLogger;
}

/** One CSR's adapter: the harness never calls an activity before the previous one resolved (decision 0022). */
// A mapped type, not Readonly<Record<…>>: TypeScript then names PegaCallAdapter in an implementer's type errors.
// eslint-disable-next-line @typescript-eslint/consistent-indexed-object-style
export type PegaCallAdapter = { readonly [A in ActivityName]: (page: AdapterPage) => Promise<ActivityResult> };

/** May throw (synchronously or by rejecting) when the settings are refused; the message must name the field. */
export type AdapterFactory = (context: AdapterContext) => PegaCallAdapter | Promise<PegaCallAdapter>;
