/**
 * One sequence on the live system: the commands played on the simulator and the desktops, the
 * requests' outcomes and the trace, and the checks that end it once the desktops agree with the switch.
 */
import type { DialectName } from '../../simulator/index.ts';
import type { Logger } from 'pino';
import type { ModelEvent, Simulator } from '../../simulator/index.ts';
import type { FaultPlan, FaultRecord } from '../../simulator/faults/types.ts';
import type { ActivityName, AdapterFactory, AdapterPage, TelephonyMode } from '../contract/index.ts';
import { Desktop } from '../harness/desktop.ts';
import { LabClock } from '../harness/lab-clock.ts';
import { linkFaultRule } from '../harness/link-faults.ts';
import { Trace, type NewTraceEntry } from '../harness/trace.ts';
import { stimulusInput } from './commands.ts';
import { InvariantViolation, type Violation } from './invariants.ts';
import { disagreementsWithTruth, unanswered } from './quiet-checks.ts';
import { safetyViolations } from './safety.ts';
import type { Outcome, RequestRecord, SequenceRecord } from './record.ts';
import { describe, linkFaultOf, type FaultSpec, type RequestSpec, type StimulusSpec } from './specs.ts';
import { desktopName, EXTENSIONS, type Extension } from './world.ts';
import { outcomeWords, pageOf } from './pages.ts';
import { type Settle, settle, silence, until } from './quiet.ts';
export interface LiveOptions {
  readonly factory: AdapterFactory;
  readonly mode: TelephonyMode;
  readonly logger: Logger;
  /** How long a request may take to answer, and the desktops to agree with the switch. */
  readonly deadlineMs: number;
  /** Silence that ends the wait when the desktops never agree (then the disagreement is judged). */
  readonly quietMs: number;
  readonly settle: Settle;
  /** Ends every adapter session opened so far (HTTP: DELETE, and their events refused from then on); absent in process. */
  readonly releaseSessions?: () => Promise<void>;
  /** The CTI link's dialect; default json. */
  readonly dialect?: DialectName;
}

/** The lab could not set a sequence up (the adapter refused to open or subscribe): nothing was judged. */
export class SetupFailure extends Error {
  override readonly name = 'SetupFailure';
}

/** Forwards what a desktop records to the trace of the sequence in progress. */
export class ForwardingTrace extends Trace {
  target: Trace | undefined;
  override record(entry: NewTraceEntry): void {
    this.target?.record(entry);
  }
}

export interface Seat {
  readonly extension: Extension;
  readonly desktop: Desktop;
  /** Where this desktop records: the trace of the sequence it sits in, or nowhere once retired. */
  readonly forward: ForwardingTrace;
}
/** One sequence on the live system: what the commands do, and everything recorded for the invariants. */
export class LiveSequence {
  readonly trace: Trace;
  readonly requests: RequestRecord[] = [];
  /** What happened, in order, in words: the commands, the switch's refusals, faults, answers as the sequence saw them. */
  readonly log: string[] = [];
  readonly linkLost = new Map<string, number>();
  /** Requests the lab made to restore the baseline. */
  baselineRequests = 0;
  readonly #options: LiveOptions;
  readonly #simulator: Simulator;
  readonly #clock: LabClock;
  readonly #seat: (extension: Extension) => Seat;
  /** The switch's ids of the calls born in this sequence, in order of birth. */
  readonly #calls: string[] = [];
  readonly #claimed = new Set<number>();
  readonly #listeners = new Set<() => void>();
  #faultSeed = 0;
  /** The extension whose events the fault set last is about. */
  #faultFor: Extension | undefined;

  constructor(options: LiveOptions, trace: Trace, simulator: Simulator, clock: LabClock, seat: (extension: Extension) => Seat) {
    this.#clock = clock;
    this.#options = options;
    this.trace = trace;
    this.#simulator = simulator;
    this.#seat = seat;
  }

  get record(): SequenceRecord {
    return {
      mode: this.#options.mode,
      entries: this.trace.entries,
      desktops: EXTENSIONS.map((e) => ({ name: desktopName(e), extension: e })),
      // Every desktop subscribes in the sequence's own baseline requests.
      subscribedAtStart: new Set(),
      requests: this.requests,
      linkLost: this.linkLost,
      answersOrderedWithEvents: this.#options.settle.kind === 'turns',
    };
  }

