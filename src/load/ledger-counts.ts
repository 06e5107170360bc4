/**
 * What the ledger counts (notifications owed and delivered once, requests and their outcomes) and
 * what is wrong with a run's counts, in words.
 */
/** Exactly-once accounting of one kind of notification. */
export interface OnceCounts {
  /** How many the switch made owed. */
  readonly expected: number;
  /** Delivered exactly once. */
  readonly once: number;
  /** Delivered more than once (must be 0). */
  readonly duplicated: number;
  /** Never delivered (must be 0). */
  readonly lost: number;
  /** Delivered though the switch owed nothing of the kind (must be 0): an invented notification. */
  readonly unexpected: number;
}

export interface RequestCounts {
  readonly sent: number;
  /** Requests that got their one outcome (a result, or a rejection the desktop recorded). */
  readonly withOneOutcome: number;
  readonly succeeded: number;
  /** Resolved to { ok: false, errCode } — an outcome, but not what the load asked for. */
  readonly refused: number;
  /** Rejected or resolved to something outside the face's contract. */
  readonly broken: number;
  /** Still without an outcome when the run ended (must be 0). */
  readonly pending: number;
  /** Refusals by OPENCTI_* code. */
  readonly refusedBy: Readonly<Record<string, number>>;
}

export interface LedgerCounts {
  readonly pops: OnceCounts;
  readonly answers: OnceCounts;
  readonly ends: OnceCounts;
  /** Only above Simple telephony; all zero in Simple. */
  readonly agentEvents: OnceCounts;
  readonly requests: RequestCounts;
  /** Every event the desktops were handed, whatever its kind. */
  readonly eventsDelivered: number;
  /** Delivered events that did not match Pega's schema (must be 0). */
  readonly schemaViolations: number;
}

/** What is wrong with a run's counts, in words; empty = correct. */
export function problems(counts: LedgerCounts): string[] {
  const out: string[] = [];
  const judge = (what: string, c: OnceCounts): void => {
    if (c.duplicated > 0) out.push(`${c.duplicated} ${what} delivered more than once`);
    if (c.lost > 0) out.push(`${c.lost} ${what} lost (owed by the switch, never delivered)`);
    if (c.unexpected > 0) out.push(`${c.unexpected} ${what} delivered that the switch never owed`);
  };
  judge('screen pops', counts.pops);
  judge('answers (Established)', counts.answers);
  judge('call ends (Disconnected/Abandoned)', counts.ends);
  judge('agent-state events', counts.agentEvents);
  const r = counts.requests;
  if (r.pending > 0) out.push(`${r.pending} requests without an outcome`);
  if (r.broken > 0) out.push(`${r.broken} requests rejected or answered outside the face's contract`);
  if (r.refused > 0)
    out.push(
      `${r.refused} requests refused (${Object.entries(r.refusedBy)
        .map(([c, n]) => `${c} ×${n}`)
        .join(', ')})`,
    );
  if (counts.schemaViolations > 0) out.push(`${counts.schemaViolations} delivered events did not match Pega's schema`);
  return out;
}
