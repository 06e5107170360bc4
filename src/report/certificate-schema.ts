/**
 * The certificate's JSON shape: the single source of truth for the `Certificate` type and the
 * check applied before a certificate is written. Property order here is the order in the file.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TELEPHONY_MODES } from '../contract/pega/modes.ts';
import { compile, formatIssues } from '../contract/validation.ts';
import { ReportError } from './errors.ts';

// A pattern rather than `format: 'date-time'`, which would need a process-wide format registry.
const IsoTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$', description: 'an ISO 8601 UTC timestamp' });
const ScenarioStatus = Type.Union([Type.Literal('passed'), Type.Literal('failed'), Type.Literal('skipped')]);
const Count = Type.Integer({ minimum: 0 });

export const ScenarioRefSchema = Type.Object(
  { name: Type.String(), uri: Type.String(), line: Count, status: ScenarioStatus },
  { additionalProperties: false },
);

export const RequirementResultSchema = Type.Object(
  {
    id: Type.String({ pattern: '^OCTI-' }),
    statement: Type.String(),
    source: Type.String(),
    status: Type.Union([Type.Literal('passed'), Type.Literal('failed')]),
    /** Why a failed requirement failed; null when it passed. */
    reason: Type.Union([Type.String(), Type.Null()]),
    scenarios: Type.Array(ScenarioRefSchema),
  },
  { additionalProperties: false },
);

