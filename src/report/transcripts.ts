/**
 * transcripts.json: the normalized transcript of every scenario of a run (src/harness/transcript.ts
 * says what normalized means), and its digest in the certificate — the file's hash and one hash
 * per scenario — so the certificate pins every transcript while staying small.
 */
import { Type, type Static } from '@sinclair/typebox';
import { createHash } from 'node:crypto';
import { compile, formatIssues } from '../contract/validation.ts';
import type { TranscriptDigest, Transcripts } from './certificate-schema.ts';
import { ReportError } from './errors.ts';
import { attachmentTexts, compareCases, type RunSummary } from './messages.ts';
import { stableJson } from './stable-json.ts';

/** Media type of the transcript the After hook attaches to every scenario (body = JSON array of lines). */
export const TRANSCRIPT_MEDIA_TYPE = 'application/vnd.switchboard.transcript+json';
export const TRANSCRIPTS_JSON = 'transcripts.json';
export const TRANSCRIPTS_FORMAT = 'switchboard-transcripts/1';

const Count = Type.Integer({ minimum: 0 });

export const ScenarioTranscriptSchema = Type.Object(
  {
    name: Type.String(),
    uri: Type.String(),
    line: Count,
    status: Type.Union([Type.Literal('passed'), Type.Literal('failed'), Type.Literal('skipped')]),
    /** Empty when the scenario recorded nothing (skipped, or stopped before its After hook). */
    transcript: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);

export const TranscriptsFileSchema = Type.Object(
  { format: Type.Literal(TRANSCRIPTS_FORMAT), scenarios: Type.Array(ScenarioTranscriptSchema) },
  { additionalProperties: false },
);

export type ScenarioTranscript = Static<typeof ScenarioTranscriptSchema>;
export type TranscriptsFile = Static<typeof TranscriptsFileSchema>;

const checkTranscriptsFile = compile(TranscriptsFileSchema, 'transcripts');
const checkLines = compile(Type.Array(Type.String()), 'transcript');

/** `features/x.feature:12`: how a scenario is matched between a certificate and a re-run. */
export function scenarioKey(scenario: { readonly uri: string; readonly line: number }): string {
  return `${scenario.uri}:${scenario.line}`;
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

/** The hash of one transcript: of its lines as a JSON array, so line breaks inside lines cannot collide. */
export function transcriptHash(lines: readonly string[]): string {
  return sha256(JSON.stringify(lines));
}

/**
 * One transcript per test case, in file and line order. A scenario's transcript is the last one
 * it attached; throws `messages-malformed` when that attachment is not a list of lines.
 */
export function transcriptsOf(summary: RunSummary): TranscriptsFile {
  const scenarios = [...summary.testCases].sort(compareCases).map((testCase): ScenarioTranscript => {
    const body = attachmentTexts(testCase, TRANSCRIPT_MEDIA_TYPE).at(-1);
    let transcript: string[] = [];
    if (body !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      const checked = checkLines(parsed);
      if (!checked.ok)
        throw new ReportError(
          'messages-malformed',
          `the transcript attached to ${scenarioKey(testCase)} (${testCase.name}) is not a JSON list of lines. This is a bug in the After hook.`,
        );
      transcript = checked.value;
    }
    return { name: testCase.name, uri: testCase.uri, line: testCase.line, status: testCase.status, transcript };
  });
  return { format: TRANSCRIPTS_FORMAT, scenarios };
}

/** The file's text: pretty JSON, one transcript line per text line, so two files diff well. */
export function renderTranscripts(file: TranscriptsFile): string {
  return stableJson(TranscriptsFileSchema, file);
}

/** What the certificate says about the transcripts: where they are, the file's hash, and each scenario's hash. */
export function digestTranscripts(file: TranscriptsFile, fileName: string = TRANSCRIPTS_JSON): Transcripts {
  const scenarios = file.scenarios.map((s): TranscriptDigest => ({
    name: s.name,
    uri: s.uri,
    line: s.line,
    status: s.status,
    lines: s.transcript.length,
    sha256: transcriptHash(s.transcript),
  }));
  return { file: fileName, sha256: sha256(renderTranscripts(file)), scenarios };
}

/** The hash of a transcripts file's bytes, as the certificate records it. */
export function fileHash(text: string): string {
  return sha256(text);
}

/** Parses a transcripts file; throws `transcripts-malformed` naming the problem. */
export function parseTranscripts(text: string, where: string): TranscriptsFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ReportError('transcripts-malformed', `${where} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const checked = checkTranscriptsFile(parsed);
  if (!checked.ok) throw new ReportError('transcripts-malformed', `${where} is not a transcripts file: ${formatIssues(checked.issues)}`);
  return checked.value;
}
