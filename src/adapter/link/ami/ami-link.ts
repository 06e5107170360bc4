/**
 * The Asterisk AMI dialect's CTI link (link.ts): one manager session over TCP, its lifecycle and
 * the CtiLink requests. Login with the link's user and secret and every event class; a Ping each
 * interval (AMI has no server heartbeat). Each request is one or more AMI actions (requests.ts
 * spells them), answered by ActionID (actions.ts); every other packet is a manager event, which
 * the router (router.ts) numbers per device monitor and hands to the monitored parties of its call.
 */
import type { Socket } from 'node:net';
import { createAmiDeframer } from '../../../contract/ami/deframer.ts';
import { header, parsePacket, type Header, type Packet } from '../../../contract/ami/packet.ts';
import { interfaceOf, parseInterface, PHONE_EVENT } from '../../../contract/ami/vocabulary.ts';
import type { ResultOf } from '../../../contract/cti-wire/frames.ts';
import { LinkFailure, type LinkFacts, type RequestedState } from '../../errors.ts';
import type { TimerHandle } from '../../timers.ts';
import type { CallControlBody, CtiLink, CtiLinkOptions } from '../link.ts';
import { AmiActions, type ActionRequest, type Answer } from './actions.ts';
import { checkAgentPassword } from './agent-password.ts';
import { AMI_STREAM_LIMITS, amiAddress, connectAmi } from './connect.ts';
import {
  atxferAction,
  blindTransferAction,
  newFilterActions,
  extensionStateAction,
  hangupAction,
  loginAction,
  originateAction,
  keyActions,
  pjsipNotifyAction,
  queueAddAction,
  queuePauseAction,
  queueRemoveAction,
  queueStatusAction,
  statusAction,
  transferFeatureActions,
} from './requests.ts';
import { AmiEventRouter } from './router.ts';
import { snapshotOf } from './snapshot.ts';

/** A Ping this often; its answer is due within the request deadline. */
const PING_INTERVAL_MS = 5000;

type State = 'starting' | 'open' | 'closing' | 'closed' | 'lost';

export class AmiCtiLink implements CtiLink {
  private state: State = 'starting';
  private pingTimer: TimerHandle | null = null;
  private readonly deframer = createAmiDeframer(AMI_STREAM_LIMITS);
  private readonly actions: AmiActions;
  private readonly router: AmiEventRouter;
  /** The event filters this session has (newFilterActions). */
  private readonly filters = new Set<string>();

  static async open(options: CtiLinkOptions): Promise<AmiCtiLink> {
    const address = amiAddress(options.url);
    if (address === null) throw new LinkFailure('unreachable', { reason: 'expected an ami://host:port URL' });
    const { signal } = options;
    const { socket, rest } = await connectAmi(address, options.connectMs, options.timers, signal);
    const link = new AmiCtiLink(socket, options);
    const onAbort = (): void => link.lose('closed by the adapter', false);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (rest.length > 0) link.receive(rest);
      socket.resume();
      await link.login();
    } catch (error) {
      link.lose('the manager session did not start', false);
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return link;
  }

  private constructor(
    private readonly socket: Socket,
    private readonly options: CtiLinkOptions,
  ) {
    this.actions = new AmiActions((packet) => socket.write(packet), options);
    this.router = new AmiEventRouter(options);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => options.logger.warn({ reason: error.message }, 'AMI link socket error'));
    socket.on('close', () => this.lose('the AMI server closed the connection', true));
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  async monitorStart(deviceId: string, bind: (monitorId: string) => void): Promise<string> {
    const facts: LinkFacts = { dn: deviceId, request: 'MonitorStart' };
    if (this.router.isMonitored(deviceId)) throw new LinkFailure('monitorAlreadyActive', { ...facts, reason: `this link already monitors ${deviceId}` });
    let monitorId = '';
    await this.action('MonitorStart', extensionStateAction(deviceId), facts, null, ({ response }) => {
      if (header(response, 'Status') === '-1') return;
      monitorId = this.router.startMonitor(deviceId);
      bind(monitorId);
    });
    if (monitorId === '') throw new LinkFailure('invalidDeviceId', { ...facts, reason: `the AMI server has no extension ${deviceId}` });
    await Promise.all(newFilterActions(deviceId, this.filters).map((filter) => this.action('MonitorStart', filter, facts)));
    return monitorId;
  }

  async monitorStop(monitorId: string, deviceId: string): Promise<void> {
    if (!this.isOpen) throw new LinkFailure('notOpen', { dn: deviceId, request: 'MonitorStop' });
    this.router.stopMonitor(monitorId, deviceId);
  }

