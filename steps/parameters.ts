/** Typed step parameters, so steps receive domain values instead of strings to re-parse. */
import { defineParameterType } from '@cucumber/cucumber';
import { ACTIVITY_NAMES, AGENT_EVENT_NAMES, CALL_EVENT_NAMES } from '../src/contract/index.ts';

defineParameterType({ name: 'extension', regexp: /\d{3,6}/, transformer: (s: string) => s });
defineParameterType({ name: 'phone', regexp: /\+?\d{7,15}/, transformer: (s: string) => s });
defineParameterType({
  name: 'extensions',
  regexp: /\d{3,6}(?:(?:, | and )\d{3,6})*/,
  transformer: (s: string) => s.split(/, | and /),
});
defineParameterType({
  name: 'call',
  regexp: /the call|the first call|the second call|the third call/,
  transformer: (s: string) => (s === 'the call' ? 'last' : (s.split(' ')[1] ?? 'last')),
});
defineParameterType({ name: 'activity', regexp: new RegExp(ACTIVITY_NAMES.join('|')), transformer: (s: string) => s });
defineParameterType({ name: 'errorCode', regexp: /OPENCTI_[A-Z0-9_]+/, transformer: (s: string) => s });
defineParameterType({ name: 'callEvent', regexp: new RegExp(CALL_EVENT_NAMES.join('|')), transformer: (s: string) => s });
/** A setting's value as an analyst writes it: a JSON literal, or `nothing` for a missing setting. */
defineParameterType({
  name: 'settingValue',
  regexp: /nothing|"[^"]*"|-?\d+(?:\.\d+)?|true|false/,
  transformer: (s: string): unknown => (s === 'nothing' ? undefined : JSON.parse(s)),
});
defineParameterType({ name: 'agentEvent', regexp: new RegExp(AGENT_EVENT_NAMES.join('|')), transformer: (s: string) => s });
/** `"3", "7" and "SUP"` → ['3', '7', 'SUP'] */
defineParameterType({
  name: 'quotedList',
  regexp: /"[^"]*"(?:(?:, | and )"[^"]*")*/,
  transformer: (s: string) => [...s.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? ''),
});
/** Who reaches the switch first when a request and a switch event cross (glare). */
defineParameterType({ name: 'side', regexp: /the desktop|the switch/, transformer: (s: string) => (s === 'the desktop' ? 'desktop' : 'switch') });
/** Devices in a call: extensions and outside numbers, `8808, 8809 and 16175551212`. */
defineParameterType({
  name: 'parties',
  regexp: /\+?\d{3,15}(?:(?:, | and )\+?\d{3,15})*/,
  transformer: (s: string) => s.split(/, | and /),
});
