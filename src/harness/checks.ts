/**
 * Business-level checks on what the desktops got, each one expectation handed to the shared trace
 * checker. Positive checks wait (up to the deadline) for the events to arrive; negative ones are
 * judged once the desktops have been quiet for quietMs (docs/decisions/0006).
 */
import { assertHolds, deliveredEntries, ExpectationFailed, matches, waitFor, type EventPattern, type Expectation } from './expectations.ts';
import { desktopOf, type Trace } from './trace.ts';

export interface CheckTiming {
  readonly deadlineMs: number;
  readonly quietMs: number;
}

export class DesktopChecks {
  readonly #trace: Trace;
  readonly #callId: (ordinal: string) => string;
  readonly #timing: CheckTiming;

  constructor(trace: Trace, callId: (ordinal: string) => string, timing: CheckTiming) {
    this.#trace = trace;
    this.#callId = callId;
    this.#timing = timing;
  }

  #call(
    extension: string,
    ordinal: string,
    name?: string,
    fields: Readonly<Record<string, string>> = {},
    variables?: Readonly<Record<string, string>>,
  ): EventPattern {
    const pyCallId = this.#callId(ordinal);
    return {
      desktop: desktopOf(extension),
      DN: extension,
      fields: { ...(name === undefined ? {} : { pyEventName: name }), pyCallId, ...fields },
      ...(variables === undefined ? {} : { variables }),
    };
  }

  async expectCallEvent(
    extension: string,
    ordinal: string,
    name: string,
    fields: Readonly<Record<string, string>> = {},
    variables?: Readonly<Record<string, string>>,
  ): Promise<void> {
    await this.#eventually({ kind: 'eventually', pattern: this.#call(extension, ordinal, name, fields, variables) });
  }

  async expectCallEventsInOrder(extension: string, ordinal: string, names: readonly string[]): Promise<void> {
    await this.#eventually({ kind: 'inOrder', patterns: names.map((name) => this.#call(extension, ordinal, name)) });
  }

  async expectExactlyOneCallEvent(extension: string, ordinal: string, name: string): Promise<void> {
    const pattern = this.#call(extension, ordinal, name);
    await this.#eventually({ kind: 'eventually', pattern });
    await this.#onceExactly(pattern);
  }

  async expectNoCallEvent(extension: string, ordinal: string, name: string): Promise<void> {
    const pattern = this.#call(extension, ordinal, name);
    await this.#onceQuiet({ kind: 'never', pattern: anywhere(pattern) });
    // Nor does the desktop get the call under another extension's name.
    assertHolds(this.#trace, { kind: 'never', pattern: { desktop: desktopOf(extension), fields: pattern.fields ?? {} } });
  }

  async expectNothingAfter(extension: string, ordinal: string, name: string): Promise<void> {
    await this.#onceQuiet({ kind: 'nothingAfter', first: this.#call(extension, ordinal, name), then: anywhere(this.#call(extension, ordinal)) });
  }

  async expectDistinctCallIds(first: string, second: string): Promise<void> {
    const ids = [this.#callId(first), this.#callId(second)];
    await this.#eventually({ kind: 'anyOrder', patterns: ids.map((pyCallId) => ({ fields: { pyEventName: 'Offering', pyCallId } })) });
    const popped = new Set(
      deliveredEntries(this.#trace.entries)
        .filter((d) => d.event['pyEventName'] === 'Offering')
        .map((d) => d.event['pyCallId']),
    );
    if (popped.size !== 2)
      throw new ExpectationFailed(`expected two Offerings with two distinct call ids, but the desktops got Offerings for ${[...popped].join(', ')}`);
  }

  /** No event for `extension` on any desktop, counting from trace entry `fromEntry`. */
  async expectNoEventFor(extension: string, fromEntry = 0): Promise<void> {
    await this.#onceQuiet({ kind: 'never', pattern: { DN: extension }, fromEntry });
  }

  /** Nothing reaches the desktop of `extension`, and no desktop gets anything for it, from trace entry `fromEntry`. */
  async expectSilentDesktop(extension: string, fromEntry = 0): Promise<void> {
    await this.expectNoEventFor(extension, fromEntry);
    assertHolds(this.#trace, { kind: 'never', pattern: { desktop: desktopOf(extension) }, fromEntry });
  }

  async expectAgentEvent(extension: string, fields: Readonly<Record<string, string>>): Promise<void> {
    await this.#eventually({ kind: 'eventually', pattern: agentEvent(extension, fields) });
  }

  async expectExactlyOneAgentEvent(extension: string, fields: Readonly<Record<string, string>>): Promise<void> {
    await this.#eventually({ kind: 'eventually', pattern: agentEvent(extension, fields) });
    await this.#onceExactly(agentEvent(extension, fields));
  }

  async expectAgentEventsInOrder(extension: string, events: readonly Readonly<Record<string, string>>[]): Promise<void> {
    await this.#eventually({ kind: 'inOrder', patterns: events.map((fields) => agentEvent(extension, fields)) });
  }

  async expectSnapshot(extension: string, fields: Readonly<Record<string, string>>): Promise<void> {
    await this.#eventually({ kind: 'eventually', pattern: snapshot(extension, fields) });
  }

  /** Once quiet: no snapshot with these properties for `extension` reached any desktop. */
  async expectNoSnapshot(extension: string, fields: Readonly<Record<string, string>>): Promise<void> {
    await this.#onceQuiet({ kind: 'never', pattern: anywhere(snapshot(extension, fields)) });
  }

  /** These snapshots reach the desktop of `extension` in this order (others may come between). */
  async expectSnapshotsInOrder(extension: string, snapshots: readonly Readonly<Record<string, string>>[]): Promise<void> {
    await this.#eventually({ kind: 'inOrder', patterns: snapshots.map((fields) => snapshot(extension, fields)) });
  }

  /** Same caller, type and call data on both Offerings, each carrying its own call's id. */
  async expectSameCallerDetails(first: { ordinal: string; extension: string }, second: { ordinal: string; extension: string }): Promise<void> {
    const offering = (c: { ordinal: string; extension: string }) => this.#call(c.extension, c.ordinal, 'Offering');
    await this.#eventually({ kind: 'anyOrder', patterns: [offering(first), offering(second)] });
    const [a, b] = [first, second].map((c) => deliveredEntries(this.#trace.entries).find((d) => matches(d, offering(c)))?.event ?? {});
    const details = (e: Readonly<Record<string, unknown>>) =>
      JSON.stringify({ pyANI: e['pyANI'], pyCallType: e['pyCallType'], pyMedia: e['pyMedia'], pyNamedVariables: e['pyNamedVariables'] });
    if (a === undefined || b === undefined || details(a) !== details(b)) {
      throw new ExpectationFailed(
        `expected the same caller details on both Offerings, but ${first.extension} got ${details(a ?? {})} and ${second.extension} got ${details(b ?? {})}`,
      );
    }
  }

  async expectPartyInfo(extension: string, ordinal: string, parties: readonly string[]): Promise<void> {
    const pattern = { desktop: desktopOf(extension), DN: extension, fields: { pyEventType: 'PartyInfoEvent', pyCallId: this.#callId(ordinal) }, parties };
    await this.#eventually({ kind: 'eventually', pattern });
  }

  /** Once quiet: the call's events on these desktops all carry `callType` (a call's type never changes). */
  async expectCallTypeThroughout(ordinal: string, extensions: readonly string[], callType: string): Promise<void> {
    await this.quiet();
    const pyCallId = this.#callId(ordinal);
    const events = deliveredEntries(this.#trace.entries).filter(
      (d) => extensions.includes(d.DN) && d.desktop === desktopOf(d.DN) && d.event['pyEventType'] === 'CallStateEvent' && d.event['pyCallId'] === pyCallId,
    );
    for (const extension of extensions) {
      if (!events.some((d) => d.DN === extension))
        throw new ExpectationFailed(`expected call events for ${pyCallId} on the desktop for ${extension}, but it got none`);
    }
    const other = events.find((d) => d.event['pyCallType'] !== callType);
    if (other !== undefined) {
      throw new ExpectationFailed(
        `expected every event for ${pyCallId} to carry pyCallType ${callType}, but ${other.DN} got ${String(other.event['pyEventName'])} with pyCallType ${String(other.event['pyCallType'])}`,
      );
    }
  }

  /** Once quiet: no PartyInfo for `extension` reached any desktop. */
  async expectNoPartyInfo(extension: string): Promise<void> {
    await this.#onceQuiet({ kind: 'never', pattern: { DN: extension, fields: { pyEventType: 'PartyInfoEvent' } } });
  }

  async expectNoAgentStateEvent(extension: string, fromEntry = 0): Promise<void> {
    await this.#onceQuiet({ kind: 'never', pattern: anywhere(agentEvent(extension, {})), fromEntry });
  }

  async expectSchemaConformance(): Promise<void> {
    await this.quiet();
    const bad = deliveredEntries(this.#trace.entries).filter((d) => d.issues.length > 0);
    if (bad.length > 0) {
      throw new ExpectationFailed(
        `expected every event to match Pega's event schema, but ${bad.length} did not:\n${bad.map((d) => `  - ${JSON.stringify(d.event)}: ${d.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`).join('\n')}`,
      );
    }
  }

  async #eventually(expectation: Expectation): Promise<void> {
    await waitFor(this.#trace, expectation, this.#timing.deadlineMs);
  }

  /** Once quiet: exactly one on its own desktop, and none on any other. */
  async #onceExactly(pattern: EventPattern): Promise<void> {
    await this.#onceQuiet({ kind: 'exactlyOnce', pattern });
    assertHolds(this.#trace, { kind: 'exactlyOnce', pattern: anywhere(pattern) });
  }

  async #onceQuiet(expectation: Expectation): Promise<void> {
    await this.quiet();
    assertHolds(this.#trace, expectation);
  }

  /** Resolves once no trace entry has arrived for quietMs. */
  quiet(): Promise<void> {
    return new Promise((resolve) => {
      let timer = setTimeout(done, this.#timing.quietMs);
      const stop = this.#trace.onRecord(() => {
        clearTimeout(timer);
        timer = setTimeout(done, this.#timing.quietMs);
      });
      function done(): void {
        stop();
        resolve();
      }
    });
  }
}

function agentEvent(extension: string, fields: Readonly<Record<string, string>>): EventPattern {
  return { desktop: desktopOf(extension), DN: extension, fields: { pyEventType: 'AgentStateEvent', ...fields } };
}

function snapshot(extension: string, fields: Readonly<Record<string, string>>): EventPattern {
  return { desktop: desktopOf(extension), DN: extension, fields: { pyEventType: 'SnapshotEvent', ...fields } };
}

/** The same event on any desktop: what must not happen (twice, or after the end) must not happen anywhere. */
function anywhere(pattern: EventPattern): EventPattern {
  const { desktop: _desktop, ...rest } = pattern;
  return rest;
}
