/** xmllint (libxml2 as WebAssembly) checking CSTA XML documents against the published XML Schemas (docs/dialects/csta-xml/). */
import { readFile } from 'node:fs/promises';
import { validateXML } from 'xmllint-wasm';
import { CSTA_NAMESPACE, SESSION_NAMESPACE } from '../../../src/contract/csta-xml/messages.ts';
import { XSD_FILES } from '../../../src/contract/csta-xml/xsd.ts';
import { XSD_DIRECTORY } from '../../../src/contract/csta-xml/write-xsd.ts';

/** One schema importing both message namespaces, so xmllint checks a document of either against the published files. */
const ENTRY = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="${CSTA_NAMESPACE}" schemaLocation="csta.xsd"/>
  <xs:import namespace="${SESSION_NAMESPACE}" schemaLocation="session.xsd"/>
</xs:schema>`;

async function published(): Promise<{ fileName: string; contents: string }[]> {
  return Promise.all(XSD_FILES.map(async ({ file }) => ({ fileName: file, contents: await readFile(new URL(file, XSD_DIRECTORY), 'utf8') })));
}

/** Documents per xmllint run: thousands at once outgrow its WebAssembly memory. */
const BATCH = 200;

/** xmllint's verdict on the documents: valid when every one is; its errors name the file `message-<index>.xml`. */
export async function xmllint(documents: readonly string[]): Promise<{ valid: boolean; errors: string[] }> {
  const preload = await published();
  const errors: string[] = [];
  let valid = true;
  for (let from = 0; from < documents.length; from += BATCH) {
    const result = await validateXML({
      xml: documents.slice(from, from + BATCH).map((contents, i) => ({ fileName: `message-${from + i}.xml`, contents })),
      schema: { fileName: 'entry.xsd', contents: ENTRY },
      preload,
    });
    valid &&= result.valid;
    errors.push(...result.errors.map((e) => e.rawMessage));
  }
  return { valid, errors };
}
