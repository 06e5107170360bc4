/**
 * Checks a well-formed script for consistency the schema cannot express: duplicates, names that
 * are not provisioned, refs used before they are defined, far-end timings that do not go with the
 * behaviour, and a timeline out of order. Runtime refusals (answering when nothing rings, dialling
 * a busy extension or a number the dial plan does not know) depend on timing and are reported by
 * the runner.
 */
import type { Issue } from '../../src/contract/validation.ts';
import { faultPlanIssues } from '../faults/check.ts';
import { toMillis } from './duration.ts';
import type { Script } from './schema.ts';

type DialPlanFields = NonNullable<Script['provision']['dialPlan']>;
interface FarEndFields {
  readonly behaviour: string;
  readonly answerAfterMs?: number;
  readonly noAnswerAfterMs?: number;
  readonly hangUpAfterMs?: number;
}

const TIMINGS: Readonly<Record<string, readonly string[]>> = {
  answer: ['answerAfterMs', 'hangUpAfterMs'],
  ring: ['hangUpAfterMs'],
  busy: [],
  noAnswer: ['noAnswerAfterMs'],
  invalidNumber: [],
};

function farEndIssues(farEnd: FarEndFields, at: string, issues: Issue[]): void {
  const allowed = TIMINGS[farEnd.behaviour] ?? [];
  for (const field of ['answerAfterMs', 'noAnswerAfterMs', 'hangUpAfterMs'] as const) {
    if (farEnd[field] !== undefined && !allowed.includes(field)) {
      issues.push({ path: `${at}.${field}`, message: `a ${farEnd.behaviour} far end takes ${allowed.join(' or ') || 'no timing'}; expected no ${field}` });
    }
  }
}

/** Checks a dial plan (provisioned or configured) against the script's numbering; returns its outside numbers. */
function dialPlanIssues(plan: DialPlanFields, at: string, numbers: ReadonlyMap<string, string>, issues: Issue[]): string[] {
  const listed = new Map<string, number>();
  (plan.outside ?? []).forEach((entry, i) => {
    const path = `${at}.outside[${i}]`;
    const clash = numbers.get(entry.number);
    if (clash !== undefined) issues.push({ path: `${path}.number`, message: `${entry.number} is already used at ${clash}; expected an outside number` });
    const earlier = listed.get(entry.number);
    if (earlier !== undefined)
      issues.push({ path: `${path}.number`, message: `${entry.number} is already listed at ${at}.outside[${earlier}]; expected each number once` });
    else listed.set(entry.number, i);
    farEndIssues(entry, path, issues);
  });
  if (plan.unlisted !== undefined && plan.unlisted !== 'refused') farEndIssues(plan.unlisted, `${at}.unlisted`, issues);
  return [...listed.keys()];
}

function oneOf(known: Iterable<string>): string {
  const list = [...known];
  return list.length === 0 ? '(none defined)' : list.join(', ');
}

/** Extensions and queue numbers, each with where it is provisioned. */
function provisionIssues(script: Script, issues: Issue[]): Map<string, string> {
  const { extensions, queues = [], agents = [] } = script.provision;
  const firstSeen = new Map<string, string>();
  extensions.forEach((ext, i) => {
    const path = `provision.extensions[${i}]`;
    const earlier = firstSeen.get(ext);
    if (earlier !== undefined) issues.push({ path, message: `extension ${ext} is already listed at ${earlier}; expected each extension once` });
    else firstSeen.set(ext, path);
  });
  (script.provision.callWaiting ?? []).forEach((ext, i) => {
    if (!extensions.includes(ext))
      issues.push({ path: `provision.callWaiting[${i}]`, message: `${ext} is not a provisioned extension; expected one of ${oneOf(extensions)}` });
  });
  const queueIds = new Map<string, string>();
  queues.forEach((queue, i) => {
    const at = `provision.queues[${i}]`;
    const earlier = queueIds.get(queue.id);
    if (earlier !== undefined) issues.push({ path: `${at}.id`, message: `queue ${queue.id} is already defined at ${earlier}; expected unique queue ids` });
    else queueIds.set(queue.id, at);
    const clash = firstSeen.get(queue.dialledNumber);
    if (clash !== undefined)
      issues.push({ path: `${at}.dialledNumber`, message: `${queue.dialledNumber} is already used at ${clash}; expected a number of its own` });
    else firstSeen.set(queue.dialledNumber, `${at}.dialledNumber`);
    const members = new Set<string>();
    queue.members.forEach((member, j) => {
      const path = `${at}.members[${j}]`;
      if (!extensions.includes(member)) issues.push({ path, message: `${member} is not a provisioned extension; expected one of ${oneOf(extensions)}` });
      else if (members.has(member)) issues.push({ path, message: `${member} is listed twice; expected each member once` });
      members.add(member);
    });
  });
  const agentIds = new Set<string>();
  agents.forEach((agent, i) => {
    if (agentIds.has(agent.id)) issues.push({ path: `provision.agents[${i}].id`, message: `agent ${agent.id} is defined twice; expected unique agent ids` });
    agentIds.add(agent.id);
    const served = new Set<string>();
    (agent.queues ?? []).forEach((queue, j) => {
      const path = `provision.agents[${i}].queues[${j}]`;
      if (!queueIds.has(queue)) issues.push({ path, message: `${queue} is not a provisioned queue; expected one of ${oneOf(queueIds.keys())}` });
      else if (served.has(queue)) issues.push({ path, message: `${queue} is listed twice; expected each queue once` });
      served.add(queue);
    });
  });
  return firstSeen;
}

