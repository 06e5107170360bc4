/**
 * A counterexample as a Gherkin scenario in the suite's own steps, tagged with the requirement it
 * breaks, so it joins the features as a regression case.
 */
import { REQUIREMENTS, type TelephonyMode } from '../contract/index.ts';
import type { PropertyId } from './invariants.ts';
import type { Counterexample } from './run-result.ts';
import { DELAY_MS, describe, type CommandSpec, type FaultSpec, type RequestSpec } from './specs.ts';
import { AGENTS, BUSY_NUMBER, QUEUE, REASON_CODES, RINGING_NUMBER, provisioning, type Extension } from './world.ts';
import { birthsUpTo, callWords, type CounterexampleContext } from './counterexample.ts';
// ---------------------------------------------------------------- Gherkin

/** The step the suite already defines for a command, or undefined when it has none. */
function stepFor(spec: CommandSpec, isLast: (ordinal: number) => boolean): string | undefined {
  switch (spec.kind) {
    case 'customerCall':
      return spec.to === 'queue'
        ? `a customer calls queue "${QUEUE.id}" from ${spec.from}`
        : `a customer calls extension ${spec.to} directly from ${spec.from}`;
    case 'internalCall':
      return `extension ${spec.from} calls extension ${spec.to}`;
    case 'answerAtPhone': {
      const call = callWords(spec.call);
      return call === undefined ? undefined : `the CSR on ${spec.extension} answers ${call} at the phone`;
    }
    case 'hangUp':
      if (!isLast(spec.call)) return undefined;
      return spec.party === 'caller' ? 'the customer hangs up' : spec.party === 'farEnd' ? undefined : `the CSR on ${spec.party} hangs up at the phone`;
    case 'agentAtPhone': {
      const agent = AGENTS[spec.extension].id;
      if (spec.action === 'login') return `agent ${agent} logs in at the phone on ${spec.extension}`;
      if (spec.action === 'ready') return `agent ${agent} goes Ready at the phone on ${spec.extension}`;
      if (spec.action === 'notReady' && spec.reason !== undefined)
        return `agent ${agent} goes Not Ready at the phone on ${spec.extension} with reason "${spec.reason}"`;
      return undefined;
    }
    case 'supervisor': {
      const agent = AGENTS[spec.extension].id;
      return spec.action === 'logout'
        ? `a supervisor logs agent ${agent} out`
        : `a supervisor makes agent ${agent} Not Ready with reason "${spec.reason ?? REASON_CODES[0]}"`;
    }
    case 'request':
      return requestStep(spec, isLast);
    case 'fault':
      return faultStep(spec);
    case 'holdAtPhone':
      return `the CSR on ${spec.extension} puts their call on hold at the phone`;
    case 'retrieveAtPhone':
      return `the CSR on ${spec.extension} retrieves their held call at the phone`;
    case 'farEndAnswers': {
      const call = callWords(spec.call);
      return call === undefined ? undefined : `the far end of ${call} answers`;
    }
  }
}

/** The suite's step for a link fault; the duplicate and delay steps inject the property run's very rule (src/harness/link-faults.ts). */
function faultStep(spec: FaultSpec): string | undefined {
  switch (spec.fault) {
    case 'duplicate':
      return `the CTI link will duplicate the next event about extension ${spec.extension}`;
    case 'delay':
      return `the CTI link will hold back the next event about extension ${spec.extension} for ${DELAY_MS} ms`;
    case 'closeLink':
      // The suite's step drops the next frame to any desktop's link; the property run's, the next about this extension.
      return 'the CTI link will drop at the next frame to the adapter';
    case 'reorder':
      // Not among the property run's default faults (decision 0016): no step swaps events yet.
      return undefined;
  }
}

