import { describe, expect, it } from 'vitest';
import { assertEveryQueueHasAProcessor } from '../../../src/jobs/processors.js';
import { QUEUE_NAMES, QUEUES_AWAITING_PROCESSOR } from '../../../src/jobs/queues.js';

// The worker's start-up guard (docs/style.md#habits, habit 9), with the explicit exemption for queues whose
// processor lands in a later issue.

describe('assertEveryQueueHasAProcessor', () => {
  it('refuses a queue without a processor unless it is listed as awaiting one', () => {
    expect(() => assertEveryQueueHasAProcessor(['fold'], {})).toThrow('no processor for queue(s): fold');
    expect(() => assertEveryQueueHasAProcessor(['fold'], {}, ['fold'])).not.toThrow();
    expect(() => assertEveryQueueHasAProcessor(['fold'], { fold: async () => 'ok' })).not.toThrow();
  });

  it('leaves no queue awaiting a processor now that fold has one (src/modules/tiles)', () => {
    // The worker's own wiring (container.processors) is exercised by
    // tests/integration/tiles/fold-reconcile.test.ts, which starts it.
    expect(QUEUES_AWAITING_PROCESSOR).toEqual([]);
    expect(() => assertEveryQueueHasAProcessor(QUEUE_NAMES, {}, QUEUES_AWAITING_PROCESSOR)).toThrow();
  });
});
