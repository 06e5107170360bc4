/** Reads the adapter-page properties an activity needs, refusing what is missing or malformed. */
import { DeviceId } from '../../contract/cti-wire/frames.ts';
import type { AdapterPage } from '../../contract/pega/activities.ts';
import type { ActivityResult } from '../../contract/pega/errors.ts';
import { compile } from '../../contract/validation.ts';
import { failure } from '../errors.ts';

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly result: ActivityResult };

const isDeviceId = compile(DeviceId);

export function readDN(activity: string, page: AdapterPage | undefined): Read<string> {
  // The page may come from outside TypeScript (an HTTP body): read it as unknown.
  const dn: unknown = page?.DN;
  if (dn === undefined || dn === null || dn === '') return { ok: false, result: failure('missingDN', { activity }) };
  const checked = isDeviceId(dn);
  if (!checked.ok) return { ok: false, result: failure('invalidDN', { activity, dn: typeof dn === 'string' ? dn : JSON.stringify(dn) }) };
  return { ok: true, value: checked.value };
}