function requestStep(spec: RequestSpec, isLast: (ordinal: number) => boolean): string | undefined {
  const who = `the CSR on ${spec.extension}`;
  const agent = AGENTS[spec.extension];
  const call = typeof spec.call === 'number' ? callWords(spec.call) : undefined;
  switch (spec.activity) {
    case 'OpenAdapter':
      return `${who} opens the adapter`;
    case 'CloseAdapter':
      return `${who} closes the adapter`;
    case 'SubscribeForEvents':
      return `${who} subscribes to extension ${spec.extension}`;
    case 'UnSubscribeForEvents':
      return `${who} unsubscribes from extension ${spec.extension}`;
    case 'LoginAgent':
      return `${who} logs in as agent ${agent.id} with password "${spec.password === 'wrong' ? 'not-the-password' : agent.password}"`;
    case 'LogoutAgent':
      return spec.reason === undefined ? `${who} logs out as agent ${agent.id}` : `${who} logs out as agent ${agent.id} with reason "${spec.reason}"`;
    case 'SetAgentReady':
      return `${who} makes agent ${agent.id} Ready`;
    case 'SetAgentNotReady':
      return spec.afterCallWork === true
        ? `${who} starts after-call work as agent ${agent.id}`
        : `${who} makes agent ${agent.id} Not Ready with reason "${spec.reason ?? ''}"`;
    case 'AnswerCall':
      return spec.call === 'blank' ? `${who} answers without naming the call` : call === undefined ? undefined : `${who} answers ${call}`;
    case 'HangUpCall':
      return call === undefined ? undefined : `${who} hangs up ${call}`;
    case 'HoldCall':
      return call === undefined ? undefined : `${who} puts ${call} on hold`;
    case 'RetrieveCall':
      return call === undefined ? undefined : `${who} retrieves ${call}`;
    case 'MakeCall':
      return spec.destination === undefined ? undefined : `${who} calls ${spec.destination}`;
    case 'SendDTMF':
      return call === undefined ? undefined : `${who} sends the digits "${spec.digits ?? ''}" on ${call}`;
    case 'ConsultationCall':
    case 'TransferInitiate':
    case 'ConferenceInitiate':
      return call === undefined || spec.destination === undefined ? undefined : `${who} asks for ${spec.activity} of ${call} to ${spec.destination}`;
    case 'TransferComplete':
    case 'ConferenceComplete':
      // The suite's steps complete the last call onto the first.
      if (spec.held !== 1 || typeof spec.call !== 'number' || !isLast(spec.call)) return undefined;
      return spec.activity === 'TransferComplete' ? `${who} completes the transfer` : `${who} completes the conference`;
    case 'BlindTransfer':
      return call === undefined || spec.destination === undefined ? undefined : `${who} transfers ${call} blind to ${spec.destination}`;
    case 'DropParty':
      return call === undefined || spec.destination === undefined ? undefined : `${who} drops ${spec.destination} from ${call}`;
  }
}

/** A requirement proved by scenarios, of exactly this mode, that the regression can carry (the suite's tag rules). */
const RELATED: Readonly<Record<PropertyId, readonly string[]>> = {
  'OCTI-PROP-001': ['OCTI-CALL-008', 'OCTI-FULL-016'],
  'OCTI-PROP-002': ['OCTI-FULL-003'],
  'OCTI-PROP-003': ['OCTI-CALL-001', 'OCTI-FULL-007'],
  'OCTI-PROP-004': ['OCTI-SUB-005'],
  'OCTI-PROP-005': ['OCTI-EVT-002'],
  'OCTI-PROP-006': ['OCTI-CALL-003'],
  'OCTI-PROP-007': ['OCTI-MODE-001', 'OCTI-MODE-002', 'OCTI-MODE-003', 'OCTI-MODE-005'],
  'OCTI-PROP-008': ['OCTI-AGT-007'],
  'OCTI-PROP-009': ['OCTI-SUB-001', 'OCTI-MODE-006', 'OCTI-FULL-015'],
};

function tagsFor(id: PropertyId, mode: TelephonyMode): { tags: string; note: string | null } {
  for (const candidate of RELATED[id]) {
    const requirement = REQUIREMENTS.find((r) => r.id === candidate);
    if (requirement === undefined || requirement.mode !== mode) continue;
    return { tags: `@${requirement.only === true ? 'only' : 'from'}:${mode} @${candidate}`, note: null };
  }
  return {
    tags: `@from:${mode}`,
    note: `Tag it with the requirement it proves (${RELATED[id].join(', ')} are related) before committing: every scenario carries one.`,
  };
}

