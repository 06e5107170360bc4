/** Builds certificates from the fixture run for the report tests. */
import { PROPERTY_REQUIREMENTS, REQUIREMENTS, type Requirement } from '../../src/contract/pega/requirements.ts';
import type { TelephonyMode } from '../../src/contract/pega/modes.ts';
import { buildCertificate, type Certificate, type CertificateInput, type PropertyResult, type PropertyRun } from '../../src/report/certificate.ts';
import type { RunSummary } from '../../src/report/messages.ts';
import { modeTagExpression } from '../../src/report/tags.ts';
import { digestTranscripts, transcriptsOf } from '../../src/report/transcripts.ts';

export const REPLAY = 'switchboard certify --adapter reference --mode simple --out reports';

export function certify(summary: RunSummary, overrides: Partial<Omit<CertificateInput, 'summary'>> = {}): Certificate {
  return buildCertificate({
    summary,
    requirements: REQUIREMENTS,
    mode: 'simple',
    adapter: { spec: 'reference', kind: 'module', identity: { version: '0.1.0', name: 'switchboard-reference-adapter' } },
    suite: { name: 'switchboard', version: '0.1.0', featuresHash: 'sha256:0f3a9c1de2b7', sourcesHash: 'sha256:5e1f' },
    startedAt: new Date('2025-01-02T03:04:05.000Z'),
    finishedAt: new Date('2025-01-02T03:04:07.500Z'),
    replayCommand: REPLAY,
    run: { tagExpression: modeTagExpression(overrides.mode ?? 'simple'), names: [], deadlineMs: 2000, quietMs: 150 },
    seeds: {},
    transcripts: digestTranscripts(transcriptsOf(summary)),
    ...overrides,
  });
}

export function requirement(id: string, mode: TelephonyMode, only = false): Requirement {
  const base = { id, mode, statement: `Statement of ${id}.`, source: `https://docs.example/${id}` };
  return only ? { ...base, only: true } : base;
}

/** The summary with only its passing scenarios: a run where everything that ran passed. */
export function passingOnly(summary: RunSummary): RunSummary {
  const testCases = summary.testCases.filter((t) => t.status === 'passed');
  return { ...summary, testCases, counts: { total: testCases.length, passed: testCases.length, failed: 0, skipped: 0 } };
}

/** A property run that judged every invariant of Simple telephony with full evidence: all held. */
export function heldProperties(overrides: Partial<PropertyRun> = {}): NonNullable<CertificateInput['properties']> {
  const run: PropertyRun = {
    seed: 7,
    runsRequested: null,
    timeBudgetMs: 10_000,
    maxTimeMs: 300_000,
    minimumSequences: 1000,
    maxCommands: 20,
    sequences: 1200,
    durationMs: 9000,
    interrupted: true,
    faults: ['duplicate', 'delay', 'closeLink'],
    faultsApplied: { duplicate: 40, delay: 38, closeLink: 12 },
    faultsWithheld: {},
    path: null,
    error: null,
    ...overrides,
  };
  const results = PROPERTY_REQUIREMENTS.filter((r) => r.mode === 'simple').map((r): PropertyResult => ({
    id: r.id,
    statement: r.statement,
    status: 'passed',
    reason: null,
    runs: run.sequences,
    seed: run.seed,
    counterexample: null,
    replayCommand: null,
  }));
  return { run, results };
}
