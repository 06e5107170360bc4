/**
 * The Pega-desktop emulator: one CSR session. It owns one adapter instance (Pega's session class
 * owns one per user), calls activities as Pega Call would, and records every request, outcome and
 * delivered event in the trace, checking each event against Pega's schema on arrival.
 */
import {
  PegaEventSchemas,
  compileTagged,
  isOpenCtiErrorCode,
  type ActivityName,
  type ActivityResult,
  type AdapterFactory,
  type AdapterLogger,
  type AdapterPage,
  type PegaCallAdapter,
} from '../contract/index.ts';
import type { Trace } from './trace.ts';

const checkPegaEvent = compileTagged('pyEventType', PegaEventSchemas, 'event');

/** The adapter broke the in-process contract (rejected, returned a malformed result). */
export class AdapterContractViolation extends Error {
  override readonly name = 'AdapterContractViolation';
}

export class Desktop {
  readonly name: string;
  readonly #adapter: PegaCallAdapter;
  readonly #trace: Trace;

  private constructor(name: string, adapter: PegaCallAdapter, trace: Trace) {
    this.name = name;
    this.#adapter = adapter;
    this.#trace = trace;
  }

  /** Creates the adapter instance for this CSR; rejects with the adapter's own error when it refuses the settings. */
  static async open(name: string, factory: AdapterFactory, settings: unknown, trace: Trace, logger: AdapterLogger): Promise<Desktop> {
    const sink = {
      deliver(delivery: unknown): void {
        const record = typeof delivery === 'object' && delivery !== null ? (delivery as Record<string, unknown>) : {};
        const DN = typeof record['DN'] === 'string' ? record['DN'] : '';
        const event = typeof record['event'] === 'object' && record['event'] !== null ? (record['event'] as Record<string, unknown>) : {};
        const checked = checkPegaEvent(record['event']);
        const issues = DN === '' ? [{ path: 'DN', message: 'Expected the extension the event is for' }] : [];
        trace.record({ kind: 'delivered', desktop: name, DN, event, issues: checked.ok ? issues : [...issues, ...checked.issues] });
      },
    };
    const adapter = await factory({ settings, sink, logger });
    return new Desktop(name, adapter, trace);
  }

  async invoke(activity: ActivityName, page: AdapterPage): Promise<ActivityResult> {
    this.#trace.record({ kind: 'request', desktop: this.name, activity, page });
    let result: unknown;
    try {
      result = await this.#adapter[activity](page);
    } catch (error) {
      const threw = error instanceof Error ? error.message : String(error);
      this.#trace.record({ kind: 'outcome', desktop: this.name, activity, result: { threw } });
      throw new AdapterContractViolation(`${activity} rejected instead of resolving to a result: ${threw}`);
    }
    const checked = checkResult(result);
    if (checked === undefined) {
      this.#trace.record({ kind: 'outcome', desktop: this.name, activity, result: { threw: `malformed result ${JSON.stringify(result)}` } });
      throw new AdapterContractViolation(
        `${activity} resolved to ${JSON.stringify(result)}; expected { ok: true } or { ok: false, errCode: OPENCTI_*, errMessage, pyStatusMessage, pyPegaCTIError }`,
      );
    }
    this.#trace.record({ kind: 'outcome', desktop: this.name, activity, result: checked });
    return checked;
  }
}

function checkResult(value: unknown): ActivityResult | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (r['ok'] === true) return { ok: true };
  if (r['ok'] !== false || !isOpenCtiErrorCode(r['errCode'])) return undefined;
  const text = (key: string): string | undefined => (typeof r[key] === 'string' ? r[key] : undefined);
  const errMessage = text('errMessage');
  const pyStatusMessage = text('pyStatusMessage');
  const pyPegaCTIError = text('pyPegaCTIError');
  if (errMessage === undefined || pyStatusMessage === undefined || pyPegaCTIError === undefined) return undefined;
  return { ok: false, errCode: r['errCode'], errMessage, pyStatusMessage, pyPegaCTIError };
}
