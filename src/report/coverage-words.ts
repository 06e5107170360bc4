/** The property run's coverage in one line, for the terminal and certificate.md. */
import type { Static } from '@sinclair/typebox';
import type { CoverageSchema } from './certificate-properties.ts';

export function coverageSummary(coverage: Static<typeof CoverageSchema>): string {
  const percent = coverage.space === 0 ? 0 : Math.floor((100 * coverage.reached) / coverage.space);
  return `${coverage.reached} of ${coverage.space} request × state × fault combinations reached (${percent} %), ${coverage.unreached.length} never`;
}
