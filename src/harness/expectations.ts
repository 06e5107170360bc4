/**
 * The one trace checker that Gherkin steps and properties share. Telephony events legitimately
 * interleave, so expectations say what must hold — in order, in any order, eventually, never, at
 * most once, exactly once — over the events delivered to the desktop, never a total order.
 */
import { desktopOf, type Trace, type TraceEntry } from './trace.ts';

export interface EventPattern {
  /** The desktop (CSR session, see desktopOf) that got the event: the right event on the wrong desktop is not seen. */
  readonly desktop?: string;
  /** The extension the event is for (its DN). */
  readonly DN?: string;
  /** Top-level event properties that must be equal, e.g. { pyEventName: 'Offering', pyCallId: 'C1' }. */
  readonly fields?: Readonly<Record<string, string>>;
  /** Named call variables that must be present with these values (others may exist too). */
  readonly variables?: Readonly<Record<string, string>>;
  /** PartyInfo: exactly these devices in `pyParties`, in any order. */
  readonly parties?: readonly string[];
}

export type Expectation =
  | { readonly kind: 'eventually'; readonly pattern: EventPattern }
  | { readonly kind: 'inOrder'; readonly patterns: readonly EventPattern[] }
  | { readonly kind: 'anyOrder'; readonly patterns: readonly EventPattern[] }
  | { readonly kind: 'never'; readonly pattern: EventPattern; readonly fromEntry?: number }
  | { readonly kind: 'atMostOnce'; readonly pattern: EventPattern }
  | { readonly kind: 'exactlyOnce'; readonly pattern: EventPattern }
  /** Once `first` has been delivered, nothing matching `then` may follow it. */
  | { readonly kind: 'nothingAfter'; readonly first: EventPattern; readonly then: EventPattern }
  /** Anything else the trace's growth may bring about (e.g. the switch's truth): null once met. */
  | { readonly kind: 'condition'; readonly unmet: () => string | null };

export type Verdict =
  | { readonly kind: 'holds' }
  /** Not yet satisfied, but later events could satisfy it. */
  | { readonly kind: 'pending'; readonly message: string }
  /** No later event can repair it. */
  | { readonly kind: 'violated'; readonly message: string };

export type Delivered = Extract<TraceEntry, { kind: 'delivered' }>;

export function matches(entry: Delivered, pattern: EventPattern): boolean {
  if (pattern.desktop !== undefined && entry.desktop !== pattern.desktop) return false;
  if (pattern.DN !== undefined && entry.DN !== pattern.DN) return false;
  for (const [key, value] of Object.entries(pattern.fields ?? {})) {
    if (entry.event[key] !== value) return false;
  }
  if (pattern.variables !== undefined) {
    const variables = entry.event['pyNamedVariables'];
    if (typeof variables !== 'object' || variables === null) return false;
    for (const [key, value] of Object.entries(pattern.variables)) {
      if ((variables as Record<string, unknown>)[key] !== value) return false;
    }
  }
  if (pattern.parties !== undefined) {
    const listed = entry.event['pyParties'];
    if (!Array.isArray(listed)) return false;
    const devices = listed.map((p: unknown) => (typeof p === 'object' && p !== null ? String((p as Record<string, unknown>)['pyDN']) : '')).sort();
    if (JSON.stringify(devices) !== JSON.stringify([...pattern.parties].sort())) return false;
  }
  return true;
}

export function describePattern(pattern: EventPattern): string {
  const name = pattern.fields?.['pyEventName'] ?? pattern.fields?.['pyEventType'] ?? 'an event';
  const rest = Object.entries(pattern.fields ?? {})
    .filter(([k]) => k !== 'pyEventName')
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  for (const [k, v] of Object.entries(pattern.variables ?? {})) rest.push(`pyNamedVariables.${k}=${JSON.stringify(v)}`);
  if (pattern.parties !== undefined) rest.push(`pyParties=${pattern.parties.join(', ')}`);
  const where = whereOf(pattern);
  return `${name}${where}${rest.length > 0 ? ` with ${rest.join(', ')}` : ''}`;
}

function short(entry: Delivered): string {
  const e = entry.event;
  const parts = [String(e['pyEventName'] ?? e['pyEventType'] ?? '?')];
  for (const key of ['pyCallId', 'pyCallType', 'pyANI', 'pyDNIS', 'pyOtherDN', 'pyReasonCode', 'pyWorkMode']) {
    if (typeof e[key] === 'string' && e[key] !== '') parts.push(`${key}=${e[key]}`);
  }
  if (Array.isArray(e['pyParties']))
    parts.push(
      `pyParties=${e['pyParties'].map((p: unknown) => (typeof p === 'object' && p !== null ? String((p as Record<string, unknown>)['pyDN']) : '?')).join(',')}`,
    );
  const on = entry.desktop === desktopOf(entry.DN) ? '' : ` (on ${entry.desktop})`;
  return `${entry.DN}${on}: ${parts.join(' ')} @${entry.at}ms`;
}

function whereOf(pattern: EventPattern): string {
  if (pattern.DN === undefined) return pattern.desktop === undefined ? '' : ` on ${pattern.desktop}`;
  if (pattern.desktop === undefined) return ` for ${pattern.DN} on any desktop`;
  return pattern.desktop === desktopOf(pattern.DN) ? ` on the desktop for ${pattern.DN}` : ` for ${pattern.DN} on ${pattern.desktop}`;
}

