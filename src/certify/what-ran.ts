/**
 * Reading back what ran: the scenarios' messages (whole, cut short by a lab failure, or as they stood
 * at a signal) and the lab's own error log beside the reports.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CUCUMBER_REPORTS } from '../report/cucumber-reports.ts';
import { RUN_UNFINISHED, summarizeMessages, type RunSummary } from '../report/messages.ts';
import { parseEnvelopes, parseMessages, readMessagesFile, type RawEnvelope } from '../report/ndjson.ts';
import { type CertificationOptions, LAB_ERROR_LOG, LabFailure } from './certification-types.ts';

/** A run that skipped the scenarios (`--no-scenarios`): nothing ran, nothing failed. */
export const NO_SCENARIOS: RunSummary = {
  startedAt: null,
  finishedAt: null,
  testCases: [],
  unrun: [],
  counts: { total: 0, passed: 0, failed: 0, skipped: 0 },
  runErrors: [],
};

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Writes the stack of what failed inside the lab beside the reports; returns what the certificate records. */
export async function writeLabError(outDir: string, during: string, error: unknown): Promise<{ message: string; log: string }> {
  // The whole chain of causes: a harness error wraps what really broke.
  const stacks: string[] = [];
  for (let e: unknown = error; e !== undefined && stacks.length < 10; e = e instanceof Error ? e.cause : undefined)
    stacks.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
  const stack = stacks.join('\ncaused by: ');
  await mkdir(outDir, { recursive: true });
  await appendFile(join(outDir, LAB_ERROR_LOG), `while ${during}:\n${stack}\n\n`, 'utf8');
  const cause = error instanceof Error && error.cause !== undefined ? `: ${messageOf(error.cause)}` : '';
  return { message: `${messageOf(error)}${cause} (while ${during})`, log: LAB_ERROR_LOG };
}

/** Something the run must write could not be: at least the stack beside the reports, and the failure naming it. */
export async function labFailure(outDir: string, writing: string, error: unknown): Promise<LabFailure> {
  await writeLabError(outDir, `writing ${writing}`, error);
  return new LabFailure(`the lab failed while writing ${writing}: ${messageOf(error)} (stack in ${join(outDir, LAB_ERROR_LOG)})`);
}

/** The messages file's text; of an interrupted run, as it stood at the signal, up to its last whole line (the writer may have been mid-line). */
async function messagesText(outDir: string, atSignal: string | undefined): Promise<{ path: string; text: string }> {
  const path = join(outDir, CUCUMBER_REPORTS.messages);
  return { path, text: atSignal === undefined ? await readMessagesFile(path) : atSignal.slice(0, atSignal.lastIndexOf('\n') + 1) };
}

/**
 * The scenarios' summary; after a lab failure the messages file may be cut short or missing, and what
 * it holds still counts. An interrupted run did not finish on purpose: that is no run error.
 */
export async function summaryOfWhatRan(outDir: string, labFailed: boolean, atSignal: string | undefined): Promise<RunSummary> {
  const interrupted = atSignal !== undefined;
  try {
    const { path, text } = await messagesText(outDir, atSignal);
    const summary = summarizeMessages(parseMessages(text, path));
    return interrupted ? { ...summary, runErrors: summary.runErrors.filter((e) => e !== RUN_UNFINISHED) } : summary;
  } catch (error) {
    if (!labFailed && !interrupted) throw error;
    return { ...NO_SCENARIOS, runErrors: labFailed ? [`the scenarios' messages could not be read after the lab failed: ${messageOf(error)}`] : [] };
  }
}

/** Cucumber's messages as the scenarios wrote them; none when they did not run (or a lab failure left the file unreadable). */
export async function envelopesOfWhatRan(options: CertificationOptions, atSignal: string | undefined): Promise<RawEnvelope[]> {
  if (options.scenarios === false) return [];
  try {
    const { path, text } = await messagesText(options.outDir, atSignal);
    return parseEnvelopes(text, path);
  } catch {
    return [];
  }
}
