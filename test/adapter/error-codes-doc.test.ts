import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { ERROR_CODES_DOC, renderErrorCodesDoc } from '../../src/adapter/error-codes-doc.ts';

test('docs/error-codes.md is the table the adapter uses', async () => {
  assert.equal(await readFile(ERROR_CODES_DOC, 'utf8'), renderErrorCodesDoc(), 'docs/error-codes.md is stale: run npx tsx src/adapter/error-codes-doc.ts');
});
