// In-process wake-up: an enqueue committed on this instance wakes the local worker at once instead of waiting for
// its next poll. Other instances are not notified (no LISTEN/NOTIFY on CockroachDB); they poll at CP_WORKER_POLL_MS.
import { EventEmitter } from 'node:events';

export type WakeSignal = { notify(): void; subscribe(fn: () => void): () => void };

export const createWakeSignal = (): WakeSignal => {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  return {
    notify: () => {
      emitter.emit('wake');
    },
    subscribe: (fn) => {
      emitter.on('wake', fn);
      return () => emitter.off('wake', fn);
    },
  };
};
