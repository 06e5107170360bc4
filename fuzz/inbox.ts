/**
 * What a raw client has read and not yet taken: items pushed as the socket's bytes are cut, taken
 * in order, a `take` waking on each push or on the end, never later than its timeout.
 */
export interface Inbox<T> {
  push(...items: T[]): void;
  /** The connection closed: waiting ends. */
  end(): void;
  readonly closed: boolean;
  /** Resolves with up to `count` items: fewer when the connection closed or `timeoutMs` passed. */
  take(count: number, timeoutMs: number): Promise<{ readonly items: T[]; readonly closed: boolean; readonly timedOut: boolean }>;
}

export function createInbox<T>(): Inbox<T> {
  const ready: T[] = [];
  let closed = false;
  let wake: (() => void) | null = null;
  return {
    push(...items) {
      ready.push(...items);
      if (items.length > 0) wake?.();
    },
    end() {
      closed = true;
      wake?.();
    },
    get closed() {
      return closed;
    },
    async take(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (ready.length < count && !closed && Date.now() < deadline) {
        await new Promise<void>((done) => {
          const timer = setTimeout(done, deadline - Date.now());
          wake = () => {
            clearTimeout(timer);
            done();
          };
        });
        wake = null;
      }
      // Short and still open: the deadline ended the wait.
      const timedOut = ready.length < count && !closed;
      return { items: ready.splice(0, count), closed, timedOut };
    },
  };
}
