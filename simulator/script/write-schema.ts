/** Regenerates script.schema.json from the TypeBox schema: `node --import tsx simulator/script/write-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { renderScriptJsonSchema } from './schema.ts';

const target = new URL('./script.schema.json', import.meta.url);
writeFileSync(target, renderScriptJsonSchema());
process.stdout.write(`wrote ${target.pathname}\n`);
