// Regenerates docs/dialects/csta-xml/*.xsd from the message schemas: `npx tsx src/contract/csta-xml/write-xsd.ts`.
import { mkdir, writeFile } from 'node:fs/promises';
import { buildXsdDocuments } from './xsd.ts';

export const XSD_DIRECTORY = new URL('../../../docs/dialects/csta-xml/', import.meta.url);

if (import.meta.url === `file://${process.argv[1]}`) {
  await mkdir(XSD_DIRECTORY, { recursive: true });
  for (const [file, text] of buildXsdDocuments()) await writeFile(new URL(file, XSD_DIRECTORY), text);
}
