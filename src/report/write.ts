/**
 * Writes a run's report files into the report folder: certificate.json, certificate.md, the
 * transcripts file the certificate hashes, and one trace file per failed scenario that attached a
 * trace.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CertificateSchema, assertCertificate, type Certificate } from './certificate-schema.ts';
import { renderMarkdown } from './markdown.ts';
import { TRACE_MEDIA_TYPE, attachmentTexts, type RunSummary } from './messages.ts';
import { diagramPath, scenarioDiagram } from './diagrams.ts';
import { tracePaths } from './slug.ts';
import { stableJson } from './stable-json.ts';
import { renderTranscripts, transcriptsOf, fileHash } from './transcripts.ts';
import { ReportError } from './errors.ts';

export const CERTIFICATE_JSON = 'certificate.json';
export const CERTIFICATE_MD = 'certificate.md';

export interface WrittenReports {
  /** Paths of the files written, relative to the report folder. */
  readonly files: readonly string[];
}

/** Pretty JSON when the attachment is JSON; otherwise the text as attached, so nothing is lost. */
function traceText(body: string): string {
  try {
    return `${JSON.stringify(JSON.parse(body), null, 2)}\n`;
  } catch {
    return body;
  }
}

/**
 * `summary` must be the one the certificate was built from: both derive the trace paths and the
 * transcripts from it. Throws a `certificate-invalid` ReportError before writing anything if the
 * certificate does not match its schema or does not hash the summary's transcripts.
 */
export async function writeReports(outDir: string, certificate: Certificate, summary: RunSummary): Promise<WrittenReports> {
  const checked = assertCertificate(certificate);
  const transcripts = renderTranscripts(transcriptsOf(summary));
  if (fileHash(transcripts) !== checked.transcripts.sha256) {
    throw new ReportError(
      'certificate-invalid',
      `the certificate's transcripts.sha256 (${checked.transcripts.sha256}) is not the hash of the run's transcripts (${fileHash(transcripts)}). This is a bug in the report writer.`,
    );
  }
  const files: string[] = [];
  const write = async (relative: string, text: string): Promise<void> => {
    const path = join(outDir, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
    files.push(relative);
  };

  await write(CERTIFICATE_JSON, stableJson(CertificateSchema, checked));
  await write(CERTIFICATE_MD, renderMarkdown(checked));
  await write(checked.transcripts.file, transcripts);
  const byId = new Map(summary.testCases.map((t) => [t.testCaseId, t]));
  for (const [testCaseId, relative] of tracePaths(summary)) {
    const testCase = byId.get(testCaseId);
    // The last trace attached is the one recorded when the scenario ended.
    const body = testCase === undefined ? undefined : attachmentTexts(testCase, TRACE_MEDIA_TYPE).at(-1);
    if (body === undefined || testCase === undefined) continue;
    await write(relative, traceText(body));
    await write(diagramPath(relative), scenarioDiagram(testCase, body));
  }
  return { files };
}
