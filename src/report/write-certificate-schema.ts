// Regenerates docs/certificate.schema.json from the certificate's schema: `npx tsx src/report/write-certificate-schema.ts`.
import { writeFile } from 'node:fs/promises';
import { CertificateSchema } from './certificate-schema.ts';

export const CERTIFICATE_SCHEMA_FILE = new URL('../../docs/certificate.schema.json', import.meta.url);

/** The published JSON Schema: the one the writer checks every certificate against, as JSON. */
export const renderCertificateSchema = (): string =>
  `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', $comment: 'Generated from src/report/certificate-schema.ts — do not edit; run: npx tsx src/report/write-certificate-schema.ts', ...CertificateSchema }, null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) await writeFile(CERTIFICATE_SCHEMA_FILE, renderCertificateSchema());
