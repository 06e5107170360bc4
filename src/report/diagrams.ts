/**
 * Sequence diagrams of what failed, wherever an analyst looks: beside each trace file
 * (traces/<scenario>.svg), and attached to the failing scenario in the messages, so the HTML report
 * shows the picture under the step that attached the trace.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Certificate } from './certificate-schema.ts';
import { renderSequenceDiagram, type Expectation } from './sequence-diagram.ts';
import { TRACE_MEDIA_TYPE, type TestCaseSummary } from './messages.ts';
import { kindOf, type RawEnvelope } from './ndjson.ts';

export const DIAGRAM_MEDIA_TYPE = 'image/svg+xml';

/** The diagram of a failed scenario from its trace (JSON text), its expectation from the step that failed. */
export function scenarioDiagram(testCase: Pick<TestCaseSummary, 'name' | 'uri' | 'line' | 'failedStep'>, traceJson: string): string {
  let trace: unknown;
  try {
    trace = JSON.parse(traceJson);
  } catch {
    trace = [];
  }
  const expected: Expectation | null = testCase.failedStep === null ? null : { step: testCase.failedStep.text, message: testCase.failedStep.message };
  return renderSequenceDiagram(trace, `${testCase.name} (${testCase.uri}:${testCase.line})`, expected);
}

/** The path of a trace's diagram beside it: traces/x.json → traces/x.svg. */
export function diagramPath(tracePath: string): string {
  return tracePath.replace(/\.json$/, '.svg');
}

/**
 * The stream with, right after each trace attachment of a failed scenario, its diagram, named, as
 * image/svg+xml in base64 (the only images the HTML report draws), attached to the step that failed (the HTML report shows it inline there; the trace
 * itself sits on the After hook, folded away).
 */
export function withDiagrams(envelopes: readonly RawEnvelope[], cases: readonly TestCaseSummary[]): RawEnvelope[] {
  const byCase = new Map(cases.map((c) => [c.testCaseId, c]));
  const caseOfStart = new Map<string, string>();
  const failedStepOf = new Map<string, string>();
  const out: RawEnvelope[] = [];
  for (const envelope of envelopes) {
    out.push(envelope);
    const kind = kindOf(envelope);
    const body = envelope[kind] as Record<string, unknown> | undefined;
    if (body === undefined) continue;
    if (kind === 'testCaseStarted' && typeof body['id'] === 'string' && typeof body['testCaseId'] === 'string') caseOfStart.set(body['id'], body['testCaseId']);
    if (kind === 'testStepFinished') {
      const started = String(body['testCaseStartedId']);
      const status = (body['testStepResult'] as Record<string, unknown> | undefined)?.['status'];
      if (status !== 'PASSED' && status !== 'SKIPPED' && !failedStepOf.has(started)) failedStepOf.set(started, String(body['testStepId']));
    }
    if (kind !== 'attachment' || body['mediaType'] !== TRACE_MEDIA_TYPE || typeof body['body'] !== 'string') continue;
    const started = String(body['testCaseStartedId']);
    const testCase = byCase.get(caseOfStart.get(started) ?? '');
    if (testCase === undefined || testCase.status === 'passed') continue;
    const text = body['contentEncoding'] === 'BASE64' ? Buffer.from(body['body'], 'base64').toString('utf8') : body['body'];
    const step = failedStepOf.get(started) ?? body['testStepId'];
    out.push({
      attachment: {
        testCaseStartedId: started,
        ...(step === undefined ? {} : { testStepId: step }),
        body: Buffer.from(scenarioDiagram(testCase, text), 'utf8').toString('base64'),
        contentEncoding: 'BASE64',
        mediaType: DIAGRAM_MEDIA_TYPE,
        fileName: 'sequence-diagram.svg',
      },
    });
  }
  return out;
}

/** The stream without the diagrams `withDiagrams` added (a shard's, before the merge draws them again). */
export function withoutDiagrams(envelopes: readonly RawEnvelope[]): RawEnvelope[] {
  return envelopes.filter((e) => kindOf(e) !== 'attachment' || (e['attachment'] as Record<string, unknown> | undefined)?.['mediaType'] !== DIAGRAM_MEDIA_TYPE);
}

/** Each failed invariant's counterexample diagram, as the property run wrote it, by requirement id. */
export async function counterexampleDiagrams(outDir: string, certificate: Certificate): Promise<Map<string, string>> {
  const diagrams = new Map<string, string>();
  for (const p of certificate.properties) {
    const file = p.counterexample?.files.diagram;
    if (file === undefined) continue;
    const text = await readFile(join(outDir, file), 'utf8').catch(() => undefined);
    if (text !== undefined) diagrams.set(p.id, text);
  }
  return diagrams;
}
