/**
 * File names for the traces of failed scenarios: uri + scenario name made filesystem-safe, unique
 * within a run, and independent of the order the scenarios ran in.
 */
import { TRACE_MEDIA_TYPE, compareCases, type RunSummary, type TestCaseSummary } from './messages.ts';

export const TRACES_DIR = 'traces';
const MAX_SLUG = 100;

/** `features/simple/calls.feature` + `A queued call pops` → `features-simple-calls--a-queued-call-pops` */
export function slugify(uri: string, name: string): string {
  const safe = (text: string): string =>
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '') // drop the accents NFKD split off: É → E
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const joined = [safe(uri.replace(/\.feature$/, '')), safe(name)].filter((part) => part !== '').join('--');
  const cut = joined.slice(0, MAX_SLUG).replace(/-+$/, '');
  return cut === '' ? 'scenario' : cut;
}

function hasTrace(testCase: TestCaseSummary): boolean {
  return testCase.attachments.some((a) => a.mediaType === TRACE_MEDIA_TYPE);
}

/**
 * Relative path (`traces/<slug>.json`) of the trace file of each failed scenario that attached a
 * trace, keyed by test case id. The certificate and the writer both call this, so they agree.
 */
export function tracePaths(summary: RunSummary): Map<string, string> {
  const paths = new Map<string, string>();
  const taken = new Set<string>();
  const failed = summary.testCases.filter((t) => t.status !== 'passed' && hasTrace(t)).sort(compareCases);
  for (const testCase of failed) {
    const base = slugify(testCase.uri, testCase.name);
    let slug = base;
    for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
    taken.add(slug);
    paths.set(testCase.testCaseId, `${TRACES_DIR}/${slug}.json`);
  }
  return paths;
}
