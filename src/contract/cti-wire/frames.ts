/**
 * The CTI link: JSON over WebSocket between an adapter and a CTI server (our simulator).
 * CSTA-flavoured (ECMA-269 names). This file and the five it gathers are the single source of
 * truth: the TypeScript types, the runtime checks on both ends and the JSON Schemas in
 * docs/cti-wire.asyncapi.yaml all derive from them.
 *
 * Every request carries an `invokeId` and gets exactly one `Response` or `Error` with that id.
 * Every `Event` carries the `monitorId` it belongs to and a per-monitor `seq` starting at 1.
 *
 * Why a file of re-exports: the adapter's and the simulator's rooms import the wire from here, and
 * the parts import only fields.ts and each other, never this file, so it makes no cycle.
 */
export * from './fields.ts';
export * from './requests.ts';
export * from './events.ts';
export * from './wire-errors.ts';
export * from './server-frames.ts';
