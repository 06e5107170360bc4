/**
 * Shapes of numbers, ids and call data the switch accepts. They match the CTI wire's rules so
 * that every event the model emits can be put on the wire unchanged.
 */
import type { CallData } from './types.ts';

const DEVICE_NUMBER = /^\+?[0-9]{1,32}$/;
const ID = /^[A-Za-z0-9._:-]{1,64}$/;
const CALL_DATA_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const CALL_DATA_VALUE_MAX = 1024;
export const REASON_CODE_MAX = 32;

export const DEVICE_NUMBER_RULE = 'digits, optionally led by +, at most 32';
export const ID_RULE = '1-64 characters of A-Z a-z 0-9 . _ : -';

export function isDeviceNumber(value: unknown): value is string {
  return typeof value === 'string' && DEVICE_NUMBER.test(value);
}

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

/** The first problem with the call data, or null when it is fine. */
export function callDataProblem(callData: CallData): string | null {
  for (const [name, value] of Object.entries(callData)) {
    if (!CALL_DATA_NAME.test(name)) return `call data name ${JSON.stringify(name)} must start with a letter and have at most 64 of A-Z a-z 0-9 _ . -`;
    if (typeof value !== 'string') return `call data ${name} must be a string, got ${typeof value}`;
    if (value.length > CALL_DATA_VALUE_MAX) return `call data ${name} must have at most ${CALL_DATA_VALUE_MAX} characters, got ${value.length}`;
  }
  return null;
}

export function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
