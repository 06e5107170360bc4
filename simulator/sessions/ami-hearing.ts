/**
 * What one AMI session hears: the class of each event against the Login's Events mask, and the
 * literal event filters it adds (Filter action, decision 0053).
 */
import { interfaceOf } from '../../src/contract/ami/vocabulary.ts';

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
