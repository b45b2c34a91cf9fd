// Polls a condition until it holds; fails with the last observed value. Tests wait on behaviour, not on clocks.
import { setTimeout as sleep } from 'node:timers/promises';

export const waitFor = async <T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await probe();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await sleep(25);
  }
};