export const FailureSchema = Type.Object(
  {
    scenario: Type.String(),
    uri: Type.String(),
    line: Count,
    status: ScenarioStatus,
    requirements: Type.Array(Type.String()),
    /** The step that went wrong (`Then …`, `After hook`); null when no step did (e.g. skipped). */
    step: Type.Union([Type.String(), Type.Null()]),
    message: Type.String(),
    /** Path of the trace file relative to the report folder; null when no trace was attached. */
    trace: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

const Sha256 = Type.String({ pattern: '^sha256:[0-9a-f]{64}$', description: 'sha256: and 64 lowercase hex digits' });

/** How the run was asked for: with the mode and the adapter spec, what `switchboard verify` re-runs. */
export const RunSettingsSchema = Type.Object(
  {
    /** The Cucumber tag expression the mode selected. */
    tagExpression: Type.String(),
    /** The `--name` regexes the run was limited to; empty = every scenario of the mode. */
    names: Type.Array(Type.String()),
    deadlineMs: Type.Integer({ minimum: 1 }),
    quietMs: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

/** One scenario's verdict and the hash of its normalized transcript. */
export const TranscriptDigestSchema = Type.Object(
  {
    name: Type.String(),
    uri: Type.String(),
    line: Count,
    status: ScenarioStatus,
    /** How many lines the transcript has. */
    lines: Count,
    /** sha256 of the transcript's lines as a JSON array. */
    sha256: Sha256,
  },
  { additionalProperties: false },
);

export const TranscriptsSchema = Type.Object(
  {
    /** The transcripts file, beside certificate.json. */
    file: Type.String({ pattern: '^[A-Za-z0-9._-]+$', description: 'a file name in the certificate\'s folder' }),
    /** sha256 of the file's bytes. */
    sha256: Sha256,
    /** Every scenario that ran, in file and line order. */
    scenarios: Type.Array(TranscriptDigestSchema),
  },
  { additionalProperties: false },
);

/** A shrunk failing sequence of the property run, and where it was written out. */
export const CounterexampleSchema = Type.Object(
  {
    /** What the invariant found, in words. */
    message: Type.String(),
    /** Replays the case with the run's seed: fast-check's path and the commands' replay path, `<path>@<replayPath>`. */
    path: Type.String(),
    /** The commands that ran, in domain words, in order. */
    commands: Type.Array(Type.String()),
    /** What happened in order: the commands, the switch's refusals, the faults, each answer when the sequence saw it. */
    log: Type.Array(Type.String()),
    /** True when a fresh replay of the shrunk case failed the same invariant again. */
    reproduced: Type.Boolean(),
    /** Fresh replays of the shrunk case, and how many of them failed the same invariant (absent in certificates before decision 0023). */
    replays: Type.Optional(Count),
    reproductions: Type.Optional(Count),
    shrinks: Count,
    /** The counterexample written out, relative to the report folder: readable text, a Gherkin scenario, a simulator script, the trace. */
    files: Type.Object({ text: Type.String(), feature: Type.String(), script: Type.String(), trace: Type.String() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

/** One invariant of the property run (a requirement proved by properties, OCTI-PROP-*). */
export const PropertyResultSchema = Type.Object(
  {
    id: Type.String({ pattern: '^OCTI-PROP-' }),
    statement: Type.String(),
    status: Type.Union([Type.Literal('passed'), Type.Literal('failed')]),
    /** The generated sequences this invariant was judged on. */
    runs: Count,
    seed: Type.Integer(),
    /** The shrunk sequence that breaks it; null when it held. */
    counterexample: Type.Union([CounterexampleSchema, Type.Null()]),
    /** The command that replays the counterexample; null when it held. */
    replayCommand: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

/** What the lab measured of its own lateness during the property run (src/harness/lab-clock.ts). */
export const CalibrationSchema = Type.Object(
  {
    tickMs: Count,
    loopDelayP50Ms: Type.Number({ minimum: 0 }),
    loopDelayP99Ms: Type.Number({ minimum: 0 }),
    loopDelayMaxMs: Type.Number({ minimum: 0 }),
    stalls: Count,
    stalledMs: Count,
    longestStallMs: Count,
    deadlinesExtended: Count,
    extendedMs: Count,
  },
  { additionalProperties: false },
);

/** A deadline-only violation that did not reproduce: its evidence. */
export const SetAsideSchema = Type.Object(
  {
    seed: Type.Integer(),
    path: Type.String(),
    message: Type.String(),
    replays: Count,
    calibration: CalibrationSchema,
    log: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);

/** How the property run was asked for and how far it went. */
export const PropertyRunSchema = Type.Object(
  {
    seed: Type.Integer(),
    /** `--runs`: the most sequences to generate. */
    runsRequested: Count,
    /** `--time-budget-ms`: exploration stops after this long. */
    timeBudgetMs: Count,
    maxCommands: Count,
    /** Sequences generated and judged (shrinking not counted). */
    sequences: Count,
    durationMs: Count,
    /** True when the time budget ended exploration before runsRequested. */
    interrupted: Type.Boolean(),
    /** The link faults sequences could inject. */
    faults: Type.Array(Type.String()),
    /** `--path`: the run replayed this one case; null for an exploration. */
    path: Type.Union([Type.String(), Type.Null()]),
    /** Why the run could not judge anything (the adapter would not open or subscribe, a harness error); null when it ran. */
    error: Type.Union([Type.String(), Type.Null()]),
    /** The lab's own lateness over the run and the deadlines it extended for it (decision 0023). */
    calibration: Type.Optional(CalibrationSchema),
    /** Deadline-only violations that never reproduced in any replay: set aside with their evidence, and the run explored again with the next seed. */
    setAside: Type.Optional(Type.Array(SetAsideSchema)),
    /**
     * `--repeat N`: N property runs, seeds --seed, --seed+1, …; this record is the first run that
     * failed (else the last). `failed`: in how many runs each invariant was the one that failed
     * (a run stops at its first failure); `errors`: runs that could not judge.
     */
    repeats: Type.Optional(Type.Object({ runs: Count, seeds: Type.Array(Type.Integer()), failed: Type.Record(Type.String(), Count), errors: Count }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

/** The slice of a sharded run a partial certificate judges (`certify --shard <index>/<total>`). */
export const ShardSchema = Type.Object(
  {
    index: Type.Integer({ minimum: 1 }),
    total: Type.Integer({ minimum: 1 }),
    /** The command that runs the whole certification in one go: the merged certificate's replay command. */
    wholeRunCommand: Type.String(),
  },
  { additionalProperties: false },
);

export const CertificateSchema = Type.Object(
  {
    suite: Type.Object({ name: Type.String(), version: Type.String(), featuresHash: Type.String() }, { additionalProperties: false }),
    adapter: Type.Object(
      {
        spec: Type.String(),
        /** The driver: reference, module, http, cmd, image. */
        kind: Type.String(),
        /** What pins the adapter: a module's path and hash, a URL, a command, an image id; and the name and version it reports. */
        identity: Type.Record(Type.String(), Type.String()),
      },
      { additionalProperties: false },
    ),
    mode: Type.Union(TELEPHONY_MODES.map((m) => Type.Literal(m))),
    run: RunSettingsSchema,
    /** The labelled seeds of the run's random choices. Empty: the Gherkin run makes none. */
    seeds: Type.Record(Type.String(), Type.Integer()),
    /** `partial`: a shard whose slice found nothing wrong; only `switchboard merge` of every shard gives the verdict. */
    verdict: Type.Union([Type.Literal('conformant'), Type.Literal('not-conformant'), Type.Literal('partial')]),
    /** The slice this certificate judges; null for a whole run. */
    shard: Type.Union([ShardSchema, Type.Null()]),
    /** How many shard certificates `switchboard merge` assembled this one from; null for a single run. */
    mergedShards: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    requirements: Type.Array(RequirementResultSchema),
    failures: Type.Array(FailureSchema),
    /** Declared vs observed: what the failures say, in words, about the mode the adapter claims. */
    findings: Type.Array(Type.String()),
    /** Problems outside any scenario (parse errors, failed BeforeAll/AfterAll hooks, an unfinished run). */
    runErrors: Type.Array(Type.String()),
    scenarios: Type.Object({ total: Count, passed: Count, failed: Count, skipped: Count }, { additionalProperties: false }),
    /** True when the Gherkin scenarios were skipped (`--no-scenarios`): only the property run was judged. */
    scenariosSkipped: Type.Boolean(),
    /** The property run: null when skipped (`--no-properties`). */
    propertyRun: Type.Union([PropertyRunSchema, Type.Null()]),
    /** The property run's invariants for the mode; empty when it was skipped. */
    properties: Type.Array(PropertyResultSchema),
    timings: Type.Object({ startedAt: IsoTime, finishedAt: IsoTime, durationMs: Count }, { additionalProperties: false }),
    replayCommand: Type.String(),
    /** The evidence: each scenario's verdict and transcript hash, and the file holding the transcripts. */
    transcripts: TranscriptsSchema,
  },
  { additionalProperties: false },
);

export type Certificate = Static<typeof CertificateSchema>;
export type RequirementResult = Static<typeof RequirementResultSchema>;
export type Failure = Static<typeof FailureSchema>;
export type ScenarioRef = Static<typeof ScenarioRefSchema>;
export type RunSettings = Static<typeof RunSettingsSchema>;
export type TranscriptDigest = Static<typeof TranscriptDigestSchema>;
export type Transcripts = Static<typeof TranscriptsSchema>;
export type PropertyResult = Static<typeof PropertyResultSchema>;
export type PropertyRun = Static<typeof PropertyRunSchema>;
export type Counterexample = Static<typeof CounterexampleSchema>;
export type Shard = Static<typeof ShardSchema>;

export const checkCertificate = compile(CertificateSchema, 'certificate');

/** Checks a certificate (or anything claiming to be one); throws `certificate-invalid` naming the fields. */
export function assertCertificate(value: unknown): Certificate {
  const checked = checkCertificate(value);
  if (checked.ok) return checked.value;
  throw new ReportError('certificate-invalid', `the certificate does not match its schema: ${formatIssues(checked.issues)}. This is a bug in the report writer.`);
}
