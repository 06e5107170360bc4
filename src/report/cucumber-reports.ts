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
import type { Certificate } from './certificate-schema.ts';
import type { RawEnvelope } from './ndjson.ts';

export const CUCUMBER_REPORTS = {
  messages: 'cucumber.ndjson',
  html: 'cucumber.html',
  junit: 'junit.xml',
} as const;

/** The JUnit testsuite of a certification: one per mode and adapter, so reports of several runs merge apart. */
export function junitSuiteName(certificate: Certificate): string {
  return `switchboard ${certificate.mode} ${certificate.adapter.spec}`;
}

/** Writes through a temporary file and a rename, so the file is whole or absent. */
export async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.partial`;
  await writeFile(temporary, content, 'utf8');
  await rename(temporary, path);
}

function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The official HTML report of a message stream, its page titled with the verdict instead of "Cucumber". */
export async function renderHtml(envelopes: readonly RawEnvelope[], certificate: Certificate): Promise<string> {
  const html = new CucumberHtmlStream();
  Readable.from(envelopes as unknown as Envelope[]).pipe(html);
  const title = `Switchboard: ${certificate.verdict} — ${certificate.mode} telephony, ${certificate.adapter.spec}`;
  return (await text(html)).replace('<title>Cucumber</title>', `<title>${htmlText(title)}</title>`);
}

function xmlAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r?\n/g, '&#xA;');
}

/**
 * What the certificate adds to the testsuite, as junit-10.xsd allows it (properties belong to the
 * suite, not to a test case): the verdict and its reason, the run, every requirement's status, and
 * for each scenario its file and line with the requirements it proves.
 */
function suiteProperties(certificate: Certificate): [string, string][] {
  return [
    ['verdict', certificate.verdict],
    ['verdict.reason', certificate.verdictReasons[0] ?? ''],
    ['mode', certificate.mode],
    ['adapter', certificate.adapter.spec],
    ['suite', `${certificate.suite.name} ${certificate.suite.version}`],
    ...Object.entries(certificate.seeds).map(([label, seed]): [string, string] => [`seed.${label}`, String(seed)]),
    ...certificate.requirements.map((r): [string, string] => [`requirement.${r.id}`, r.reason === null ? r.status : `${r.status}: ${r.reason}`]),
    ...certificate.transcripts.scenarios.map((s): [string, string] => [`scenario.${s.uri}:${s.line}`, `${s.name} [${requirementsOf(certificate, s)}]`]),
  ];
}

function requirementsOf(certificate: Certificate, scenario: { readonly uri: string; readonly line: number }): string {
  return certificate.requirements
    .filter((r) => r.scenarios.some((s) => s.uri === scenario.uri && s.line === scenario.line))
    .map((r) => r.id)
    .join(' ');
}

/** The JUnit XML report of a message stream, by Cucumber's formatter, with the certificate's properties on its suite. */
export function renderJunit(envelopes: readonly RawEnvelope[], certificate: Certificate): string {
  let xml = '';
  const printer = new JUnitXmlPrinter({ suiteName: junitSuiteName(certificate) }, (chunk) => {
    xml += chunk;
  });
  for (const envelope of envelopes) printer.update(envelope);
  const opening = /<testsuite\b[^>]*>/.exec(xml);
  if (opening === null) return xml;
  const at = opening.index + opening[0].length;
  const properties = suiteProperties(certificate)
    .map(([name, value]) => `\n    <property name="${xmlAttribute(name)}" value="${xmlAttribute(value)}"/>`)
    .join('');
  return `${xml.slice(0, at)}\n  <properties>${properties}\n  </properties>${xml.slice(at)}`;
}

/** Writes the messages, HTML and JUnit reports of the stream into the folder; returns the file names. */
export async function writeCucumberReports(outDir: string, envelopes: readonly RawEnvelope[], certificate: Certificate): Promise<string[]> {
  await writeAtomically(join(outDir, CUCUMBER_REPORTS.messages), envelopes.map((e) => `${JSON.stringify(e)}\n`).join(''));
  await writeAtomically(join(outDir, CUCUMBER_REPORTS.html), await renderHtml(envelopes, certificate));
  await writeAtomically(join(outDir, CUCUMBER_REPORTS.junit), renderJunit(envelopes, certificate));
  return Object.values(CUCUMBER_REPORTS);
}
