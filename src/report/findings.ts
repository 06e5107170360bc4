/**
 * Declared vs observed: what a failed requirement says about the mode the adapter claims, drawn
 * only from what was observed and naming it — a request that really answered ok, an event that
 * really reached the desktop (MISMATCH_EVIDENCE), or else the proving step that failed. A blocked
 * or unjudged requirement is no finding. Pure.
 */
import { MISMATCH_EVIDENCE, type MismatchEvidence, type Requirement } from '../contract/pega/requirements.ts';
import type { RequirementResult } from './certificate-schema.ts';
import { scenarioKey, type TranscriptsFile } from './transcripts.ts';

const OUTCOME_LINE = /^(\S+) < (\w+) \{"ok":true\}$/;
const EVENT_LINE = /^(\S+) <- \S+ (\{.*\})/;

/** The first transcript line that is the evidence, or undefined. */
function observed(evidence: MismatchEvidence, lines: readonly string[]): string | undefined {
  return lines.find((line) => {
    if (evidence.kind === 'accepted') {
      const activity = OUTCOME_LINE.exec(line)?.[2];
      return activity !== undefined && evidence.activities.includes(activity);
    }
    const event = EVENT_LINE.exec(line)?.[2];
    return event !== undefined && evidence.eventTypes.some((type) => event.includes(`"pyEventType":"${type}"`));
  });
}

const LONGEST_QUOTED = 160;

function quote(line: string): string {
  return line.length <= LONGEST_QUOTED ? line : `${line.slice(0, LONGEST_QUOTED - 1)}…`;
}

export function findingsOf(catalogue: readonly Requirement[], judged: readonly RequirementResult[], transcripts: TranscriptsFile): string[] {
  const byKey = new Map(transcripts.scenarios.map((s) => [scenarioKey(s), s.transcript]));
  return judged.flatMap((result) => {
    const mismatch = catalogue.find((r) => r.id === result.id)?.mismatch;
    if (mismatch === undefined || result.status !== 'failed') return [];
    const failing = result.scenarios.filter((s) => s.status === 'failed');
    const evidence = MISMATCH_EVIDENCE[result.id];
    if (evidence === undefined) {
      const [first] = failing;
      return first === undefined ? [] : [`${mismatch} (${result.id}; observed: ${result.reason ?? `"${first.name}" failed`})`];
    }
    for (const scenario of failing) {
      const line = observed(evidence, byKey.get(scenarioKey(scenario)) ?? []);
      if (line !== undefined) return [`${mismatch} (${result.id}; observed in "${scenario.name}" (${scenarioKey(scenario)}): ${quote(line)})`];
    }
    return [];
  });
}
