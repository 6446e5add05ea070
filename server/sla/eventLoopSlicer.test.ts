import { describe, expect, it } from 'vitest';
import { EventLoopSlicer } from './eventLoopSlicer';

/** Whether a callback queued for the next event-loop turn ran while `work` awaited. */
async function letOthersIn(work: () => Promise<void>): Promise<boolean> {
  let ran = false;
  setImmediate(() => (ran = true));
  await work();
  return ran;
}

describe('EventLoopSlicer', () => {
  it('gives the event loop back once a slice has used its budget', async () => {
    const slicer = new EventLoopSlicer(0);
    expect(await letOthersIn(() => slicer.maybeYield())).toBe(true);
  });

  it('keeps going without a turn while the slice is within its budget', async () => {
    const slicer = new EventLoopSlicer(60_000);
    expect(await letOthersIn(() => slicer.maybeYield())).toBe(false);
    expect(await letOthersIn(() => slicer.yieldNow())).toBe(true);
  });
});
