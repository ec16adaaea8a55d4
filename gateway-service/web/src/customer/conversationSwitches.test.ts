import { describe, expect, it } from 'vitest';
import { ConversationSwitches } from './conversationSwitches';

function deferred<T = void>() {
  let resolve: (v: T) => void = () => {};
  let reject: (e: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('ConversationSwitches', () => {
  it('says only the latest switch is current', () => {
    const switches = new ConversationSwitches();
    expect(switches.begun).toBe(false);
    const first = switches.begin();
    expect(switches.begun).toBe(true);
    expect(first()).toBe(true);
    const second = switches.begin();
    expect(first()).toBe(false);
    expect(second()).toBe(true);
  });

  it('settles at once when nothing is in flight', async () => {
    await expect(new ConversationSwitches().settled()).resolves.toBeUndefined();
  });

  it('waits for a switch tracked while it was waiting, and ignores failures', async () => {
    const switches = new ConversationSwitches();
    const one = deferred();
    const two = deferred();
    const tracked = switches.track(one.promise);
    let done = false;
    const settled = switches.settled().then(() => {
      done = true;
    });
    switches.track(two.promise);
    one.reject(new Error('gone'));
    await expect(tracked).rejects.toThrow('gone');
    await Promise.resolve();
    expect(done).toBe(false);
    two.resolve();
    await settled;
    expect(done).toBe(true);
  });
});
