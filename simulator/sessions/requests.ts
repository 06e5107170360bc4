/**
 * The request rules of the CTI link, whatever the dialect: a session starts with the credentials,
 * monitors devices, reads snapshots, and steps the model for agent and call requests (with the
 * inputs model-inputs.ts makes of them). Requests and replies are the contract's frames; a
 * dialect's session turns its own frames into them and back.
 */
import type { Logger } from 'pino';
import { clip } from '../../src/contract/bounded-json.ts';
import {
  MAX_ERROR_MESSAGE_CHARS,
  type AgentState,
  type ErrorFrame,
  type RequestFrame,
  type RequestOf,
  type RequestType,
  type ResponseFrame,
  type WireErrorCode,
} from '../../src/contract/cti-wire/frames.ts';
import type { Clock } from '../clock.ts';
import { snapshotDevice } from '../model/snapshot.ts';
import type { AgentStatusKind, Applied, ModelInput, ModelState, StepResult } from '../model/types.ts';
import { agentInput, callInput, responseTo, type SteppingRequest } from './model-inputs.ts';
import type { Deliver, MonitorRegistry } from './monitors.ts';
import { WIRE_ERROR_OF } from './wire-errors.ts';

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** What all sessions of one server share. */
export interface SessionContext {
  readonly credentials: Credentials;
  readonly heartbeatIntervalMs: number;
  readonly clock: Clock;
  readonly model: () => ModelState;
  /** Steps the switch for an agent request; `acknowledge` runs before the events are published. */
  readonly act: (input: ModelInput, acknowledge: (applied: Applied) => void) => StepResult;
  readonly monitors: MonitorRegistry;
  readonly nextSessionId: () => string;
  /** Logs a few times per window for each key, then counts (a flood of bad or refused frames is not a flood of log lines). */
  readonly limited: (level: 'warn' | 'info', logger: Logger, key: string, fields: Readonly<Record<string, unknown>>, message: string) => void;
}

export interface Session {
  /** Handles one frame's text from the peer. Never throws. */
  receive(text: string): void;
  /** Answers a frame the server could not even hand over as text (e.g. binary, or bytes its framing refused). */
  refuseFrame(message: string): void;
  /** The connection is gone: drop monitors and timers. */
  close(): void;
  readonly started: boolean;
  /** Whether the peer asked for events about the device (AMI's event filters); absent: per monitor, as the fault layer reads monitors. */
  watches?(deviceId: string): boolean;
}

export type Reply = ResponseFrame | ErrorFrame;

export const WIRE_AGENT_STATE: Readonly<Record<AgentStatusKind, AgentState>> = {
  loggedOut: 'loggedOut',
  loggedIn: 'loggedIn',
  ready: 'ready',
  notReady: 'notReady',
  afterCallWork: 'workingAfterCall',
  busy: 'busy',
};

export function failFrame(invokeId: number | null, request: RequestType | null, code: WireErrorCode, message: string): ErrorFrame {
  return { type: 'Error', invokeId, ...(request === null ? {} : { request }), error: { code, message: clip(message, MAX_ERROR_MESSAGE_CHARS) } };
}

/** What a dialect's session plugs into the rules. */
export interface RuleHooks {
  /** What StartApplicationSession must ask for. */
  readonly protocolVersion: string;
  /** Where a monitor's events go (already numbered for the monitor). */
  readonly deliver: Deliver;
  /** The application session started: the dialect starts its heartbeat, or its all-device subscription. */
  readonly started: (sessionId: string) => void;
  /** The application session ended (StopApplicationSession or the connection closed). */
  readonly ended: () => void;
}

export interface RequestRules {
  /** The reply, or null when it has been sent already through `reply` (stepping requests answer before their events). */
  handle(req: RequestFrame, reply: (frame: Reply) => void): Reply | null;
  /** Ends the application session (monitors, heartbeat); idempotent. */
  end(): void;
  readonly sessionId: string | null;
}

