/**
 * The Asterisk AMI dialect's CTI link (link.ts): one manager session over TCP. Login with the
 * link's user and secret and every event class; actions correlated by ActionID; list actions
 * collected up to their Complete event; a Ping each interval (AMI has no server heartbeat). AMI
 * has no monitors: the link keeps its own per device, numbers their events itself, and routes each
 * event to the monitored parties of its call. A lost, unreadable or out-of-order manager event (a
 * SequenceNumber that skips, decision 0052) moves every monitor's numbering on by one, so the
 * session sees a gap and resynchronises, as it does on the JSON wire.
 */
import type { Socket } from 'node:net';
import { createAmiDeframer } from '../../../contract/ami/deframer.ts';
import { encodePacket, escapeValue, header, parsePacket, type Header, type Packet } from '../../../contract/ami/packet.ts';
import { ACW_REASON, amiErrorCodeOf, channelOf, interfaceOf, parseInterface, VAR } from '../../../contract/ami/vocabulary.ts';
import { decodeServerFrame, encodeFrame } from '../../../contract/cti-wire/codec.ts';
import type { EventFrame, RequestType, ResultOf } from '../../../contract/cti-wire/frames.ts';
import { LinkFailure, type LinkFacts, type RequestedState } from '../../errors.ts';
import type { TimerHandle } from '../../timers.ts';
import type { CallControlBody, CtiLink, CtiLinkOptions } from '../link.ts';
import { amiAddress, connectAmi } from './connect.ts';
import { readEvent } from './events.ts';
import { snapshotOf } from './snapshot.ts';

/** A Ping this often; its answer is due within the request deadline. */
const PING_INTERVAL_MS = 5000;
/** What one packet or line may be, as the simulator's AMI limits it. */
const STREAM_LIMITS = { maxFrameBytes: 4 * 1024 * 1024, maxLineBytes: 64 * 1024 } as const;
/** Calls whose parties the link remembers; the oldest is forgotten past this (a lost call end). */
const MAX_CALLS = 4096;

interface Answer {
  readonly response: Packet;
  readonly items: readonly Packet[];
}

interface Pending {
  readonly request: RequestType | 'Login' | 'Logoff' | 'Ping';
  readonly facts: LinkFacts;
  readonly timer: TimerHandle;
  /** The event that ends the list the action answers with, or null for a plain response. */
  readonly listEnd: string | null;
  readonly items: Packet[];
  response: Packet | null;
  /** Runs synchronously with the answer, before any packet that follows it. */
  readonly onAnswer: ((answer: Answer) => void) | undefined;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (failure: LinkFailure) => void;
}

interface DeviceMonitor {
  readonly monitorId: string;
  seq: number;
}

type State = 'starting' | 'open' | 'closing' | 'closed' | 'lost';

