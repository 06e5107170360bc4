/**
 * The certificate's property-run part: each invariant's result, the run's settings and what it
 * explored, its counterexamples, the lab's calibration and what was set aside.
 */
import { Type } from '@sinclair/typebox';
import { Count } from './certificate-fields.ts';
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
    files: Type.Object(
      { text: Type.String(), feature: Type.String(), script: Type.String(), trace: Type.String(), diagram: Type.String() },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** One invariant of the property run (a requirement proved by properties, OCTI-PROP-*). */
export const PropertyResultSchema = Type.Object(
  {
    id: Type.String({ pattern: '^OCTI-PROP-' }),
    statement: Type.String(),
    /** not-judged: the run was too small, stopped before, never applied a fault the mode needs, or replayed one case. */
    status: Type.Union([Type.Literal('passed'), Type.Literal('failed'), Type.Literal('not-judged')]),
    /** Why it is not passed; null when it passed. */
    reason: Type.Union([Type.String(), Type.Null()]),
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

/** The request × state × fault combinations the run reached (src/properties/coverage.ts). */
export const CoverageSchema = Type.Object(
  {
    /** Combinations in the mode's space: every activity × the states before a request × (no fault, or one the run injects). */
    space: Count,
    reached: Count,
    /** Requests per reached combination, keyed `activity/state before/fault last armed on the extension`. */
    counts: Type.Record(Type.String(), Count),
    /** The combinations never reached (some may be out of the mode's reach). */
    unreached: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);

/** How the property run was asked for and how far it went. */
export const PropertyRunSchema = Type.Object(
  {
    seed: Type.Integer(),
    /** `--runs`: the most sequences to generate; null = until the time budget ends. */
    runsRequested: Type.Union([Count, Type.Null()]),
    /** `--time-budget-ms`: exploration goes on at least this long… */
    timeBudgetMs: Count,
    /** …and until it explored this many sequences, the fewest that judge the invariants: a run that explored fewer judges none it did not fail… */
    minimumSequences: Count,
    /** …but never longer than `--max-time-ms`. */
    maxTimeMs: Count,
    maxCommands: Count,
    /** Sequences generated and judged (shrinking not counted). */
    sequences: Count,
    durationMs: Count,
    /** True when the time budget ended exploration before runsRequested. */
    interrupted: Type.Boolean(),
    /** The link faults sequences could inject: every one must be applied at least once for the invariants to be judged. */
    faults: Type.Array(Type.String()),
    /** How many times the switch really applied each fault kind while exploring. */
    faultsApplied: Type.Record(Type.String(), Count),
    /** Faults the lab could not inject into this adapter's sequences, and why (they count as never applied). */
    faultsWithheld: Type.Record(Type.String(), Type.String()),
    /** What the run's requests reached; absent in certificates from before it was counted. */
    coverage: Type.Optional(CoverageSchema),
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
    repeats: Type.Optional(
      Type.Object(
        { runs: Count, seeds: Type.Array(Type.Integer()), failed: Type.Record(Type.String(), Count), errors: Count },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