  /** The ordinal in this sequence of each call the switch created (1 = first). */
  ordinals(): Record<string, number> {
    return Object.fromEntries(this.#calls.map((id, i) => [id, i + 1]));
  }

  /** The switch's id of the call with this ordinal in the sequence. */
  callId(ordinal: number): string | undefined {
    return this.#calls[ordinal - 1];
  }

  switchEvent(event: ModelEvent): void {
    if ('callId' in event) this.#born(event.callId);
    this.trace.record({ kind: 'switch', event: { ...event } });
  }

  faultApplied(record: FaultRecord): void {
    this.log.push(
      `  [the link ${faultWords[record.action] ?? record.action} ${record.name ?? record.frame}${record.detail === undefined || record.detail === null ? '' : ` (${record.detail})`}]`,
    );
    // The rule matched events for one extension's monitor. A dropped link may lose events while it is
    // down; two events swapped make the older one stale (decision 0003: dropped by sequence number).
    if ((record.action === 'closeLink' || record.action === 'reorder') && this.#faultFor !== undefined && !this.linkLost.has(desktopName(this.#faultFor))) {
      this.linkLost.set(desktopName(this.#faultFor), this.trace.entries.length);
    }
  }

  /** Calls `listener` on every new trace entry and every request answered; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    const stop = this.trace.onRecord(listener);
    this.#listeners.add(listener);
    return () => {
      stop();
      this.#listeners.delete(listener);
    };
  }

  #born(callId: string): void {
    if (!this.#calls.includes(callId)) this.#calls.push(callId);
  }

  stimulus(spec: StimulusSpec): void {
    const control = this.#simulator.control;
    const input = stimulusInput(spec, (n) => this.callId(n), control.truth());
    this.log.push(describe(spec));
    if (input === undefined) {
      this.log.push('  [the switch has no such call: nothing happens]');
      return;
    }
    const result = control.attempt(input);
    if (!result.ok) this.log.push(`  [the switch refuses: ${result.error.code}]`);
    else if (result.callId !== undefined) this.#born(result.callId);
  }

  fault(spec: FaultSpec): void {
    this.log.push(describe(spec));
    const rule = linkFaultRule(linkFaultOf(spec.fault), spec.extension);
    this.#faultFor = spec.extension;
    const plan: FaultPlan = { seed: ++this.#faultSeed, rules: [rule] };
    this.#simulator.control.setFaults(plan);
  }

  /** Starts the request; resolves with its outcome in words once it answered (or the deadline passed). */
  request(spec: RequestSpec): Promise<string> {
    this.log.push(describe(spec));
    const seat = this.#seat(spec.extension);
    return this.#invoke(
      seat,
      spec.activity,
      pageOf(spec, (n) => this.callId(n), this.#simulator.control.truth()),
      false,
    ).then((outcome) => {
      const words = outcomeWords(outcome);
      this.log.push(`  [the answer to ${spec.activity} on ${spec.extension} arrives: ${words}]`);
      return words;
    });
  }

  /** A request the lab makes to set up the baseline; it must succeed. */
  async baseline(seat: Seat, activity: ActivityName, page: AdapterPage): Promise<void> {
    this.baselineRequests++;
    this.log.push(`(baseline) the CSR on ${seat.extension} asks for ${activity}`);
    const outcome = await this.#invoke(seat, activity, page, true);
    if (outcome.kind !== 'result' || !outcome.result.ok) {
      throw new SetupFailure(
        `${activity} on the desktop of ${seat.extension} did not succeed (${outcomeWords(outcome)}), so no sequence could start from both desktops subscribed`,
      );
    }
  }

  #invoke(seat: Seat, activity: ActivityName, page: AdapterPage, baseline: boolean): Promise<Outcome> {
    const record: RequestRecord = { desktop: seat.desktop.name, extension: seat.extension, activity, page, entry: this.trace.entries.length, baseline };
    this.requests.push(record);
    const settled = seat.desktop.invoke(activity, page).then(
      (result): Outcome => ({ kind: 'result', result }),
      (error: unknown): Outcome => ({ kind: 'threw', message: error instanceof Error ? error.message : String(error) }),
    );
    const deadline = this.#options.deadlineMs;
    return this.#clock.deadline(settled, deadline, { kind: 'timeout', afterMs: deadline }).then((outcome) => {
      record.outcome = outcome;
      if (outcome.kind !== 'timeout') {
        const at = this.trace.entries.findIndex(
          (e, i) => i > record.entry && !this.#claimed.has(i) && e.kind === 'outcome' && e.desktop === record.desktop && e.activity === activity,
        );
        if (at >= 0) {
          this.#claimed.add(at);
          record.outcomeEntry = at;
        }
      }
      for (const listener of [...this.#listeners]) listener();
      return outcome;
    });
  }

  /**
   * Waits until the system is quiet — every request answered, every subscribed desktop agreeing
   * with the switch (ended calls ended, agent events all heard), and nothing more arriving while
   * the event loop settles — checking the safety invariants on every new trace entry. Throws
   * InvariantViolation on the first violation, or when the desktops never agree.
   */
  async quiet(when: string): Promise<void> {
    const truth = (): ReturnType<Simulator['control']['truth']> => this.#simulator.control.truth();
    const firstViolation = (): Violation | undefined => safetyViolations(this.record)[0];
    const fail = (violation: Violation): never => {
      throw new InvariantViolation({ ...violation, message: `${violation.message} (${when})` });
    };
    for (;;) {
      const waited = await until(
        this.#clock,
        (listener) => this.onChange(listener),
        () => {
          const violation = firstViolation();
          if (violation !== undefined) return { kind: 'violated' as const, violation };
          if (this.requests.some((r) => r.outcome === undefined)) return null;
          return disagreementsWithTruth(this.record, truth()).length === 0 ? { kind: 'agreed' as const } : null;
        },
        this.#options.deadlineMs + 50,
      );
      if (waited?.kind === 'violated') fail(waited.violation);
      if (waited === null) {
        // Never agreed: judge what the desktops show once nothing more arrives.
        await silence(this.#clock, this.trace, this.#options.quietMs);
        const violation = firstViolation();
        if (violation !== undefined) fail(violation);
        const hanging = unanswered(this.record);
        if (hanging.length > 0) fail(noAnswer(hanging, this.#options.deadlineMs));
        const found = disagreementsWithTruth(this.record, truth());
        if (found.length > 0)
          fail({
            id: 'OCTI-PROP-009',
            ...disagreeingExtension(found),
            message: `the desktops still disagree with the switch once quiet:\n${found.map((f) => `  - ${f}`).join('\n')}`,
          });
        return;
      }
      const hanging = unanswered(this.record);
      if (hanging.length > 0) fail(noAnswer(hanging, this.#options.deadlineMs));
      const before = this.trace.entries.length;
      await settle(this.#clock, this.trace, this.#options.settle);
      if (this.trace.entries.length === before) {
        const violation = firstViolation();
        if (violation !== undefined) fail(violation);
        return;
      }
    }
  }
}

function noAnswer(hanging: readonly RequestRecord[], deadlineMs: number): Violation {
  const first = hanging[0];
  return {
    id: 'OCTI-PROP-005',
    ...(first === undefined ? {} : { extension: first.extension, activity: first.activity }),
    message: `${hanging.map((r) => `${r.activity} on ${r.desktop}`).join(', ')} got no answer within ${deadlineMs} ms`,
  };
}

/** The extension and call a disagreement names (`CSR@8808: call C12 …`), for the regression scenario. */
function disagreeingExtension(found: readonly string[]): { extension?: string; callId?: string } {
  const match = /^CSR@(\d+): (?:call (\S+))?/.exec(found[0] ?? '');
  return { ...(match?.[1] === undefined ? {} : { extension: match[1] }), ...(match?.[2] === undefined ? {} : { callId: match[2] }) };
}

const faultWords: Readonly<Record<string, string>> = {
  duplicate: 'duplicates',
  reorder: 'holds back to reorder',
  delay: 'delays',
  closeLink: 'drops instead of sending',
  drop: 'loses',
};
