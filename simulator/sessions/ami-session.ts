/**
 * One Asterisk manager session (AMI) on one connection: Login/Logoff with the Events filter,
 * ActionID correlation, the actions of protocol/ami/actions.ts run through the same request rules
 * as every dialect, the list actions, and every switch event to a logged-in session whose event
 * mask takes it (AMI has no per-device monitors). Events that Asterisk raises as manager events
 * carry a SequenceNumber (as with manager.conf `debug = on`), numbered per session, so a client
 * can tell an event lost. A bad packet gets `Response: Error` with a Message; the session goes on.
 *
 * Over 300 lines on purpose: one session's actions share its closure state (login, event mask,
 * filters, pending feature codes, the invoke counter); what it hears is in ami-hearing.ts. The
 * feature codes (keyed) are the next part to move out if it grows.
 */
import type { Logger } from 'pino';
import type { ErrorFrame, RequestFrame } from '../../src/contract/cti-wire/frames.ts';
import { AMI_ERROR_PHRASES, channelOf } from '../../src/contract/ami/vocabulary.ts';
import { cancelledConsultation, featureRequests, isFailure, keyedDigit, requestOf, type Translated } from '../protocol/ami/actions.ts';
import { consultationAt, keyDigit } from '../protocol/ami/features.ts';
import { amiEvent } from '../protocol/ami/events.ts';
import { coreShowChannels, extensionState, queueStatus, statusList } from '../protocol/ami/lists.ts';
import { encodePacket, header, parsePacket, type Header, type Packet } from '../../src/contract/ami/packet.ts';
import type { WireModelEvent } from '../model/types.ts';
import { createRequestRules, serveRequest, type Reply, type Session, type SessionContext } from './requests.ts';
import { agentUserOf, channelPrefixOf, classOf, eventMask, FILTER, MAX_FILTERS } from './ami-hearing.ts';

/** What StartApplicationSession asks for when AMI's Login starts the session. */
export const AMI_PROTOCOL_VERSION = 'ami';

function errorPacket(actionId: Header[], frame: ErrorFrame): Header[] {
  const phrase = AMI_ERROR_PHRASES[frame.error.code];
  const message = frame.error.message.startsWith(phrase) ? frame.error.message : `${phrase}: ${frame.error.message}`;
  return [['Response', 'Error'], ...actionId, ['Message', message]];
}

/** Channels one session may have an unfinished feature code on. */
const MAX_PENDING_CHANNELS = 256;

