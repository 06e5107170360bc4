/**
 * The Cucumber reports of a run — messages, the official HTML report, JUnit XML — written from one
 * message stream by Cucumber's own formatters, each file atomically (a reader never sees half a
 * report, an interrupted write leaves the previous file or none).
 */
import { CucumberHtmlStream } from '@cucumber/html-formatter';
import { JUnitXmlPrinter } from '@cucumber/junit-xml-formatter';
import type { Envelope } from '@cucumber/messages';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { RawEnvelope } from './ndjson.ts';

export const CUCUMBER_REPORTS = {
  messages: 'cucumber.ndjson',
  html: 'cucumber.html',
  junit: 'junit.xml',
} as const;

/** The `name` of the JUnit report's testsuite element. */
export const JUNIT_SUITE_NAME = 'switchboard';

/** Writes through a temporary file and a rename, so the file is whole or absent. */
export async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.partial`;
  await writeFile(temporary, content, 'utf8');
  await rename(temporary, path);
}

/** The official HTML report of a message stream. */
export async function renderHtml(envelopes: readonly RawEnvelope[]): Promise<string> {
  const html = new CucumberHtmlStream();
  Readable.from(envelopes as unknown as Envelope[]).pipe(html);
  return text(html);
}

/** The JUnit XML report of a message stream. */
export function renderJunit(envelopes: readonly RawEnvelope[]): string {
  let xml = '';
  const printer = new JUnitXmlPrinter({ suiteName: JUNIT_SUITE_NAME }, (chunk) => {
    xml += chunk;
  });
  for (const envelope of envelopes) printer.update(envelope as unknown as Envelope);
  return xml;
}

/** Writes the messages, HTML and JUnit reports of the stream into the folder; returns the file names. */
export async function writeCucumberReports(outDir: string, envelopes: readonly RawEnvelope[]): Promise<string[]> {
  await writeAtomically(join(outDir, CUCUMBER_REPORTS.messages), envelopes.map((e) => `${JSON.stringify(e)}\n`).join(''));
  await writeAtomically(join(outDir, CUCUMBER_REPORTS.html), await renderHtml(envelopes));
  await writeAtomically(join(outDir, CUCUMBER_REPORTS.junit), renderJunit(envelopes));
  return Object.values(CUCUMBER_REPORTS);
}
