/**
 * Property: the checker accepts a queuing configuration iff the API server would —
 * handSize ≤ queues and ceil(log2(queues) × handSize) ≤ 60. The oracle here is exact integer
 * arithmetic (queues^handSize ≤ 2^60, which is the same inequality without logarithms),
 * independent of the floating-point computation in the checker.
 */
import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apfMaxHandSize, checkPriorityLevelConfiguration } from '../../lib/check/flowcontrol';
import { LimitResponse, PriorityLevel } from '../../lib/flowcontrol';

const queuesArb = fc.oneof(
  fc.integer({ min: 1, max: 64 }),
  fc.integer({ min: 0, max: 23 }).map((k) => 2 ** k),
  fc.integer({ min: 1, max: 10_000_000 }),
);
const handArb = fc.integer({ min: 1, max: 70 });

function serverAccepts(queues: number, handSize: number): boolean {
  return handSize <= queues && BigInt(queues) ** BigInt(handSize) <= 2n ** 60n;
}

function plc(queues: number, handSize: number): any {
  return {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'PriorityLevelConfiguration',
    metadata: { name: 'p' },
    spec: { type: 'Limited', limited: { limitResponse: { type: 'Queue', queuing: { queues, handSize, queueLengthLimit: 50 } } } },
  };
}

describe('shuffle-sharding limits (property)', () => {
  it('the checker accepts exactly the (queues, handSize) pairs the API server accepts', () => {
    fc.assert(fc.property(queuesArb, handArb, (queues, handSize) => {
      const ids = checkPriorityLevelConfiguration(plc(queues, handSize)).map((v) => v.checkId);
      expect(ids.length === 0).toBe(serverAccepts(queues, handSize));
      if (handSize > queues) expect(ids).toEqual(['flowcontrol/hand-size']);
      else if (!serverAccepts(queues, handSize)) expect(ids).toEqual(['flowcontrol/entropy']);
    }), { numRuns: 2000 });
  });

  it('the suggested maximum hand size is the largest accepted one', () => {
    fc.assert(fc.property(queuesArb, (queues) => {
      const max = apfMaxHandSize(queues);
      expect(serverAccepts(queues, max)).toBe(true);
      expect(serverAccepts(queues, max + 1)).toBe(false);
    }), { numRuns: 1000 });
  });

  it('PriorityLevel.limited throws exactly when the server would refuse the queuing', () => {
    fc.assert(fc.property(queuesArb, fc.integer({ min: 1, max: 16 }), (queues, handSize) => {
      let threw = false;
      try {
        PriorityLevel.limited(Testing.chart(), 'p', { limitResponse: LimitResponse.queue({ queues, handSize }) });
      } catch {
        threw = true;
      }
      expect(threw).toBe(!serverAccepts(queues, handSize));
    }), { numRuns: 300 });
  });
});
