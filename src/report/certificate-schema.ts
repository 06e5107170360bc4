/**
 * The certificate's JSON shape: the single source of truth for the `Certificate` type and the
 * check applied before a certificate is written. Property order here is the order in the file.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TELEPHONY_MODES } from '../contract/pega/modes.ts';
import { compile, formatIssues } from '../contract/validation.ts';
import { ReportError } from './errors.ts';
import { Count, IsoTime, ScenarioStatus, Sha256 } from './certificate-fields.ts';
import { CounterexampleSchema, PropertyResultSchema, PropertyRunSchema } from './certificate-properties.ts';

/** The four verdicts, as TTCN-3 and OCTT have them (docs/decisions/0021-verdicts.md). */
export const VERDICTS = ['conformant', 'not-conformant', 'incomplete', 'error'] as const;
export const VerdictSchema = Type.Union(VERDICTS.map((v) => Type.Literal(v)));

/**
 * What a scenario says about one requirement it is tagged with: `failed` when a step that proves it
 * (an action, an outcome, an After hook) failed; `blocked` when it failed earlier, in set-up (a
 * Given step, a Before hook); `not-run` when the run left it out (a --name filter, another shard).
 */
export const SCENARIO_JUDGEMENTS = ['passed', 'failed', 'blocked', 'skipped', 'not-run'] as const;
const ScenarioJudgement = Type.Union(SCENARIO_JUDGEMENTS.map((s) => Type.Literal(s)));

export const ScenarioRefSchema = Type.Object(
  { name: Type.String(), uri: Type.String(), line: Count, status: ScenarioJudgement },
  { additionalProperties: false },
);

export const REQUIREMENT_STATUSES = ['passed', 'failed', 'blocked', 'not-judged'] as const;
export const RequirementStatusSchema = Type.Union(REQUIREMENT_STATUSES.map((s) => Type.Literal(s)));

