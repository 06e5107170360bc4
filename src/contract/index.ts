// The contract's public face: the Pega side and the CTI wire. Imports nothing from the project.
export * from './pega/modes.ts';
export * from './pega/errors.ts';
export * from './pega/events.ts';
export * from './pega/activities.ts';
export * from './pega/face.ts';
export * from './pega/http-face.ts';
export * from './pega/requirements.ts';
export * from './cti-wire/frames.ts';
export * from './cti-wire/codec.ts';
export * from './validation.ts';
export * from './bounded-json.ts';