function timelineIssues(script: Script, numbering: ReadonlyMap<string, string>, issues: Issue[]): void {
  const extensions = new Set(script.provision.extensions);
  // Outside numbers a step may name as a party: those in the dial plan, dialled, or calling in.
  const outside = new Set(script.provision.dialPlan === undefined ? [] : dialPlanIssues(script.provision.dialPlan, 'provision.dialPlan', numbering, issues));
  for (const step of script.timeline) {
    if (step.do === 'customerCall') outside.add(step.from);
    if ((step.do === 'makeCall' || step.do === 'consultationCall' || step.do === 'singleStepTransfer') && !extensions.has(step.to)) outside.add(step.to);
    if (step.do === 'configureDialPlan') for (const entry of step.outside ?? []) outside.add(entry.number);
  }
  const queues = new Set((script.provision.queues ?? []).map((q) => q.id));
  const agents = new Map((script.provision.agents ?? []).map((a) => [a.id, a]));
  // The reason codes in force at each step: configureAcd steps may replace the list.
  let reasonCodes = script.provision.acd?.reasonCodes;
  const refs = new Map<string, number>();
  let previous = 0;

  const extension = (path: string, value: string): void => {
    if (!extensions.has(value)) issues.push({ path, message: `${value} is not a provisioned extension; expected one of ${oneOf(extensions)}` });
  };
  const agent = (path: string, value: string): void => {
    if (!agents.has(value)) issues.push({ path, message: `${value} is not a provisioned agent; expected one of ${oneOf(agents.keys())}` });
  };
  const reasonCode = (path: string, value: string | undefined): void => {
    if (value !== undefined && reasonCodes !== undefined && !reasonCodes.includes(value)) {
      issues.push({ path, message: `${value} is not a configured reason code; expected one of ${oneOf(reasonCodes)}` });
    }
  };
  const callRef = (path: string, ref: string): void => {
    if (!refs.has(ref)) issues.push({ path, message: `no earlier step defines ref ${JSON.stringify(ref)}; expected one of ${oneOf(refs.keys())}` });
  };

  script.timeline.forEach((step, i) => {
    const at = `timeline[${i}]`;
    const ms = toMillis(step.at);
    if (ms < previous) issues.push({ path: `${at}.at`, message: `${ms}ms comes before the previous step's ${previous}ms; expected the timeline sorted by at` });
    previous = Math.max(previous, ms);

    switch (step.do) {
      case 'customerCall':
        if (extensions.has(step.from))
          issues.push({ path: `${at}.from`, message: `${step.from} is an extension; expected an external number (use internalCall between extensions)` });
        if (step.to.queue !== undefined && !queues.has(step.to.queue)) {
          issues.push({ path: `${at}.to.queue`, message: `${step.to.queue} is not a provisioned queue; expected one of ${oneOf(queues)}` });
        }
        if (step.to.extension !== undefined) extension(`${at}.to.extension`, step.to.extension);
        break;
      case 'internalCall':
        extension(`${at}.from`, step.from);
        extension(`${at}.to`, step.to);
        if (step.from === step.to) issues.push({ path: `${at}.to`, message: `${step.to} is the calling extension itself; expected another extension` });
        break;
      case 'answerAtPhone':
        extension(`${at}.extension`, step.extension);
        if (step.call !== undefined) callRef(`${at}.call`, step.call);
        break;
      case 'hangUp':
        callRef(`${at}.call`, step.call);
        if (step.party !== 'caller' && !extensions.has(step.party) && !outside.has(step.party)) {
          issues.push({
            path: `${at}.party`,
            message: `${step.party} is neither a provisioned extension (${oneOf(extensions)}) nor an outside number the script calls from, dials or lists; expected caller or one of those`,
          });
        }
        break;
      case 'makeCall':
        extension(`${at}.from`, step.from);
        if (step.from === step.to) issues.push({ path: `${at}.to`, message: `${step.to} is the calling extension itself; expected another number` });
        break;
      case 'holdAtPhone':
      case 'retrieveAtPhone':
        extension(`${at}.extension`, step.extension);
        if (step.call !== undefined) callRef(`${at}.call`, step.call);
        break;
      case 'consultationCall':
      case 'singleStepTransfer':
        extension(`${at}.extension`, step.extension);
        callRef(`${at}.call`, step.call);
        if (step.extension === step.to) issues.push({ path: `${at}.to`, message: `${step.to} is the extension itself; expected another number` });
        break;
      case 'transferCall':
      case 'conferenceCall':
        extension(`${at}.extension`, step.extension);
        callRef(`${at}.heldCall`, step.heldCall);
        callRef(`${at}.activeCall`, step.activeCall);
        if (step.heldCall === step.activeCall)
          issues.push({ path: `${at}.activeCall`, message: `the held call and the active call are both ${step.heldCall}; expected two calls` });
        break;
      case 'generateDigits':
        extension(`${at}.extension`, step.extension);
        callRef(`${at}.call`, step.call);
        break;
      case 'farEndAnswers':
        callRef(`${at}.call`, step.call);
        if (step.number !== undefined && extensions.has(step.number))
          issues.push({
            path: `${at}.number`,
            message: `${step.number} is an extension; expected an outside number (an extension answers with answerAtPhone)`,
          });
        break;
      case 'configureDialPlan': {
        const { at: _at, do: _do, ...plan } = step;
        dialPlanIssues(plan, at, numbering, issues);
        break;
      }
      case 'agentAtPhone': {
        agent(`${at}.agent`, step.agent);
        extension(`${at}.extension`, step.extension);
        if (step.reasonCode !== undefined && step.action !== 'notReady' && step.action !== 'logout') {
          issues.push({ path: `${at}.reasonCode`, message: `only notReady and logout take a reason code, not ${step.action}` });
        } else reasonCode(`${at}.reasonCode`, step.reasonCode);
        const served = agents.get(step.agent)?.queues;
        if (step.queue === undefined) break;
        if (step.action !== 'login') issues.push({ path: `${at}.queue`, message: `only login names a queue, not ${step.action}` });
        else if (!queues.has(step.queue))
          issues.push({ path: `${at}.queue`, message: `${step.queue} is not a provisioned queue; expected one of ${oneOf(queues)}` });
        else if (served !== undefined && !served.includes(step.queue))
          issues.push({ path: `${at}.queue`, message: `agent ${step.agent} does not serve ${step.queue}; expected one of ${oneOf(served)}` });
        break;
      }
      case 'supervisor':
        agent(`${at}.agent`, step.agent);
        reasonCode(`${at}.reasonCode`, step.reasonCode);
        break;
      case 'configureAcd':
        if (step.reasonCodes !== undefined) reasonCodes = step.reasonCodes;
        break;
      case 'setFaults':
        issues.push(...faultPlanIssues({ seed: step.seed, rules: step.rules }, at));
        break;
      case 'clearFaults':
        break;
    }

    if ((step.do === 'customerCall' || step.do === 'internalCall' || step.do === 'makeCall' || step.do === 'consultationCall') && step.ref !== undefined) {
      const earlier = refs.get(step.ref);
      if (earlier !== undefined)
        issues.push({ path: `${at}.ref`, message: `ref ${JSON.stringify(step.ref)} is already defined at timeline[${earlier}]; expected a new name` });
      else refs.set(step.ref, i);
    }
  });
}

export function semanticIssues(script: Script): Issue[] {
  const issues: Issue[] = [];
  const numbering = provisionIssues(script, issues);
  if (script.faults !== undefined) issues.push(...faultPlanIssues(script.faults, 'faults'));
  timelineIssues(script, numbering, issues);
  return issues;
}
