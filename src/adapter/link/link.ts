/**
 * The reference adapter's one internal interface to the CTI server, whatever the dialect: the
 * session above it speaks the contract's CSTA-flavoured requests and events; each dialect's link
 * (cti-link.ts for JSON over WebSocket, ami/ for Asterisk AMI over TCP) maps them to its own wire.
 * The URL's scheme says which link opens (open.ts).
 */
import type { EventFrame, RequestOf, RequestType, ResultOf } from '../../contract/cti-wire/frames.ts';
import type { AdapterLogger } from '../../contract/pega/face.ts';
import type { LinkFacts, LinkFailure, RequestedState } from '../errors.ts';
import type { Timers } from '../timers.ts';

/** The call-control requests of Full telephony. */
export const CALL_CONTROL_REQUESTS = [
  'AnswerCall',
  'ClearConnection',
  'HoldCall',
  'RetrieveCall',
  'MakeCall',
  'GenerateDigits',
  'ConsultationCall',
  'TransferCall',
  'SingleStepTransfer',
  'ConferenceCall',
] as const satisfies readonly RequestType[];
export type CallControlRequest = (typeof CALL_CONTROL_REQUESTS)[number];
/** A call-control frame as the session builds it: the link adds the invoke id. */
export type CallControlBody = { [K in CallControlRequest]: Omit<RequestOf<K>, 'invokeId'> }[CallControlRequest];

export interface CtiLinkOptions {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly applicationId: string;
  readonly connectMs: number;
  readonly requestMs: number;
  readonly logger: AdapterLogger;
  readonly timers: Timers;
  /** Every event about a monitored device, as the contract's event frame (monitor id and its own sequence). */
  readonly onEvent: (frame: EventFrame) => void;
  /** Called once if an open link dies (server closed it, socket error, heartbeat silence). Not called for close(). */
  readonly onLost: (failure: LinkFailure) => void;
  /** Gives up opening at once (the socket is terminated, every timer cleared); no effect once open. */
  readonly signal?: AbortSignal;
}

export interface CtiLink {
  readonly isOpen: boolean;
  /** Starts watching `deviceId`; `bind` runs with the monitor id before that monitor's first event is handed on. */
  monitorStart(deviceId: string, bind: (monitorId: string) => void): Promise<string>;
  monitorStop(monitorId: string, deviceId: string): Promise<void>;
  /**
   * What the switch knows of the device now: its calls and the agent logged in on it. `onResult`
   * runs synchronously as the answer is handled, before any event that follows it.
   */
  snapshotDevice(deviceId: string, onResult?: (result: ResultOf<'SnapshotDevice'>) => void): Promise<ResultOf<'SnapshotDevice'>>;
  /** Never logs the password. */
  agentLogin(login: { readonly agentId: string; readonly password: string; readonly deviceId: string; readonly queue: string | undefined }): Promise<void>;
  agentLogout(agentId: string, reasonCode: string | undefined, facts: Pick<LinkFacts, 'dn'>): Promise<void>;
  /** `reasonCode` goes on the wire only with notReady. */
  setAgentState(agentId: string, state: RequestedState, reasonCode: string | undefined, facts: Pick<LinkFacts, 'dn'>): Promise<void>;
  /** One call-control request; resolves once the switch accepted it, with what it said (for logs; the effect arrives as events). */
  callControl(body: CallControlBody, facts: LinkFacts): Promise<{ readonly result: object }>;
  /** Gives up on a link that is open but no good: as if it had dropped, onLost included. */
  drop(reason: string): void;
  /** Closes at once without the dialect's goodbye: requests waiting fail, onLost is not called. */
  abandon(reason: string): void;
  /** Ends the session politely and closes the connection. Never rejects. */
  close(): Promise<void>;
}
