/** `asterisk-manager` from npm, the AMI client nobody here wrote, as the AMI tests drive it: its shape, and one action as a promise. */
import { createRequire } from 'node:module';

export type AmiEvent = Readonly<Record<string, unknown>>;
export interface Manager {
  on(event: string, listener: (event: AmiEvent) => void): void;
  once(event: string, listener: (...args: unknown[]) => void): void;
  action(action: Readonly<Record<string, unknown>>, callback: (error: AmiEvent | undefined, response: AmiEvent) => void): string;
  disconnect(): void;
}
type ManagerFactory = (port: number, host: string, user: string, password: string, events: boolean) => Manager;

const require = createRequire(import.meta.url);
export const createManager = require('asterisk-manager') as ManagerFactory;

/** The action's answer; a refusal rejects with the action's name and the server's Message. */
export function act(m: Manager, action: Readonly<Record<string, unknown>>): Promise<AmiEvent> {
  return new Promise((resolve, reject) => {
    m.action(action, (error, response) =>
      error === undefined || error === null ? resolve(response) : reject(new Error(`${String(action['action'])} refused: ${String(error['message'])}`)),
    );
  });
}