/** The checks that would have caught it, in the suite's phrasing. */
function thenSteps(c: Counterexample, mode: TelephonyMode): string[] {
  const v = c.violation;
  const ext = v.extension;
  const ordinal = v.callId === undefined ? undefined : c.ordinals[v.callId];
  const call = ordinal === undefined ? undefined : callWords(ordinal);
  const agrees = ext === undefined ? [] : [`the desktop for ${ext} agrees with the switch`];
  switch (v.id) {
    case 'OCTI-PROP-001': {
      if (ext === undefined || call === undefined) return agrees;
      const terminal = /terminal (Disconnected|Abandoned)/.exec(v.message)?.[1] ?? 'Disconnected';
      return [`the desktop for ${ext} gets exactly one ${terminal} for ${call}`, `nothing follows the ${terminal} for ${call} on ${ext}`];
    }
    case 'OCTI-PROP-002':
      return ext === undefined || call === undefined
        ? agrees
        : [`the desktop for ${ext} gets, in order, for ${call}:\n      | Held      |\n      | Retrieved |`];
    case 'OCTI-PROP-006':
      return ext === undefined || call === undefined ? agrees : [`the desktop for ${ext} gets exactly one Offering for ${call}`];
    case 'OCTI-PROP-007':
      if (v.activity !== undefined) return [`${v.activity} fails with OPENCTI_HTTP_ERROR_405`];
      return ext === undefined ? [] : mode === 'simple' ? [`the desktop for ${ext} gets no agent state event`] : [];
    case 'OCTI-PROP-008':
    case 'OCTI-PROP-009':
      return mode === 'full' || v.id === 'OCTI-PROP-008' ? agrees : agrees;
    case 'OCTI-PROP-003':
    case 'OCTI-PROP-004':
    case 'OCTI-PROP-005':
      return [];
  }
}

export function renderFeature(c: Counterexample, context: CounterexampleContext): string {
  const commands = c.commands;
  const missing: string[] = [];
  const lines: string[] = [];
  commands.forEach((spec, index) => {
    const isLast = (ordinal: number): boolean => ordinal === birthsUpTo(commands, index);
    const step = stepFor(spec, isLast);
    if (step === undefined) missing.push(describe(spec));
    lines.push(`    ${index === 0 ? 'When' : 'And'} ${step ?? describe(spec)}`);
  });
  // A dropped link comes back after the adapter's own backoff: wait for it before judging.
  const dropped = [
    ...new Set(commands.filter((spec) => spec.kind === 'fault' && spec.fault === 'closeLink').map((spec) => (spec.kind === 'fault' ? spec.extension : ''))),
  ];
  const thens = [...dropped.map((ext) => `the desktop for ${ext} gets a snapshot carrying:\n      | pyLinkState | CONNECTED |`), ...thenSteps(c, context.mode)];
  const { tags, note } = tagsFor(c.violation.id, context.mode);
  const world = provisioning();
  const background = [
    `    Given the switch has extensions ${world.extensions?.join(' and ') ?? ''}`,
    ...(world.callWaiting ?? []).map((e) => `    And extension ${e} has call waiting`),
    `    And queue "${QUEUE.id}" is dialled on ${QUEUE.dialledNumber} and served by extensions ${QUEUE.members.join(' and ')}`,
    ...(Object.keys(AGENTS) as Extension[]).map((e) => `    And agent ${AGENTS[e].id} with password "${AGENTS[e].password}" is known to the switch`),
    `    And the ACD's reason codes are ${REASON_CODES.map((r) => `"${r}"`).join(' and ')}`,
    ...(context.mode === 'full'
      ? [`    And the dial plan knows the outside numbers ${RINGING_NUMBER}`, `    And the outside number ${BUSY_NUMBER} is busy`]
      : []),
    `    And a CSR monitors extension 8808`,
    `    And a CSR monitors extension 8809`,
  ];
  const header = [
    `# Found by the property run of switchboard certify (${context.mode} telephony): ${c.violation.id} — ${context.statement}`,
    `# Seed ${context.seed}, path ${c.path}; shrunk ${context.shrinks} times${context.reproduced ? ', and it replays' : ' (a fresh replay did not fail again: timing may matter)'}.`,
    `# Replay the property run's case exactly with:`,
    `#   ${context.replayCommand}`,
    '# Copied into features/, this scenario runs the same commands one after another, each request',
    '# awaited before the next step; the property run may have interleaved them differently (see the',
    '# .txt beside this file).',
    ...(missing.length > 0 ? ['# The suite defines no step yet for:', ...missing.map((m) => `#   - ${m}`)] : []),
    ...(note === null ? [] : [`# ${note}`]),
  ];
  return [
    ...header,
    tags,
    `Feature: Regression from the property run: ${c.violation.id}`,
    `  ${context.statement}`,
    '',
    `  Scenario: ${c.violation.id} counterexample (seed ${context.seed})`,
    ...background,
    ...lines,
    ...thens.map((t, i) => `    ${i === 0 ? 'Then' : 'And'} ${t}`),
    '',
  ].join('\n');
}
