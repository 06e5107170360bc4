/**
 * Switchboard's private particulars and the sequence number under a message's `extensions`
 * (decision 0055), written and read the same way by the simulator and the adapter.
 */
import type { Extensions, Particulars } from './messages.ts';

type CallData = Readonly<Record<string, string>>;

/** Call data as private data items. */
export function itemsOf(callData: CallData): NonNullable<Particulars['callData']> {
  return { item: Object.entries(callData).map(([name, value]) => ({ name, value })) };
}

/** The call data private data carries, as a name → value map; undefined when there is none. */
export function callDataOf(extensions: Extensions | undefined): CallData | undefined {
  const items = extensions?.privateData?.private.switchboard.callData;
  return items === undefined ? undefined : recordOf(items);
}

/** Call data items as a name → value map. */
export function recordOf(callData: NonNullable<Particulars['callData']>): CallData {
  const data: Record<string, string> = {};
  // Own properties only: an item named "__proto__" is data, never a prototype.
  for (const { name, value } of callData.item) Object.defineProperty(data, name, { value, enumerable: true, writable: true, configurable: true });
  return data;
}

export function particularsOf(extensions: Extensions | undefined): Particulars {
  return extensions?.privateData?.private.switchboard ?? {};
}

/** `extensions` holding the particulars given and the sequence number, or nothing when there are neither. */
export function privately(particulars: Particulars, sequence?: number): { extensions?: Extensions } {
  const defined = Object.fromEntries(Object.entries(particulars).filter(([, v]) => v !== undefined)) as Particulars;
  const some = Object.keys(defined).length > 0;
  if (!some && sequence === undefined) return {};
  return {
    extensions: {
      ...(sequence === undefined ? {} : { security: { messageSequenceNumber: String(sequence) } }),
      ...(some ? { privateData: { private: { switchboard: defined } } } : {}),
    },
  };
}

/** Call data (when there is some) as particulars. */
export function withCallData(callData: CallData | undefined): Particulars {
  return callData === undefined || Object.keys(callData).length === 0 ? {} : { callData: itemsOf(callData) };
}