  /** Status (every channel, all variables) and QueueStatus (the member on the device), sent together so that no event falls between them. */
  async snapshotDevice(deviceId: string, onResult?: (result: ResultOf<'SnapshotDevice'>) => void): Promise<ResultOf<'SnapshotDevice'>> {
    const facts: LinkFacts = { dn: deviceId, request: 'SnapshotDevice' };
    let channels: readonly Packet[] = [];
    let result: ResultOf<'SnapshotDevice'> | null = null;
    const status = this.action('SnapshotDevice', statusAction(), facts, 'StatusComplete', ({ items }) => {
      channels = items;
    });
    const members = this.action('SnapshotDevice', queueStatusAction(interfaceOf(deviceId)), facts, 'QueueStatusComplete', ({ items }) => {
      const snapshot = snapshotOf(deviceId, channels, items);
      result = snapshot;
      // The calls a resync finds are routed to the device from now on, though their first events went to another link.
      for (const call of snapshot.calls) for (const party of [deviceId, call.callingDevice, call.calledDevice]) this.router.partiesOf(call.callId).add(party);
      onResult?.(snapshot);
    });
    await Promise.all([status, members]);
    if (result === null) throw new LinkFailure('malformedFrame', { ...facts, reason: 'the AMI server ended QueueStatus without its list' });
    return result;
  }

  async agentLogin(login: {
    readonly agentId: string;
    readonly password: string;
    readonly deviceId: string;
    readonly queue: string | undefined;
  }): Promise<void> {
    const { agentId, deviceId, queue } = login;
    const facts: LinkFacts = { dn: deviceId, agentId, request: 'AgentLogin' };
    if (!this.isOpen) throw new LinkFailure('notOpen', facts);
    // QueueAdd takes no password: Asterisk checks it at the agent's own manager login (decision 0130).
    await checkAgentPassword(this.options, agentId, login.password, facts);
    await this.action('AgentLogin', queueAddAction(agentId, deviceId, queue), facts);
  }

  async agentLogout(agentId: string, reasonCode: string | undefined, facts: Pick<LinkFacts, 'dn'>): Promise<void> {
    const all: LinkFacts = { ...facts, agentId, request: 'AgentLogout', ...(reasonCode === undefined ? {} : { reasonCode }) };
    const device = facts.dn ?? (await this.deviceOfAgent(agentId, all));
    // QueueRemove takes no reason: the member is paused with it first, and leaves with it (decision 0130). Already paused with it is as good.
    if (reasonCode !== undefined)
      await this.action('AgentLogout', queuePauseAction(device, 'notReady', reasonCode), all).catch((error: unknown) => {
        if (!(error instanceof LinkFailure && error.kind === 'agentInSameState')) throw error;
      });
    await this.action('AgentLogout', queueRemoveAction(device), all);
  }

  async setAgentState(agentId: string, state: RequestedState, reasonCode: string | undefined, facts: Pick<LinkFacts, 'dn'>): Promise<void> {
    const all: LinkFacts = {
      ...facts,
      agentId,
      request: 'SetAgentState',
      agentState: state,
      ...(state === 'notReady' && reasonCode !== undefined ? { reasonCode } : {}),
    };
    const device = facts.dn ?? (await this.deviceOfAgent(agentId, all));
    await this.action('SetAgentState', queuePauseAction(device, state, reasonCode), all);
  }

  async callControl(body: CallControlBody, facts: LinkFacts): Promise<{ readonly result: object }> {
    const all: LinkFacts = { ...facts, request: body.type };
    switch (body.type) {
      case 'MakeCall': {
        const answer = await this.action('MakeCall', originateAction(body), all);
        return { result: { message: header(answer.response, 'Message') ?? '' } };
      }
      case 'ClearConnection':
        await this.action('ClearConnection', hangupAction(body), all);
        return { result: {} };
      case 'SingleStepTransfer':
        await this.action('SingleStepTransfer', blindTransferAction(body), all);
        return { result: {} };
      case 'ConsultationCall':
        await this.action('ConsultationCall', atxferAction(body), all);
        return { result: {} };
      case 'GenerateDigits':
        await this.keyed('GenerateDigits', keyActions(body.deviceId, body.callId, body.digits), all);
        return { result: {} };
      case 'AnswerCall':
      case 'RetrieveCall':
        await this.action(body.type, pjsipNotifyAction(body.deviceId, body.callId, PHONE_EVENT.talk), all);
        return { result: {} };
      case 'HoldCall':
        await this.action('HoldCall', pjsipNotifyAction(body.deviceId, body.callId, PHONE_EVENT.hold), all);
        return { result: {} };
      case 'TransferCall':
      case 'ConferenceCall':
        await this.keyed(body.type, transferFeatureActions(body), all);
        return { result: {} };
    }
  }

