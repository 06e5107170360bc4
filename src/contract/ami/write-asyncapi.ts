// Regenerates docs/dialects/ami.asyncapi.yaml from the packet schemas: `npx tsx src/contract/ami/write-asyncapi.ts`.
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { buildAmiAsyncApiDocument } from './asyncapi.ts';

export const AMI_ASYNCAPI_FILE = new URL('../../../docs/dialects/ami.asyncapi.yaml', import.meta.url);
export const renderAmiAsyncApi = (): string =>
  `# Generated from src/contract/ami/messages.ts — do not edit; run: npx tsx src/contract/ami/write-asyncapi.ts\n${stringify(buildAmiAsyncApiDocument(), { lineWidth: 0 })}`;

if (import.meta.url === `file://${process.argv[1]}`) await writeFile(AMI_ASYNCAPI_FILE, renderAmiAsyncApi());