export function createAmiSession(ctx: SessionContext, send: (text: string) => void, logger: Logger, hangUp: () => void): Session {
  let wants: (klass: string) => boolean = () => true;
  /** Whitelist filters: with any, an event must contain one of them. */
  const filters: string[] = [];
  let sequence = 0;
  let invokeCounter = 0;
  /** Digits keyed on a channel that start a transfer feature code, waiting for the next (features.ts). */
  const pendingDigits = new Map<string, string>();
  /** The agent whose manager user logged in (decision 0130): such a session hears nothing and may only log off. */
  let agentUser: string | null = null;

  function safeSend(headers: readonly Header[]): void {
    try {
      send(encodePacket(headers));
    } catch (error) {
      logger.error({ err: error }, 'sending a packet failed');
    }
  }

  /** A manager event: filtered by the mask, numbered. */
  function raise(headers: readonly Header[]): void {
    const name = headers[0]?.[1] ?? '';
    if (!wants(classOf(name))) return;
    if (filters.length > 0) {
      const text = encodePacket(headers);
      if (!filters.some((f) => text.includes(f))) return;
    }
    sequence += 1;
    const [first, ...rest] = headers;
    if (first === undefined) return;
    safeSend([first, ['Privilege', `${classOf(name)},all`], ['SequenceNumber', String(sequence)], ...rest]);
  }

  const queueOf = (agentId: string): string => ctx.model().agents.get(agentId)?.queues?.[0] ?? 'default';
  const rules = createRequestRules(
    ctx,
    {
      protocolVersion: AMI_PROTOCOL_VERSION,
      deliver: (_monitorId, _seq, event: WireModelEvent) => raise(amiEvent(event, queueOf)),
      started: (sessionId) => ctx.monitors.watchAll(sessionId, (_id, _seq, event) => raise(amiEvent(event, queueOf))),
      ended: () => undefined,
    },
    logger,
  );

  function refuse(actionId: Header[], message: string): void {
    ctx.limited('warn', logger, 'bad packet refused', { reason: message.slice(0, 120) }, 'bad packet refused');
    safeSend([['Response', 'Error'], ...actionId, ['Message', message]]);
  }

  /** Runs a contract request; `success` words the Response (and what follows it) when applied. */
  function run(
    actionId: Header[],
    translated: NonNullable<ReturnType<typeof requestOf>>,
    success: (reply: Extract<Reply, { type: 'Response' }>) => Header[][],
  ): void {
    if (!translated.ok) {
      refusal(actionId, translated);
      return;
    }
    serveRequest(
      rules,
      translated.request,
      (reply) => {
        if (reply.type === 'Error') safeSend(errorPacket(actionId, reply));
        else for (const packet of success(reply)) safeSend(packet);
      },
      logger,
    );
  }

  function refusal(actionId: Header[], refused: Extract<Translated, { ok: false }>): void {
    safeSend(errorPacket(actionId, { type: 'Error', invokeId: null, error: { code: refused.code, message: refused.message } }));
  }

  /** Runs requests in order, each once the one before is applied; the first refusal answers, else `message` does. */
  function runAll(actionId: Header[], requests: readonly RequestFrame[], message: string): void {
    const [first, ...rest] = requests;
    if (first === undefined) {
      safeSend([['Response', 'Success'], ...actionId, ['Message', message]]);
      return;
    }
    serveRequest(rules, first, (reply) => (reply.type === 'Error' ? safeSend(errorPacket(actionId, reply)) : runAll(actionId, rest, message)), logger);
  }

  /** PlayDTMF with Receive: a digit keyed at the phone, heard by the call or read as a transfer feature code (decision 0100). */
  function keyed(actionId: Header[], packet: Packet): void {
    const key = keyedDigit(packet);
    if (isFailure(key)) {
      refusal(actionId, key);
      return;
    }
    const channel = channelOf(key.device, key.callId);
    const outcome = keyDigit(pendingDigits.get(channel) ?? '', key.digit, consultationAt(ctx.model(), key.device, key.callId));
    pendingDigits.delete(channel);
    const next = (): number => ++invokeCounter;
    const queued = 'DTMF successfully queued';
    switch (outcome.kind) {
      case 'wait': {
        // A code left unfinished on a call that ended stays until the cap forgets the oldest.
        const oldest = pendingDigits.size >= MAX_PENDING_CHANNELS ? pendingDigits.keys().next() : undefined;
        if (oldest !== undefined && oldest.done !== true) pendingDigits.delete(oldest.value);
        pendingDigits.set(channel, outcome.pending);
        safeSend([['Response', 'Success'], ...actionId, ['Message', queued]]);
        return;
      }
      case 'feature':
        // Asterisk answers Success at once and tells the feature's outcome later; here the answer carries it (one reply per action).
        runAll(actionId, featureRequests(outcome.feature, outcome.consultation, next), queued);
        return;
      case 'heard':
        runAll(actionId, [{ type: 'GenerateDigits', invokeId: next(), callId: key.callId, deviceId: key.device, digits: outcome.digits }], queued);
        return;
    }
  }

  function login(actionId: Header[], username: string, secret: string, events: string | undefined): void {
    if (agentUser !== null) {
      safeSend([['Response', 'Success'], ...actionId, ['Message', 'Already authenticated']]);
      return;
    }
    const agent = rules.sessionId === null ? agentUserOf(ctx.model(), ctx.credentials, username) : undefined;
    if (agent !== undefined) {
      // An agent's manager user has no read permission: no FullyBooted, no events (manager.c sends FullyBooted to `system` readers only).
      const accepted = secret === agent.password;
      if (accepted) agentUser = agent.id;
      else ctx.limited('warn', logger, 'authentication failed', { user: username }, 'authentication failed');
      safeSend([
        ['Response', accepted ? 'Success' : 'Error'],
        ...actionId,
        ['Message', accepted ? 'Authentication accepted' : AMI_ERROR_PHRASES.authenticationFailed],
      ]);
      return;
    }
    const invokeId = ++invokeCounter;
    serveRequest(
      rules,
      { type: 'StartApplicationSession', invokeId, applicationId: 'ami', user: username, password: secret, protocolVersion: AMI_PROTOCOL_VERSION },
      (reply) => {
        if (reply.type === 'Error') {
          // Asterisk says no more than this, whatever was wrong.
          safeSend([['Response', 'Error'], ...actionId, ['Message', AMI_ERROR_PHRASES[reply.error.code]]]);
          return;
        }
        wants = eventMask(events);
        safeSend([['Response', 'Success'], ...actionId, ['Message', 'Authentication accepted']]);
        raise([
          ['Event', 'FullyBooted'],
          ['Status', 'Fully Booted'],
          ['Uptime', '0'],
          ['LastReload', '0'],
        ]);
      },
      logger,
    );
  }

  function action(text: string): void {
    const parsed = parsePacket(text);
    if (!parsed.ok) {
      refuse([], `${AMI_ERROR_PHRASES.malformedFrame}: ${parsed.message}`);
      return;
    }
    const { packet } = parsed;
    const id = header(packet, 'ActionID');
    const actionId: Header[] = id === undefined ? [] : [['ActionID', id]];
    const name = header(packet, 'Action')?.toLowerCase();
    if (name === undefined || name === '') {
      refuse(actionId, 'Missing action in request');
      return;
    }
    logger.debug({ action: name }, 'action');
    if (name === 'login') {
      login(actionId, header(packet, 'Username') ?? '', header(packet, 'Secret') ?? '', header(packet, 'Events'));
      return;
    }
    if (name === 'ping') {
      safeSend([['Response', 'Success'], ...actionId, ['Ping', 'Pong'], ['Timestamp', (ctx.clock.now() / 1000).toFixed(6)]]);
      return;
    }
    if (name === 'logoff') {
      rules.end();
      safeSend([['Response', 'Goodbye'], ...actionId, ['Message', 'Thanks for all the fish.']]);
      hangUp();
      return;
    }
    // An agent's manager user has no write permission either: Asterisk refuses it every other action alike.
    if (rules.sessionId === null) {
      safeSend([['Response', 'Error'], ...actionId, ['Message', AMI_ERROR_PHRASES.sessionNotStarted]]);
      return;
    }
    const model = ctx.model();
    switch (name) {
      case 'filter': {
        const operation = (header(packet, 'Operation') ?? '').toLowerCase();
        const filter = header(packet, 'Filter') ?? '';
        if (operation !== 'add') {
          refuse(actionId, 'Filter: Operation must be Add');
          return;
        }
        if (!FILTER.test(filter)) {
          refuse(actionId, 'Filter: expected literal text of 1-128 letters, digits, spaces and : / _ . , + = - (this simulator takes no regular expressions)');
          return;
        }
        if (filters.length >= MAX_FILTERS) {
          refuse(actionId, `Filter: at most ${MAX_FILTERS} filters per session`);
          return;
        }
        if (!filters.includes(filter)) filters.push(filter);
        safeSend([['Response', 'Success'], ...actionId, ['Message', 'Filter Added Successfully']]);
        return;
      }
      case 'events':
        wants = eventMask(header(packet, 'EventMask'));
        {
          safeSend([['Response', 'Success'], ...actionId, ['Events', wants('call') ? 'On' : 'Off']]);
          return;
        }
      case 'status':
        for (const p of statusList(model, actionId, header(packet, 'Channel'))) safeSend(p);
        return;
      case 'coreshowchannels':
        for (const p of coreShowChannels(model, actionId)) safeSend(p);
        return;
      case 'queuestatus':
        for (const p of queueStatus(model, actionId, header(packet, 'Member'))) safeSend(p);
        return;
      case 'extensionstate':
        for (const p of extensionState(model, actionId, header(packet, 'Exten') ?? '')) safeSend(p);
        return;
      case 'playdtmf':
        keyed(actionId, packet);
        return;
      case 'cancelatxfer': {
        const consultation = cancelledConsultation(packet, model);
        if (isFailure(consultation)) refusal(actionId, consultation);
        else
          runAll(
            actionId,
            featureRequests('abort', consultation, () => ++invokeCounter),
            'CancelAtxfer successfully queued',
          );
        return;
      }
    }
    const translated = requestOf(name, packet, ++invokeCounter, model);
    if (translated === null) {
      refuse(actionId, AMI_ERROR_PHRASES.unknownRequest);
      return;
    }
    run(actionId, translated, (reply) => {
      switch (reply.request) {
        case 'MakeCall': {
          const exten = header(packet, 'Exten') ?? '';
          const callId = reply.result.callId;
          const from = translated.ok && translated.request.type === 'MakeCall' ? translated.request.callingDevice : '';
          return [
            [['Response', 'Success'], ...actionId, ['Message', 'Originate successfully queued']],
            [
              ['Event', 'OriginateResponse'],
              ...actionId,
              ['Response', 'Success'],
              ['Channel', `PJSIP/${from}-${callId}`],
              ['Context', 'from-internal'],
              ['Exten', exten],
              ['Reason', '4'],
              ['Uniqueid', `${callId}.${from}`],
              ['CallerIDNum', from],
              ['CallerIDName', '<unknown>'],
            ],
          ];
        }
        case 'AgentLogin':
          return [[['Response', 'Success'], ...actionId, ['Message', 'Added interface to queue']]];
        case 'AgentLogout':
          return [[['Response', 'Success'], ...actionId, ['Message', 'Removed interface from queue']]];
        case 'SetAgentState':
          return [[['Response', 'Success'], ...actionId, ['Message', 'Interface paused successfully']]];
        case 'ClearConnection':
          return [[['Response', 'Success'], ...actionId, ['Message', 'Channel Hungup']]];
        case 'SingleStepTransfer':
          return [[['Response', 'Success'], ...actionId, ['Message', 'Transfer succeeded']]];
        case 'ConsultationCall':
          return [[['Response', 'Success'], ...actionId, ['Message', 'Atxfer successfully queued']]];
        case 'AnswerCall':
        case 'HoldCall':
        case 'RetrieveCall':
          return [[['Response', 'Success'], ...actionId, ['Message', 'NOTIFY sent']]];
        default:
          return [[['Response', 'Success'], ...actionId]];
      }
    });
  }

  return {
    receive(text) {
      try {
        action(text);
      } catch (error) {
        logger.error({ err: error }, 'action handling failed');
        safeSend([
          ['Response', 'Error'],
          ['Message', `${AMI_ERROR_PHRASES.serviceUnavailable}: the action could not be served; the session goes on`],
        ]);
      }
    },
    refuseFrame(message) {
      refuse([], message);
    },
    close: () => rules.end(),
    get started() {
      return rules.sessionId !== null;
    },
    watches: (deviceId) => filters.includes(channelPrefixOf(deviceId)),
  };
}