  /** One PlayDTMF per digit, each sent once the one before is answered, so the switch hears them in order. */
  private async keyed(request: ActionRequest, digits: readonly (readonly Header[])[], facts: LinkFacts): Promise<void> {
    for (const digit of digits) await this.action(request, digit, facts);
  }

  drop(reason: string): void {
    this.lose(reason, true);
  }

  abandon(reason: string): void {
    this.lose(reason, false);
  }

  async close(): Promise<void> {
    if (this.state !== 'open') {
      this.lose('closed by the adapter', false);
      return;
    }
    this.state = 'closing';
    this.stopPing();
    try {
      await this.action('Logoff', [['Action', 'Logoff']], {});
    } catch (error) {
      this.options.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'Logoff failed; closing the link anyway');
    }
    this.socket.end();
    this.socket.destroySoon();
    this.state = 'closed';
  }

  // ------------------------------------------------------------------ the session

  private async login(): Promise<void> {
    const { user, password } = this.options;
    await this.action('Login', loginAction(user, password), {});
    this.state = 'open';
    this.schedulePing();
    this.options.logger.info({ user }, 'AMI manager session started');
  }

  private schedulePing(): void {
    this.pingTimer = this.options.timers.setTimeout(() => {
      this.pingTimer = null;
      if (this.state !== 'open') return;
      this.action('Ping', [['Action', 'Ping']], {}).then(
        () => this.schedulePing(),
        (error: unknown) => {
          if (error instanceof LinkFailure && error.kind === 'requestTimeout') this.lose(`no answer to Ping within ${this.options.requestMs} ms`, true);
        },
      );
    }, PING_INTERVAL_MS);
  }

  private stopPing(): void {
    if (this.pingTimer !== null) this.options.timers.clearTimeout(this.pingTimer);
    this.pingTimer = null;
  }

  private async deviceOfAgent(agentId: string, facts: LinkFacts): Promise<string> {
    const { items } = await this.action(facts.request ?? 'SetAgentState', queueStatusAction(agentId), facts, 'QueueStatusComplete');
    const member = items.find((p) => header(p, 'Event') === 'QueueMember');
    const device = member === undefined ? null : parseInterface(header(member, 'Location') ?? header(member, 'StateInterface') ?? '');
    if (device === null) throw new LinkFailure('agentNotLoggedIn', { ...facts, reason: `the AMI server has no queue member ${agentId}` });
    return device;
  }

  /** An action, if the session is live enough to send one (actions.ts pairs it with its answer). */
  private action(
    request: ActionRequest,
    headers: readonly Header[],
    facts: LinkFacts,
    listEnd: string | null = null,
    onAnswer?: (answer: Answer) => void,
  ): Promise<Answer> {
    const live = this.state === 'starting' || this.state === 'open' || this.state === 'closing';
    if (!live || this.socket.destroyed) return Promise.reject(new LinkFailure('notOpen', facts));
    return this.actions.send(request, headers, facts, listEnd, onAnswer);
  }

  private receive(chunk: Buffer): void {
    for (const item of this.deframer.push(chunk)) {
      if (item.kind === 'refused') {
        this.lose(`the AMI server broke its framing: ${item.message}`, true);
        return;
      }
      try {
        this.packet(item.text);
      } catch (error) {
        this.options.logger.error({ err: error }, 'handling an AMI packet failed; packet skipped');
      }
    }
  }

  private packet(text: string): void {
    const parsed = parsePacket(text);
    if (!parsed.ok) {
      this.options.logger.warn({ reason: parsed.message }, 'unreadable AMI packet skipped: every monitor resynchronises');
      this.router.gap();
      return;
    }
    const { packet } = parsed;
    if (this.actions.claim(packet)) return;
    if (header(packet, 'Event') === undefined) {
      this.options.logger.warn({}, 'AMI packet with neither Response nor Event skipped');
      return;
    }
    this.router.accept(packet);
  }

  private lose(reason: string, notify: boolean): void {
    if (this.state === 'closed' || this.state === 'lost') return;
    const wasOpen = this.state === 'open';
    const closing = this.state === 'closing';
    if (!closing) this.state = 'lost';
    this.stopPing();
    this.actions.failAll(reason);
    if (closing) return;
    this.socket.destroy();
    if (wasOpen) this.options.logger.warn({ reason }, 'CTI link lost');
    if (wasOpen && notify) this.options.onLost(new LinkFailure('linkLost', { reason }));
  }
}