export function createRequestRules(ctx: SessionContext, hooks: RuleHooks, logger: Logger): RequestRules {
  let sessionId: string | null = null;
  const fail = failFrame;

  function end(): void {
    if (sessionId !== null) {
      ctx.monitors.closeSession(sessionId);
      hooks.ended();
    }
    sessionId = null;
  }

  function start(req: RequestOf<'StartApplicationSession'>): Reply {
    if (sessionId !== null)
      return fail(req.invokeId, req.type, 'sessionAlreadyStarted', `session ${sessionId} is already started; send StopApplicationSession first`);
    if (req.protocolVersion !== hooks.protocolVersion) {
      return fail(
        req.invokeId,
        req.type,
        'unsupportedProtocolVersion',
        `protocolVersion: expected ${JSON.stringify(hooks.protocolVersion)}, got ${JSON.stringify(req.protocolVersion)}`,
      );
    }
    if (req.user !== ctx.credentials.user || req.password !== ctx.credentials.password) {
      ctx.limited('warn', logger, 'authentication failed', { user: req.user, applicationId: req.applicationId }, 'authentication failed');
      return fail(
        req.invokeId,
        req.type,
        'authenticationFailed',
        'user or password: the credentials are not accepted; expected the user and password configured on the simulator',
      );
    }
    const id = ctx.nextSessionId();
    sessionId = id;
    hooks.started(id);
    logger.info({ sessionId: id, user: req.user, applicationId: req.applicationId }, 'session started');
    return { type: 'Response', invokeId: req.invokeId, request: req.type, result: { sessionId: id, heartbeatIntervalMs: ctx.heartbeatIntervalMs } };
  }

  function monitorStart(id: string, req: RequestOf<'MonitorStart'>): Reply {
    if (!ctx.model().extensions.has(req.deviceId)) {
      return fail(req.invokeId, req.type, 'invalidDeviceId', `deviceId: ${req.deviceId} is not provisioned on the switch; expected a provisioned extension`);
    }
    const opened = ctx.monitors.open(id, req.deviceId, hooks.deliver);
    if (!opened.ok)
      return fail(req.invokeId, req.type, 'monitorAlreadyActive', `deviceId: this session already monitors ${req.deviceId} with monitor ${opened.existing}`);
    logger.info({ sessionId: id, deviceId: req.deviceId, monitorId: opened.monitorId }, 'monitor started');
    return { type: 'Response', invokeId: req.invokeId, request: req.type, result: { monitorId: opened.monitorId } };
  }

  function monitorStop(id: string, req: RequestOf<'MonitorStop'>): Reply {
    if (!ctx.monitors.close(id, req.monitorId)) {
      return fail(
        req.invokeId,
        req.type,
        'invalidMonitorId',
        `monitorId: ${req.monitorId} is not open on this session; expected an id returned by MonitorStart`,
      );
    }
    logger.info({ sessionId: id, monitorId: req.monitorId }, 'monitor stopped');
    return { type: 'Response', invokeId: req.invokeId, request: req.type, result: {} };
  }

  function snapshot(req: RequestOf<'SnapshotDevice'>): Reply {
    const snap = snapshotDevice(ctx.model(), req.deviceId);
    if (!snap.ok)
      return fail(req.invokeId, req.type, 'invalidDeviceId', `deviceId: ${req.deviceId} is not provisioned on the switch; expected a provisioned extension`);
    const calls = snap.calls.map((c) => ({ ...c, callData: { ...c.callData } }));
    const { agent } = snap;
    const agentPart =
      agent === undefined
        ? {}
        : {
            agent: {
              agentId: agent.agentId,
              state: WIRE_AGENT_STATE[agent.status.kind],
              ...(agent.status.kind === 'notReady' && agent.status.reasonCode !== undefined ? { reasonCode: agent.status.reasonCode } : {}),
            },
          };
    return { type: 'Response', invokeId: req.invokeId, request: req.type, result: { deviceId: snap.deviceId, calls, ...agentPart } };
  }

  /** Answers through `reply` before the events the request caused go out; returns the Error when refused. */
  function steppingRequest(id: string, req: SteppingRequest, input: ModelInput, reply: (frame: Reply) => void): Reply | null {
    const about = 'agentId' in req ? { agentId: req.agentId } : { input: input.kind };
    const kind = 'agentId' in req ? 'agent request' : 'call request';
    const result = ctx.act(input, (applied) => {
      reply(responseTo(req, applied));
    });
    if (result.ok) {
      logger.info({ sessionId: id, request: req.type, ...about, ...(result.callId === undefined ? {} : { callId: result.callId }) }, `${kind} applied`);
      return null;
    }
    const code = WIRE_ERROR_OF[result.error.code];
    ctx.limited(
      'info',
      logger,
      `${kind} refused ${code}`,
      { sessionId: id, request: req.type, ...about, code, modelCode: result.error.code },
      `${kind} refused`,
    );
    return fail(req.invokeId, req.type, code, result.error.message);
  }

  function handle(req: RequestFrame, reply: (frame: Reply) => void): Reply | null {
    if (req.type === 'StartApplicationSession') return start(req);
    const id = sessionId;
    if (id === null)
      return fail(req.invokeId, req.type, 'sessionNotStarted', `${req.type} arrived before the session started; expected StartApplicationSession first`);
    switch (req.type) {
      case 'StopApplicationSession':
        end();
        logger.info({ sessionId: id }, 'session stopped');
        return { type: 'Response', invokeId: req.invokeId, request: req.type, result: {} };
      case 'MonitorStart':
        return monitorStart(id, req);
      case 'MonitorStop':
        return monitorStop(id, req);
      case 'SnapshotDevice':
        return snapshot(req);
      case 'AgentLogin':
      case 'AgentLogout':
      case 'SetAgentState':
        return steppingRequest(id, req, agentInput(req), reply);
      case 'AnswerCall':
      case 'ClearConnection':
      case 'HoldCall':
      case 'RetrieveCall':
      case 'MakeCall':
      case 'GenerateDigits':
      case 'ConsultationCall':
      case 'TransferCall':
      case 'SingleStepTransfer':
      case 'ConferenceCall':
        return steppingRequest(id, req, callInput(req), reply);
    }
  }

  return {
    handle,
    end,
    get sessionId() {
      return sessionId;
    },
  };
}

/**
 * Runs one decoded request through the rules with exactly one reply, even when the handler fails
 * after answering: a handler failure is a serviceUnavailable Error and the session goes on.
 */
export function serveRequest(rules: RequestRules, req: RequestFrame, reply: (frame: Reply) => void, logger: Logger): void {
  let replied = false;
  const once = (frame: Reply): void => {
    if (replied) return;
    replied = true;
    reply(frame);
  };
  try {
    const answer = rules.handle(req, once);
    if (answer !== null) once(answer);
  } catch (error) {
    logger.error({ err: error, request: req.type, invokeId: req.invokeId }, 'request handler failed');
    once(failFrame(req.invokeId, req.type, 'serviceUnavailable', `${req.type} could not be served: internal simulator error; the session goes on`));
  }
}
