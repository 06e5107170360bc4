/**
 * The certificate's published JSON Schema (docs/certificate.schema.json) is the writer's own, kept
 * fresh, and a JSON Schema validator nobody here wrote (Ajv) accepts a real certificate with it and
 * refuses a broken one.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { CERTIFICATE_SCHEMA_ID } from '../../src/report/certificate-schema.ts';
import { CERTIFICATE_SCHEMA_FILE, renderCertificateSchema } from '../../src/report/write-certificate-schema.ts';
import { certify, heldProperties } from './certificate-input.ts';
import { fixtureRun, removeFixtureRun } from './fixture-run.ts';

describe('the published certificate schema', () => {
  after(removeFixtureRun);

  it('is the one the writer checks with (run npx tsx src/report/write-certificate-schema.ts when this fails)', async () => {
    assert.equal(await readFile(CERTIFICATE_SCHEMA_FILE, 'utf8'), renderCertificateSchema());
  });

  it('validates a real certificate with Ajv, names its format, and refuses one that breaks it', async () => {
    const schema: unknown = JSON.parse(await readFile(CERTIFICATE_SCHEMA_FILE, 'utf8'));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema as object);
    const certificate = JSON.parse(JSON.stringify(certify((await fixtureRun()).summary, { properties: heldProperties() }))) as Record<string, unknown>;
    assert.equal(validate(certificate), true, JSON.stringify(validate.errors));
    assert.deepEqual([certificate['$schema'], certificate['kind'], certificate['version']], [CERTIFICATE_SCHEMA_ID, 'switchboard-certificate', 2]);
    assert.equal(validate({ ...certificate, verdict: 'partial' }), false);
    assert.ok(
      validate.errors?.some((e) => e.instancePath === '/verdict'),
      JSON.stringify(validate.errors),
    );
  });
});
