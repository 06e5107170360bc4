/**
 * The small field schemas the certificate's parts share: timestamps, counts, hashes, scenario statuses.
 */
import { Type } from '@sinclair/typebox';

// A pattern rather than `format: 'date-time'`, which would need a process-wide format registry.
export const IsoTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$', description: 'an ISO 8601 UTC timestamp' });
export const ScenarioStatus = Type.Union([Type.Literal('passed'), Type.Literal('failed'), Type.Literal('skipped')]);
export const Count = Type.Integer({ minimum: 0 });
export const Sha256 = Type.String({ pattern: '^sha256:[0-9a-f]{64}$', description: 'sha256: and 64 lowercase hex digits' });
