/**
 * The words every report uses for a verdict and the requirement statuses, from the certificate
 * alone, so the terminal, certificate.md, JUnit and the messages say the same.
 */
import type { Certificate } from './certificate-schema.ts';

/** The verdict's first line: which of the four, and why in one line. */
export function verdictHeadline(c: Certificate): string {
  const why = c.verdictReasons[0] ?? '';
  return `${VERDICT_WORDS[c.verdict]}: ${why}`;
}

export const VERDICT_WORDS: Readonly<Record<Certificate['verdict'], string>> = {
  conformant: '✔ CONFORMANT',
  'not-conformant': '✘ NOT CONFORMANT',
  incomplete: '◐ INCOMPLETE',
  error: '⚠ ERROR',
};

/** `52 passed, 1 failed, 2 blocked, 3 not judged of 58`: every status that occurs. */
export function requirementCounts(c: Certificate): string {
  const count = (status: string): number => c.requirements.filter((r) => r.status === status).length;
  const parts = [
    `${count('passed')} passed`,
    ...(['failed', 'blocked', 'not-judged'] as const).filter((s) => count(s) > 0).map((s) => `${count(s)} ${s.replace('-', ' ')}`),
  ];
  return `${parts.join(', ')} of ${c.requirements.length}`;
}