export const RequirementResultSchema = Type.Object(
  {
    id: Type.String({ pattern: '^OCTI-' }),
    statement: Type.String(),
    source: Type.String(),
    /** passed: judged with full evidence; failed: evidence against it; blocked: its scenarios failed in set-up first; not-judged: no (or not enough) evidence. */
    status: RequirementStatusSchema,
    /** Why it is not passed, naming the step, scenario or run setting; null when it passed. */
    reason: Type.Union([Type.String(), Type.Null()]),
    /** The scenarios of the mode that prove it, each with what it showed about this requirement. */
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
    /** failed: evidence against `requirements`; blocked: it failed in set-up, before reaching what it proves; skipped: it proves nothing. */
    kind: Type.Union([Type.Literal('failed'), Type.Literal('blocked'), Type.Literal('skipped')]),
    /** The requirements it is evidence against (failed), or that it could not judge (blocked, skipped). */
    requirements: Type.Array(Type.String()),
    /** The step that went wrong (`Then …`, `After hook`); null when no step did (e.g. skipped). */
    step: Type.Union([Type.String(), Type.Null()]),
    message: Type.String(),
    /** Path of the trace file relative to the report folder; null when no trace was attached. */
    trace: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

/** How the run was asked for: with the mode and the adapter spec, what `switchboard verify` re-runs. */
export const RunSettingsSchema = Type.Object(
  {
    /** The Cucumber tag expression the mode selected. */
    tagExpression: Type.String(),
    /** The `--name` regexes the run was limited to; empty = every scenario of the mode. */
    names: Type.Array(Type.String()),
    deadlineMs: Type.Integer({ minimum: 1 }),
    quietMs: Type.Integer({ minimum: 1 }),
    /** The CTI link dialect the simulator spoke (`--dialect`); absent in certificates written before dialects, which spoke json. */
    dialect: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('ami'), Type.Literal('csta-xml')], { description: 'json, ami or csta-xml' })),
    /** Adapter timings the lab offered through the adapter's own settings (absent in certificates written before they were). */
    adapterTimings: Type.Optional(
      Type.Object({ reconnectMinMs: Type.Integer({ minimum: 1 }), reconnectMaxMs: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
    ),
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
    file: Type.String({ pattern: '^[A-Za-z0-9._-]+$', description: "a file name in the certificate's folder" }),
    /** sha256 of the file's bytes. */
    sha256: Sha256,
    /** Every scenario that ran, in file and line order. */
    scenarios: Type.Array(TranscriptDigestSchema),
  },
  { additionalProperties: false },
);

/** One file of the report folder, as the certificate sealed it. */
export const SealedFileSchema = Type.Object(
  {
    /** Relative to the report folder, with forward slashes. */
    path: Type.String(),
    sha256: Sha256,
    bytes: Count,
  },
  { additionalProperties: false },
);

/** What `switchboard verify --offline` checks the folder against (decision 0030). */
export const IntegritySchema = Type.Object(
  {
    /** Every file of the report folder but certificate.json and certificate.sig, in path order. */
    files: Type.Array(SealedFileSchema),
    /** The digest of each other top-level field of the certificate, so a changed one is named. */
    fields: Type.Record(Type.String(), Sha256),
    /** The Ed25519 signature over certificate.json, in `file` beside it, and the fingerprint of the key that made it; null when unsigned. */
    signature: Type.Union([
      Type.Object({ algorithm: Type.Literal('ed25519'), file: Type.String(), publicKey: Sha256 }, { additionalProperties: false }),
      Type.Null(),
    ]),
    /** sha256 of the whole certificate's canonical text with this digest unset. */
    digest: Sha256,
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

/** Names the certificate's format: `$schema` in every certificate.json, `$id` of docs/certificate.schema.json. */
export const CERTIFICATE_SCHEMA_ID = 'urn:switchboard:certificate:2';
export const CERTIFICATE_KIND = 'switchboard-certificate';
export const CERTIFICATE_VERSION = 2;

export const CertificateSchema = Type.Object(
  {
    /** The JSON Schema this file follows (docs/certificate.schema.json has it as its `$id`). */
    $schema: Type.Literal(CERTIFICATE_SCHEMA_ID),
    kind: Type.Literal(CERTIFICATE_KIND),
    /** The format's version: 2 since verdicts, statuses and the seal (decisions 0021, 0030). */
    version: Type.Literal(CERTIFICATE_VERSION),
    suite: Type.Object(
      {
        name: Type.String(),
        version: Type.String(),
        featuresHash: Type.String(),
        /** sha256 over the suite's code: its step definitions, harness, reports and simulator (steps/, src/, simulator/). */
        sourcesHash: Type.String(),
      },
      { additionalProperties: false },
    ),
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
    /**
     * conformant: every requirement of the mode judged with full evidence, all passed; not-conformant:
     * at least one failed; incomplete: none failed, something was not judged; error: the lab itself failed.
     */
    verdict: VerdictSchema,
    /** Why the verdict is what it is, most telling first; the first is the verdict screen's first line. */
    verdictReasons: Type.Array(Type.String()),
    /** The run was stopped by a signal (SIGINT, SIGTERM): which, and during what; null when it ran to its end. */
    interruption: Type.Union([
      Type.Object({ signal: Type.String(), during: Type.Union([Type.Literal('scenarios'), Type.Literal('property run')]) }, { additionalProperties: false }),
      Type.Null(),
    ]),
    /** What failed inside the lab (verdict error): the message, and the log file beside the certificate with its stack; null when nothing did. */
    labError: Type.Union([Type.Object({ message: Type.String(), log: Type.String() }, { additionalProperties: false }), Type.Null()]),
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
    /**
     * The wire log (`--wire-log`): the file beside the certificate holding every CTI frame of the
     * scenarios, both ways, credentials censored; how many frames and bytes, and whether its cap cut it.
     * Absent when none was asked for (and in certificates written before it existed).
     */
    wireLog: Type.Optional(Type.Object({ file: Type.String(), frames: Count, bytes: Count, cut: Type.Boolean() }, { additionalProperties: false })),
    /** The seal over every file of the report folder and every field here; null until the run sealed the folder. */
    integrity: Type.Union([IntegritySchema, Type.Null()]),
  },
  { additionalProperties: false, $id: CERTIFICATE_SCHEMA_ID, title: 'Switchboard conformance certificate' },
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
export type Verdict = Static<typeof VerdictSchema>;
export type Integrity = Static<typeof IntegritySchema>;
export type RequirementStatus = Static<typeof RequirementStatusSchema>;
export type ScenarioJudgement = (typeof SCENARIO_JUDGEMENTS)[number];

export const checkCertificate = compile(CertificateSchema, 'certificate');

/** Checks a certificate (or anything claiming to be one); throws `certificate-invalid` naming the fields. */
export function assertCertificate(value: unknown): Certificate {
  const checked = checkCertificate(value);
  if (checked.ok) return checked.value;
  throw new ReportError(
    'certificate-invalid',
    `the certificate does not match its schema: ${formatIssues(checked.issues)}. This is a bug in the report writer.`,
  );
}
