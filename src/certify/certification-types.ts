/**
 * What a certification is asked (its options, the lab-fault points tests inject) and what it hands
 * back, and the streams it writes to.
 */
import type { KeyObject } from 'node:crypto';
import type { TelephonyMode } from '../contract/index.ts';
import type { LoadedAdapter } from '../harness/drivers.ts';
import type { Certificate, Shard } from '../report/certificate.ts';
import type { TranscriptsFile } from '../report/transcripts.ts';
import type { DialectName } from '../../simulator/index.ts';
import type { PropertySettings } from './property-run.ts';

export interface CertificationOptions {
  readonly adapter: string;
  readonly mode: TelephonyMode;
  /** The CTI link dialect the simulator speaks (`--dialect`); default json. */
  readonly dialect?: DialectName;
  /** Absolute path of the report folder. */
  readonly outDir: string;
  readonly names: readonly string[];
  readonly deadlineMs: number;
  readonly quietMs: number;
  readonly logFile?: string;
  /** How long a cmd: adapter may take to answer GET /health. */
  readonly startTimeoutMs?: number;
  /** Where relative adapter module paths are resolved from, and cmd: adapters run. */
  readonly cwd: string;
  /** The command line that reruns this certification, for the reports. */
  readonly replayCommand: string;
  /** The command line without property-run flags, which a counterexample's replay command extends; default replayCommand. */
  readonly replayBase?: string;
  /**
   * Called once the adapter is loaded (or started), before any scenario runs; throws (a
   * SetupError) to refuse the run. `switchboard verify` checks the adapter is the certified one.
   */
  readonly checkAdapter?: (loaded: LoadedAdapter) => void | Promise<void>;
  /** The property run after the scenarios (src/properties/); null skips it (`--no-properties`). */
  readonly properties: PropertySettings | null;
  /** False skips the Gherkin scenarios (`--no-scenarios`): only the property run is judged. Default true. */
  readonly scenarios?: boolean;
  /**
   * Run one slice (`--shard`): Cucumber deals the scenarios round-robin, and the property run, which
   * cannot be split without changing what its seed explores, runs whole in the last shard.
   */
  readonly shard?: Shard;
  /**
   * Test-only: throw inside the lab at this point, as a harness bug would, to prove such a run ends
   * with verdict error and the reports of what did run (`$SWITCHBOARD_TEST_LAB_FAULT` from the CLI).
   */
  readonly labFault?: LabFaultPoint;
  /**
   * Keep a wire log (`--wire-log`): every CTI frame of the scenarios, both ways, credentials censored,
   * streamed to wire.jsonl in the report folder and stopped at `maxBytes` (decision 0140).
   */
  readonly wireLog?: { readonly maxBytes: number };
  /** Signs the sealed certificate (`--sign-key`): certificate.sig beside it. */
  readonly signingKey?: KeyObject;
  /**
   * Aborted (with the signal's name as its reason) to stop the run: the scenario run is left behind,
   * the property run stops before its next sequence, and the reports of what ran are written.
   */
  readonly signal?: AbortSignal;
}

export const LAB_FAULT_POINTS = ['scenarios', 'properties'] as const;
export type LabFaultPoint = (typeof LAB_FAULT_POINTS)[number];

/** The file beside the certificate that holds the stack of what failed inside the lab. */
export const LAB_ERROR_LOG = 'lab-error.log';

/** The lab itself failed where no verdict could be written (exit 2). */
export class LabFailure extends Error {
  override readonly name = 'LabFailure';
}

export interface CertificationIo {
  readonly stdout: NodeJS.WritableStream;
  readonly color: boolean;
  /** Print the one-screen verdict at the end (default true). */
  readonly verdictScreen?: boolean;
}

export interface CertificationOutcome {
  readonly certificate: Certificate;
  /** Every scenario's normalized transcript, as written to the transcripts file. */
  readonly transcripts: TranscriptsFile;
  readonly exitCode: 0 | 1 | 2 | 3;
}
