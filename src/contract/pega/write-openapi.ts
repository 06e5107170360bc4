// Regenerates docs/pega-face.openapi.yaml from the face's schemas: `npx tsx src/contract/pega/write-openapi.ts`.
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { buildOpenApiDocument } from './openapi.ts';

export const OPENAPI_FILE = new URL('../../../docs/pega-face.openapi.yaml', import.meta.url);
export const renderOpenApi = (): string =>
  `# Generated from src/contract/pega/http-face.ts — do not edit; run: npx tsx src/contract/pega/write-openapi.ts\n${stringify(buildOpenApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false })}`;

if (import.meta.url === `file://${process.argv[1]}`) await writeFile(OPENAPI_FILE, renderOpenApi());
