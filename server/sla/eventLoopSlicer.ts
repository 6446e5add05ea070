import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Cuts long background work into slices that give the event loop back. better-sqlite3 answers synchronously,
 * so awaiting its queries never lets a request in: without explicit yields a pass over thousands of tickets
 * would block every HTTP request until it ends. `maybeYield()` waits for the next event-loop turn once the
 * current slice has run for `budgetMs`.
 */
export class EventLoopSlicer {
  private sliceStart = performance.now();

  constructor(private readonly budgetMs = 10) {}

  /** Yields when the current slice has used its budget; otherwise returns at once. */
  async maybeYield(): Promise<void> {
    if (performance.now() - this.sliceStart < this.budgetMs) return;
    await this.yieldNow();
  }

  async yieldNow(): Promise<void> {
    await nextTurn();
    this.sliceStart = performance.now();
  }
}
