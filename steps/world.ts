/**
 * The World holds handles only: the lab of this scenario. Hooks start and stop it, and after every
 * scenario attach its normalized transcript, check what no step may forget (OCTI-EVT-001) and
 * attach the trace when it failed.
 */
import { After, Before, setDefaultTimeout, setWorldConstructor, Status, World } from '@cucumber/cucumber';
import type { DesktopChecks } from '../src/harness/checks.ts';
import { Lab } from '../src/harness/lab.ts';
import { suiteContext, type SuiteParameters } from '../src/harness/suite-context.ts';
import { transcriptOf } from '../src/harness/transcript.ts';
import { EVIDENCE_MEDIA_TYPE, TRACE_MEDIA_TYPE } from '../src/report/messages.ts';
import { TRANSCRIPT_MEDIA_TYPE } from '../src/report/transcripts.ts';

export class LabWorld extends World<SuiteParameters> {
  #lab: Lab | undefined;

  get lab(): Lab {
    if (this.#lab === undefined) throw new Error('the lab is not started (the Before hook did not run)');
    return this.#lab;
  }

  get labStarted(): boolean {
    return this.#lab !== undefined;
  }

  get checks(): DesktopChecks {
    return this.lab.checks;
  }

  /** Starts the scenario's lab; `scenario` names its frames in the run's wire log, if it keeps one. */
  async startLab(scenario: string): Promise<void> {
    const { wireLog, ...context } = await suiteContext(this.parameters);
    this.#lab = await Lab.start({
      ...context,
      ...(wireLog === undefined ? {} : { wire: { log: wireLog, scenario } }),
      mode: this.parameters.mode,
      deadlineMs: this.parameters.deadlineMs,
      quietMs: this.parameters.quietMs,
      ...(this.parameters.dialect === undefined ? {} : { dialect: this.parameters.dialect }),
    });
  }

  async stopLab(): Promise<void> {
    await this.#lab?.stop();
  }
}

setWorldConstructor(LabWorld);
// Generous for a human-scale step; expectations carry their own, much shorter deadlines.
setDefaultTimeout(30_000);

Before(async function (this: LabWorld, { pickle }) {
  await this.startLab(pickle.name);
});

After(async function (this: LabWorld, { result }) {
  try {
    await this.stopLab();
  } finally {
    // Every scenario's evidence, passed or not: the certificate hashes it (docs/decisions/0012).
    if (this.labStarted) this.attach(JSON.stringify(transcriptOf(this.lab.trace.entries)), { mediaType: TRANSCRIPT_MEDIA_TYPE, fileName: 'transcript.json' });
  }
  const violations = this.lab.schemaViolations();
  const failed = result?.status !== Status.PASSED || violations.length > 0;
  if (failed) this.attach(JSON.stringify(this.lab.trace, null, 2), { mediaType: TRACE_MEDIA_TYPE, fileName: 'trace.json' });
  // No unexpected error passes silently: a bad event fails the scenario even if no step looked at it.
  if (violations.length > 0 && result?.status === Status.PASSED) {
    // Evidence against OCTI-EVT-001 alone: the scenario's own requirements held.
    this.attach(JSON.stringify({ requirements: ['OCTI-EVT-001'] }), EVIDENCE_MEDIA_TYPE);
    throw new Error(`OCTI-EVT-001: events that do not match Pega's event schema reached the desktop:\n${violations.join('\n')}`);
  }
});
