// Regenerates docs/cti-wire.asyncapi.yaml from the frame schemas: `npx tsx src/contract/cti-wire/write-asyncapi.ts`.
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { buildAsyncApiDocument } from './asyncapi.ts';

export const ASYNCAPI_FILE = new URL('../../../docs/cti-wire.asyncapi.yaml', import.meta.url);
export const renderAsyncApi = (): string =>
  `# Generated from src/contract/cti-wire/frames.ts — do not edit; run: npx tsx src/contract/cti-wire/write-asyncapi.ts\n${stringify(buildAsyncApiDocument(), { lineWidth: 0 })}`;

if (import.meta.url === `file://${process.argv[1]}`) await writeFile(ASYNCAPI_FILE, renderAsyncApi());