export class AmiCtiLink implements CtiLink {
  private state: State = 'starting';
  private lastActionId = 0;
  private monitorCounter = 0;
  private readonly pending = new Map<string, Pending>();
  private readonly monitors = new Map<string, DeviceMonitor>();
  private readonly byMonitorId = new Map<string, string>();
  /** Each call's parties as the events named them (every device, monitored or not). */
  private readonly calls = new Map<string, Set<string>>();
  private lastSequence: number | null = null;
  private pingTimer: TimerHandle | null = null;
  private readonly deframer = createAmiDeframer(STREAM_LIMITS);

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
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => options.logger.warn({ reason: error.message }, 'AMI link socket error'));
    socket.on('close', () => this.lose('the AMI server closed the connection', true));
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  async monitorStart(deviceId: string, bind: (monitorId: string) => void): Promise<string> {
    const facts: LinkFacts = { dn: deviceId, request: 'MonitorStart' };
    if (this.monitors.has(deviceId)) throw new LinkFailure('monitorAlreadyActive', { ...facts, reason: `this link already monitors ${deviceId}` });
    let monitorId = '';
    await this.action(
      'MonitorStart',
      [
        ['Action', 'ExtensionState'],
        ['Exten', deviceId],
        ['Context', 'from-internal'],
      ],
      facts,
      null,
      ({ response }) => {
        if (header(response, 'Status') === '-1') return;
        monitorId = `M${++this.monitorCounter}`;
        this.monitors.set(deviceId, { monitorId, seq: 0 });
        this.byMonitorId.set(monitorId, deviceId);
        bind(monitorId);
      },
    );
    if (monitorId === '') throw new LinkFailure('invalidDeviceId', { ...facts, reason: `the AMI server has no extension ${deviceId}` });
    // Only events about the device from now on (Asterisk's event filters; the link still routes by call).
    const filters = [
      `${interfaceOf(deviceId)}-`,
      `Interface: ${interfaceOf(deviceId)}`,
      `${VAR.calling}=${deviceId}`,
      `${VAR.called}=${deviceId}`,
      `${VAR.transferredTo}=${deviceId}`,
      'EventName: LINKEDID_END',
    ];
    await Promise.all(
      filters.map((filter) =>
        this.action(
          'MonitorStart',
          [
            ['Action', 'Filter'],
            ['Operation', 'Add'],
            ['Filter', filter],
          ],
          facts,
        ),
      ),
    );
    return monitorId;
  }

  async monitorStop(monitorId: string, deviceId: string): Promise<void> {
    if (!this.isOpen) throw new LinkFailure('notOpen', { dn: deviceId, request: 'MonitorStop' });
    this.byMonitorId.delete(monitorId);
    if (this.monitors.get(deviceId)?.monitorId === monitorId) this.monitors.delete(deviceId);
  }

  /** Status (every channel, all variables) and QueueStatus (the member on the device), sent together so that no event falls between them. */
  async snapshotDevice(deviceId: string, onResult?: (result: ResultOf<'SnapshotDevice'>) => void): Promise<ResultOf<'SnapshotDevice'>> {
    const facts: LinkFacts = { dn: deviceId, request: 'SnapshotDevice' };
    let channels: readonly Packet[] = [];
    let result: ResultOf<'SnapshotDevice'> | null = null;
    const status = this.action(
      'SnapshotDevice',
      [
        ['Action', 'Status'],
        ['AllVariables', 'true'],
      ],
      facts,
      'StatusComplete',
      ({ items }) => {
        channels = items;
      },
    );
    const members = this.action(
      'SnapshotDevice',
      [
        ['Action', 'QueueStatus'],
        ['Member', interfaceOf(deviceId)],
      ],
      facts,
      'QueueStatusComplete',
      ({ items }) => {
        const snapshot = snapshotOf(deviceId, channels, items);
        result = snapshot;
        // The calls a resync finds are routed to the device from now on, though their first events went to another link.
        for (const call of snapshot.calls) for (const party of [deviceId, call.callingDevice, call.calledDevice]) this.partiesOf(call.callId).add(party);
        onResult?.(snapshot);
      },
    );
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
    // AMI's queues know no agent password (decision 0052): it is not sent.
    const { agentId, deviceId, queue } = login;
    await this.action(
      'AgentLogin',
      [
        ['Action', 'QueueAdd'],
        ['Queue', queue ?? ''],
        ['Interface', interfaceOf(deviceId)],
        ['MemberName', agentId],
        ['StateInterface', interfaceOf(deviceId)],
        ['Paused', 'true'],
      ],
      { dn: deviceId, agentId, request: 'AgentLogin' },
    );
  }

  async agentLogout(agentId: string, reasonCode: string | undefined, facts: Pick<LinkFacts, 'dn'>): Promise<void> {
    const all: LinkFacts = { ...facts, agentId, request: 'AgentLogout', ...(reasonCode === undefined ? {} : { reasonCode }) };
    const device = facts.dn ?? (await this.deviceOfAgent(agentId, all));
    await this.action(
      'AgentLogout',
      [
        ['Action', 'QueueRemove'],
        ['Queue', ''],
        ['Interface', interfaceOf(device)],
      ],
      all,
    );
  }

  async setAgentState(agentId: string, state: RequestedState, reasonCode: string | undefined, facts: Pick<LinkFacts, 'dn'>): Promise<void> {
    const reason = state === 'workingAfterCall' ? ACW_REASON : state === 'notReady' ? (reasonCode ?? '') : '';
    const all: LinkFacts = {
      ...facts,
      agentId,
      request: 'SetAgentState',
      agentState: state,
      ...(state === 'notReady' && reasonCode !== undefined ? { reasonCode } : {}),
    };
    const device = facts.dn ?? (await this.deviceOfAgent(agentId, all));
    await this.action(
      'SetAgentState',
      [
        ['Action', 'QueuePause'],
        ['Interface', interfaceOf(device)],
        ['Paused', state === 'ready' ? 'false' : 'true'],
        ['Reason', reason],
      ],
      all,
    );
  }

  async callControl(body: CallControlBody, facts: LinkFacts): Promise<{ readonly result: object }> {
    const all: LinkFacts = { ...facts, request: body.type };
    switch (body.type) {
      case 'MakeCall': {
        const variables = Object.entries(body.callData ?? {}).map(([k, v]): Header => ['Variable', `${k}=${escapeValue(v)}`]);
        const answer = await this.action(
          'MakeCall',
          [
            ['Action', 'Originate'],
            ['Channel', interfaceOf(body.callingDevice)],
            ['Exten', body.calledDirectoryNumber],
            ['Context', 'from-internal'],
            ['Priority', '1'],
            ['Async', 'true'],
            ...variables,
          ],
          all,
        );
        return { result: { message: header(answer.response, 'Message') ?? '' } };
      }
      case 'ClearConnection':
        await this.action(
          'ClearConnection',
          [
            ['Action', 'Hangup'],
            ['Channel', channelOf(body.deviceId, body.callId)],
          ],
          all,
        );
        return { result: {} };
      case 'SingleStepTransfer':
        await this.action(
          'SingleStepTransfer',
          [
            ['Action', 'BlindTransfer'],
            ['Channel', channelOf(body.deviceId, body.callId)],
            ['Exten', body.transferredTo],
            ['Context', 'from-internal'],
          ],
          all,
        );
        return { result: {} };
      case 'ConsultationCall':
        await this.action(
          'ConsultationCall',
          [
            ['Action', 'Atxfer'],
            ['Channel', channelOf(body.deviceId, body.existingCallId)],
            ['Exten', body.consultedDevice],
            ['Context', 'from-internal'],
          ],
          all,
        );
        return { result: {} };
      case 'GenerateDigits':
        // PlayDTMF plays one digit.
        for (const digit of body.digits)
          await this.action(
            'GenerateDigits',
            [
              ['Action', 'PlayDTMF'],
              ['Channel', channelOf(body.deviceId, body.callId)],
              ['Digit', digit],
            ],
            all,
          );
        return { result: {} };
      case 'AnswerCall':
      case 'HoldCall':
      case 'RetrieveCall':
      case 'TransferCall':
      case 'ConferenceCall':
        throw new LinkFailure('serviceUnavailable', { ...all, reason: `Asterisk's manager interface has no action for ${body.type} (docs/dialects/ami.md)` });
    }
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
    await this.action(
      'Login',
      [
        ['Action', 'Login'],
        ['Username', user],
        ['Secret', password],
        ['Events', 'on'],
      ],
      {},
    );
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
    const { items } = await this.action(
      facts.request ?? 'SetAgentState',
      [
        ['Action', 'QueueStatus'],
        ['Member', agentId],
      ],
      facts,
      'QueueStatusComplete',
    );
    const member = items.find((p) => header(p, 'Event') === 'QueueMember');
    const device = member === undefined ? null : parseInterface(header(member, 'Location') ?? header(member, 'StateInterface') ?? '');
    if (device === null) throw new LinkFailure('agentNotLoggedIn', { ...facts, reason: `the AMI server has no queue member ${agentId}` });
    return device;
  }

  private action(
    request: Pending['request'],
    headers: readonly Header[],
    facts: LinkFacts,
    listEnd: string | null = null,
    onAnswer?: (answer: Answer) => void,
  ): Promise<Answer> {
    const live = this.state === 'starting' || this.state === 'open' || this.state === 'closing';
    if (!live || this.socket.destroyed) return Promise.reject(new LinkFailure('notOpen', facts));
    this.lastActionId = this.lastActionId >= 2 ** 31 - 1 ? 1 : this.lastActionId + 1;
    const actionId = String(this.lastActionId);
    return new Promise<Answer>((resolve, reject) => {
      const timer = this.options.timers.setTimeout(() => {
        this.pending.delete(actionId);
        reject(new LinkFailure('requestTimeout', { ...facts, timeoutMs: this.options.requestMs }));
      }, this.options.requestMs);
      this.pending.set(actionId, { request, facts, timer, listEnd, items: [], response: null, onAnswer, resolve, reject });
      const [first, ...rest] = headers;
      const packet: Header[] = first === undefined ? [['ActionID', actionId]] : [first, ['ActionID', actionId], ...rest];
      this.options.logger.debug({ action: first?.[1], actionId }, 'AMI action sent');
      this.socket.write(encodePacket(packet));
    });
  }

  private settle(actionId: string, entry: Pending): void {
    this.pending.delete(actionId);
    this.options.timers.clearTimeout(entry.timer);
    const answer: Answer = { response: entry.response ?? { headers: [] }, items: entry.items };
    try {
      entry.onAnswer?.(answer);
    } finally {
      entry.resolve(answer);
    }
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
      this.gap();
      return;
    }
    const { packet } = parsed;
    const actionId = header(packet, 'ActionID');
    const entry = actionId === undefined ? undefined : this.pending.get(actionId);
    const response = header(packet, 'Response');
    if (response !== undefined) {
      if (actionId === undefined || entry === undefined) {
        this.options.logger.warn({ actionId }, 'AMI response skipped: no action waits for it');
        return;
      }
      if (response === 'Error') {
        this.pending.delete(actionId);
        this.options.timers.clearTimeout(entry.timer);
        const message = header(packet, 'Message') ?? '';
        entry.reject(new LinkFailure(amiErrorCodeOf(message) ?? 'serviceUnavailable', { ...entry.facts, reason: message }));
        return;
      }
      entry.response = packet;
      if (entry.listEnd === null && actionId !== undefined) this.settle(actionId, entry);
      return;
    }
    const event = header(packet, 'Event');
    if (event === undefined) {
      this.options.logger.warn({}, 'AMI packet with neither Response nor Event skipped');
      return;
    }
    if (entry !== undefined && actionId !== undefined && entry.listEnd !== null && header(packet, 'SequenceNumber') === undefined) {
      if (event === entry.listEnd) this.settle(actionId, entry);
      else entry.items.push(packet);
      return;
    }
    if (!this.inSequence(packet)) return;
    this.route(packet);
  }

  /** False for a duplicate or replayed manager event; a skipped number means events were lost. */
  private inSequence(packet: Packet): boolean {
    const text = header(packet, 'SequenceNumber');
    if (text === undefined) return true;
    if (!/^[0-9]{1,15}$/.test(text)) {
      this.options.logger.warn({}, 'AMI event with an unreadable SequenceNumber skipped: every monitor resynchronises');
      this.gap();
      return false;
    }
    const n = Number(text);
    const last = this.lastSequence;
    if (last !== null && n <= last) {
      this.options.logger.warn({ sequence: n, last }, 'AMI event dropped: duplicate or replayed SequenceNumber');
      return false;
    }
    if (last !== null && n > last + 1) {
      this.options.logger.warn({ sequence: n, last }, 'AMI events lost: every monitor resynchronises');
      this.gap();
    }
    this.lastSequence = n;
    return true;
  }

  /** Every monitor's next event shows a gap: the session resynchronises each. */
  private gap(): void {
    for (const monitor of this.monitors.values()) monitor.seq += 1;
  }

  private partiesOf(callId: string): Set<string> {
    let parties = this.calls.get(callId);
    if (parties === undefined) {
      parties = new Set();
      this.calls.set(callId, parties);
      if (this.calls.size > MAX_CALLS) {
        const oldest = this.calls.keys().next();
        if (oldest.done !== true) this.calls.delete(oldest.value);
      }
    }
    return parties;
  }

  private route(packet: Packet): void {
    const read = readEvent(packet);
    if (read.kind === 'ignored') return;
    if (read.kind === 'unreadable') {
      this.options.logger.warn({ reason: read.reason }, 'unreadable AMI event skipped: every monitor resynchronises');
      this.gap();
      return;
    }
    const targets = new Set<string>(read.devices);
    if (read.callId !== null) {
      const parties = this.partiesOf(read.callId);
      for (const d of read.devices) parties.add(d);
      for (const d of parties) targets.add(d);
      if (read.also !== undefined) for (const d of this.calls.get(read.also) ?? []) targets.add(d);
    }
    for (const device of targets) {
      const monitor = this.monitors.get(device);
      if (monitor === undefined) continue;
      monitor.seq += 1;
      const frame: EventFrame = { type: 'Event', monitorId: monitor.monitorId, seq: monitor.seq, event: read.event };
      // The contract's own check, as the JSON link decodes its frames.
      const checked = decodeServerFrame(encodeFrame(frame));
      if (!checked.ok || checked.frame.type !== 'Event') {
        this.options.logger.warn(
          { event: read.event.name, reason: checked.ok ? 'not an event' : checked.error.message },
          'AMI event that maps to no valid CTI event skipped',
        );
        continue;
      }
      this.options.onEvent(checked.frame);
    }
    if (read.callId !== null) {
      if (read.ends === true) this.calls.delete(read.callId);
      else if (read.leaves !== undefined) this.calls.get(read.callId)?.delete(read.leaves);
      if (read.also !== undefined) this.calls.delete(read.also);
      if (read.event.name === 'Transferred' || read.event.name === 'Conferenced') this.calls.set(read.callId, new Set(read.event.parties));
    }
  }

  private lose(reason: string, notify: boolean): void {
    if (this.state === 'closed' || this.state === 'lost') return;
    const wasOpen = this.state === 'open';
    const closing = this.state === 'closing';
    if (!closing) this.state = 'lost';
    this.stopPing();
    for (const [actionId, entry] of [...this.pending]) {
      this.pending.delete(actionId);
      this.options.timers.clearTimeout(entry.timer);
      entry.reject(new LinkFailure('linkLost', { ...entry.facts, reason }));
    }
    if (closing) return;
    this.socket.destroy();
    if (wasOpen) this.options.logger.warn({ reason }, 'CTI link lost');
    if (wasOpen && notify) this.options.onLost(new LinkFailure('linkLost', { reason }));
  }
}