/** What the desktops got, for failure messages: the events for the pattern's extension or on its desktop, or all. */
function seen(delivered: readonly Delivered[], pattern?: EventPattern): string {
  const scoped = pattern?.DN !== undefined || pattern?.desktop !== undefined;
  const relevant = scoped ? delivered.filter((d) => d.DN === pattern?.DN || d.desktop === pattern?.desktop) : delivered;
  if (relevant.length === 0)
    return scoped
      ? `no desktop got any event${pattern?.DN === undefined ? '' : ` for ${pattern.DN}`}${pattern?.desktop === undefined ? '' : `, nor did ${pattern.desktop} get any`}`
      : 'no desktop got any event';
  const lines = relevant.slice(0, 12).map((d) => `  - ${short(d)}`);
  if (relevant.length > 12) lines.push(`  - … and ${relevant.length - 12} more`);
  return `the desktop got:\n${lines.join('\n')}`;
}

export function deliveredEntries(entries: readonly TraceEntry[], fromEntry = 0): Delivered[] {
  const out: Delivered[] = [];
  for (let i = fromEntry; i < entries.length; i++) {
    const entry = entries[i];
    if (entry?.kind === 'delivered') out.push(entry);
  }
  return out;
}

export function evaluate(entries: readonly TraceEntry[], expectation: Expectation): Verdict {
  const delivered = deliveredEntries(entries);
  switch (expectation.kind) {
    case 'condition': {
      const unmet = expectation.unmet();
      return unmet === null ? { kind: 'holds' } : { kind: 'pending', message: unmet };
    }
    case 'eventually': {
      if (delivered.some((d) => matches(d, expectation.pattern))) return { kind: 'holds' };
      return { kind: 'pending', message: `expected ${describePattern(expectation.pattern)}, but ${seen(delivered, expectation.pattern)}` };
    }
    case 'inOrder': {
      let from = 0;
      for (const [index, pattern] of expectation.patterns.entries()) {
        const found = delivered.findIndex((d, i) => i >= from && matches(d, pattern));
        if (found < 0) {
          const order = expectation.patterns.map(describePattern).join(', then ');
          const missing =
            index === 0 ? describePattern(pattern) : `${describePattern(pattern)} after ${describePattern(expectation.patterns[index - 1] ?? pattern)}`;
          return { kind: 'pending', message: `expected in order: ${order}; missing ${missing}, and ${seen(delivered, pattern)}` };
        }
        from = found + 1;
      }
      return { kind: 'holds' };
    }
    case 'anyOrder': {
      const used = new Set<number>();
      for (const pattern of expectation.patterns) {
        const found = delivered.findIndex((d, i) => !used.has(i) && matches(d, pattern));
        if (found < 0) return { kind: 'pending', message: `expected (in any order) ${describePattern(pattern)}, but ${seen(delivered, pattern)}` };
        used.add(found);
      }
      return { kind: 'holds' };
    }
    case 'never': {
      const hit = deliveredEntries(entries, expectation.fromEntry ?? 0).find((d) => matches(d, expectation.pattern));
      return hit === undefined
        ? { kind: 'holds' }
        : { kind: 'violated', message: `expected never ${describePattern(expectation.pattern)}, but got ${short(hit)}` };
    }
    case 'atMostOnce':
    case 'exactlyOnce': {
      const hits = delivered.filter((d) => matches(d, expectation.pattern));
      const what = expectation.kind === 'atMostOnce' ? 'at most one' : 'exactly one';
      if (hits.length > 1)
        return {
          kind: 'violated',
          message: `expected ${what} ${describePattern(expectation.pattern)}, but got ${hits.length}:\n${hits.map((h) => `  - ${short(h)}`).join('\n')}`,
        };
      if (hits.length === 0 && expectation.kind === 'exactlyOnce')
        return { kind: 'pending', message: `expected exactly one ${describePattern(expectation.pattern)}, but ${seen(delivered, expectation.pattern)}` };
      return { kind: 'holds' };
    }
    case 'nothingAfter': {
      const first = delivered.findIndex((d) => matches(d, expectation.first));
      if (first < 0) return { kind: 'holds' };
      const late = delivered.slice(first + 1).find((d) => matches(d, expectation.then));
      return late === undefined
        ? { kind: 'holds' }
        : {
            kind: 'violated',
            message: `expected nothing matching ${describePattern(expectation.then)} after ${describePattern(expectation.first)}, but got ${short(late)}`,
          };
    }
  }
}

export class ExpectationFailed extends Error {
  override readonly name = 'ExpectationFailed';
}

/** Settles to `holds`, or throws ExpectationFailed when violated or still pending at the deadline. */
export function waitFor(trace: Trace, expectation: Expectation, deadlineMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let stop = (): void => {};
    const settle = (): boolean => {
      const verdict = evaluate(trace.entries, expectation);
      if (verdict.kind === 'pending') return false;
      stop();
      if (timer !== undefined) clearTimeout(timer);
      if (verdict.kind === 'holds') resolve();
      else reject(new ExpectationFailed(verdict.message));
      return true;
    };
    if (settle()) return;
    stop = trace.onRecord(() => void settle());
    timer = setTimeout(() => {
      stop();
      const verdict = evaluate(trace.entries, expectation);
      if (verdict.kind === 'holds') resolve();
      else reject(new ExpectationFailed(`${verdict.message}\n(waited ${deadlineMs} ms)`));
    }, deadlineMs);
  });
}

/**
 * Resolves once `unmet()` returns null, re-checking on every trace entry (the switch's own events
 * are recorded too); rejects with its last answer after `deadlineMs`.
 */
export function waitUntil(trace: Trace, unmet: () => string | null, deadlineMs: number): Promise<void> {
  return waitFor(trace, { kind: 'condition', unmet }, deadlineMs);
}

/** For expectations about the trace as it stands (after the system has gone quiet). */
export function assertHolds(trace: Trace, expectation: Expectation): void {
  const verdict = evaluate(trace.entries, expectation);
  if (verdict.kind !== 'holds') throw new ExpectationFailed(verdict.message);
}
