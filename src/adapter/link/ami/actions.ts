/**
 * The AMI link's actions (ami-link.ts): each is sent with an ActionID of its own, and the packets
 * that carry that ActionID back answer it: a Response, and for a list action the events up to the
 * list's Complete event. An action not answered within the request deadline fails alone; the link
 * goes on. Manager events (they carry a SequenceNumber) are never an action's, even when they
 * echo its ActionID: those are the event router's (router.ts).
 */
import { encodePacket, header, type Header, type Packet } from '../../../contract/ami/packet.ts';
import { amiErrorCodeOf } from '../../../contract/ami/vocabulary.ts';
import type { RequestType } from '../../../contract/cti-wire/frames.ts';
import { LinkFailure, type LinkFacts } from '../../errors.ts';
import type { TimerHandle } from '../../timers.ts';
import type { CtiLinkOptions } from '../link.ts';

export interface Answer {
  readonly response: Packet;
  readonly items: readonly Packet[];
}

/** The contract's request an action serves, or the session's own. */
export type ActionRequest = RequestType | 'Login' | 'Logoff' | 'Ping';

interface Pending {
  readonly request: ActionRequest;
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

/** Pairs each action the link sends with the packets that answer it. */
export class AmiActions {
  private lastActionId = 0;
  private readonly pending = new Map<string, Pending>();

  constructor(
    /** Writes one encoded packet to the manager session. */
    private readonly write: (packet: string) => void,
    private readonly options: Pick<CtiLinkOptions, 'logger' | 'timers' | 'requestMs'>,
  ) {}

  /** Sends the action; the caller has checked the link is live. `listEnd` names the event that ends its list, if it answers with one. */
  send(request: ActionRequest, headers: readonly Header[], facts: LinkFacts, listEnd: string | null, onAnswer?: (answer: Answer) => void): Promise<Answer> {
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
      this.write(encodePacket(packet));
    });
  }

  /**
   * True when the packet was an action's: any Response (one no action waits for is skipped here),
   * or an item or the end of a pending action's list. False for what the router should see.
   */
  claim(packet: Packet): boolean {
    const actionId = header(packet, 'ActionID');
    const entry = actionId === undefined ? undefined : this.pending.get(actionId);
    const response = header(packet, 'Response');
    if (response !== undefined) {
      if (actionId === undefined || entry === undefined) {
        this.options.logger.warn({ actionId }, 'AMI response skipped: no action waits for it');
        return true;
      }
      if (response === 'Error') {
        this.pending.delete(actionId);
        this.options.timers.clearTimeout(entry.timer);
        const message = header(packet, 'Message') ?? '';
        entry.reject(new LinkFailure(amiErrorCodeOf(message) ?? 'serviceUnavailable', { ...entry.facts, reason: message }));
        return true;
      }
      entry.response = packet;
      if (entry.listEnd === null) this.settle(actionId, entry);
      return true;
    }
    const event = header(packet, 'Event');
    if (event === undefined || entry === undefined || actionId === undefined || entry.listEnd === null || header(packet, 'SequenceNumber') !== undefined) {
      return false;
    }
    if (event === entry.listEnd) this.settle(actionId, entry);
    else entry.items.push(packet);
    return true;
  }

  /** The link is gone: every action still waiting fails with `reason`. */
  failAll(reason: string): void {
    for (const [actionId, entry] of [...this.pending]) {
      this.pending.delete(actionId);
      this.options.timers.clearTimeout(entry.timer);
      entry.reject(new LinkFailure('linkLost', { ...entry.facts, reason }));
    }
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
}
