/**
 * What one AMI session hears: the class of each event against the Login's Events mask, and the
 * literal event filters it adds (Filter action, decision 0053); and who an agent's manager user is.
 */
import { interfaceOf } from '../../src/contract/ami/vocabulary.ts';
import type { Credentials } from './requests.ts';
import type { ModelState } from '../model/types.ts';

/** The class (manager.conf read permission) of each event the dialect raises. */
export function classOf(name: string): string {
  if (name.startsWith('QueueMember')) return 'agent';
  if (name === 'CEL') return 'cel';
  if (name === 'FullyBooted') return 'system';
  return 'call';
}

/** An Events header as a mask: on/off, or a list of classes. */
export function eventMask(value: string | undefined): (klass: string) => boolean {
  if (value === undefined) return () => true;
  const v = value.trim().toLowerCase();
  if (v === 'on' || v === 'all' || v === 'yes' || v === 'true') return () => true;
  if (v === 'off' || v === 'no' || v === 'false' || v === '') return () => false;
  const classes = new Set(v.split(',').map((c) => c.trim()));
  return (klass) => classes.has('all') || classes.has(klass);
}

/** Event filters one session may add (Filter action), and the longest; the simulator takes literal text only (no regular expressions: decision 0053). */
export const MAX_FILTERS = 64;
export const FILTER = /^[A-Za-z0-9 :/_.,+=-]{1,128}$/;

/** The filter that selects a device's channels: `PJSIP/<device>-`. */
export function channelPrefixOf(deviceId: string): string {
  return `${interfaceOf(deviceId)}-`;
}

/**
 * The agent whose manager user a Login names (decision 0130): each provisioned agent is a manager
 * user of its own, its id the Username and its password the Secret, with neither read nor write
 * permission, so that a client checks an agent's password by logging in as that user. The CTI
 * server's own user is never an agent's. Undefined when the Username names no agent.
 */
export function agentUserOf(model: ModelState, credentials: Credentials, username: string): { readonly id: string; readonly password: string } | undefined {
  return username === credentials.user ? undefined : model.agents.get(username);
}
