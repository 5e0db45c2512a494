import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { isHaruValidationError } from '../../lib/base/errors';
import { LimitResponse, PriorityLevel } from '../../lib/flowcontrol';
import { expectValid } from '../support/oracle';

function thrown(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('PriorityLevel.limited', () => {
  it('renders every setting explicitly, with borrowing when capped', async () => {
    const chart = Testing.chart();
    const level = PriorityLevel.limited(chart, 'ci', {
      name: 'ci',
      nominalConcurrencyShares: 15,
      lendablePercent: 25,
      borrowingLimitPercent: 150,
      limitResponse: LimitResponse.queue({ queues: 128, handSize: 6, queueLengthLimit: 20 }),
      metadata: { labels: { team: 'ci' } },
    });
    const [obj] = Testing.synth(chart);
    await expectValid(obj);
    expect(obj).toEqual({
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'PriorityLevelConfiguration',
      metadata: { name: 'ci', labels: { team: 'ci' } },
      spec: {
        type: 'Limited',
        limited: {
          nominalConcurrencyShares: 15,
          lendablePercent: 25,
          borrowingLimitPercent: 150,
          limitResponse: { type: 'Queue', queuing: { queues: 128, handSize: 6, queueLengthLimit: 20 } },
        },
      },
    });
    expect(level.priorityLevelName).toBe('ci');
  });

  it('renders a Reject level without queuing', async () => {
    const chart = Testing.chart();
    PriorityLevel.limited(chart, 'r', { nominalConcurrencyShares: 0, limitResponse: LimitResponse.reject() });
    const [obj] = Testing.synth(chart);
    await expectValid(obj);
    expect(obj.spec.limited.limitResponse).toEqual({ type: 'Reject' });
  });

  it('refers to built-in levels by their names', () => {
    expect([PriorityLevel.EXEMPT, PriorityLevel.CATCH_ALL, PriorityLevel.SYSTEM, PriorityLevel.NODE_HIGH, PriorityLevel.LEADER_ELECTION,
      PriorityLevel.WORKLOAD_HIGH, PriorityLevel.WORKLOAD_LOW, PriorityLevel.GLOBAL_DEFAULT].map((l) => l.priorityLevelName))
      .toEqual(['exempt', 'catch-all', 'system', 'node-high', 'leader-election', 'workload-high', 'workload-low', 'global-default']);
    expect(PriorityLevel.fromName('team-a').priorityLevelName).toBe('team-a');
  });

  it('fails when the queuing breaks the entropy limit, naming the construct path', () => {
    const chart = Testing.chart();
    const e = thrown(() => PriorityLevel.limited(chart, 'wide', { limitResponse: LimitResponse.queue({ queues: 512, handSize: 8 }) }));
    expect(isHaruValidationError(e)).toBe(true);
    expect(e.where).toBe('test/wide');
    expect(e.message).toContain('required entropy bits of deckSize 512 and handSize 8 should not be greater than 60');
    expect(e.message).toContain('Lower handSize to 6 or use fewer queues');
  });

  it('fails when hand size exceeds queues', () => {
    const e = thrown(() => PriorityLevel.limited(Testing.chart(), 'l', { limitResponse: LimitResponse.queue({ queues: 4 }) }));
    expect(e.message).toContain('handSize: should not be greater than queues (4) (got 8');
  });

  it('fails when percentages or shares are out of range', () => {
    expect(thrown(() => PriorityLevel.limited(Testing.chart(), 'l', { lendablePercent: 120 })).message)
      .toContain('spec.limited.lendablePercent: must be between 0 and 100, inclusive (got 120');
    expect(thrown(() => PriorityLevel.limited(Testing.chart(), 'l', { borrowingLimitPercent: -1 })).message)
      .toContain('spec.limited.borrowingLimitPercent: if specified, must be a non-negative integer');
    expect(thrown(() => PriorityLevel.limited(Testing.chart(), 'l', { nominalConcurrencyShares: -10 })).message)
      .toContain('spec.limited.nominalConcurrencyShares: must be a non-negative integer');
  });

  it('fails when named like a suggested level', () => {
    expect(thrown(() => PriorityLevel.limited(Testing.chart(), 'l', { name: 'workload-high' })).message)
      .toContain('names a suggested PriorityLevelConfiguration that the API server maintains');
  });
  it('fails when named like a mandatory level with another spec (the server refuses it)', () => {
    expect(thrown(() => PriorityLevel.limited(Testing.chart(), 'l', { name: 'catch-all' })).message).toContain("spec: spec of 'catch-all' must equal the fixed value");
  });
});

describe('concurrency share (NominalCL = ceil(ServerCL × NCS / ΣNCS))', () => {
  it('gives 50 shares 50/295 of 600 seats next to the built-ins: 102 seats', () => {
    const s = PriorityLevel.concurrencyShare({ nominalConcurrencyShares: 50 });
    expect(s.totalShares).toBe(295); // 30+40+10+40+100+20+5+0 = 245, + 50
    expect(s.fraction).toBeCloseTo(0.169491525, 9);
    expect(s.nominalSeats).toBe(102); // ceil(30000 / 295) = ceil(101.69)
    expect(s.lendableSeats).toBe(0);
    expect(s.guaranteedSeats).toBe(102);
    expect(s.maxSeats).toBeUndefined();
  });

  it('reproduces the built-in levels\' nominal seats of a default API server', () => {
    const seats = (ncs: number, others: number[]) =>
      PriorityLevel.concurrencyShare({ nominalConcurrencyShares: ncs, includeBuiltInLevels: false, otherLevelShares: others }).nominalSeats;
    // every built-in except the one computed, so ΣNCS = 245
    expect(seats(20, [30, 40, 10, 40, 100, 5, 0])).toBe(49); // global-default: ceil(48.98)
    expect(seats(100, [30, 40, 10, 40, 20, 5, 0])).toBe(245); // workload-low: ceil(244.90)
    expect(seats(5, [30, 40, 10, 40, 100, 20, 0])).toBe(13); // catch-all: ceil(12.24)
    expect(seats(30, [40, 10, 40, 100, 20, 5, 0])).toBe(74); // system: ceil(73.47)
    expect(seats(10, [30, 40, 40, 100, 20, 5, 0])).toBe(25); // leader-election: ceil(24.49)
  });

  it('splits lendable and guaranteed seats and caps borrowing (round half away from zero)', () => {
    const s = PriorityLevel.concurrencyShare({ nominalConcurrencyShares: 50, lendablePercent: 25, borrowingLimitPercent: 150 });
    expect(s.nominalSeats).toBe(102);
    expect(s.lendableSeats).toBe(26); // round(25.5)
    expect(s.guaranteedSeats).toBe(76);
    expect(s.maxSeats).toBe(255); // 102 + round(153)
  });

  it('counts other levels and a larger server limit', () => {
    const s = PriorityLevel.concurrencyShare({ nominalConcurrencyShares: 50, otherLevelShares: [100], serverConcurrencyLimit: 3000 });
    expect(s.totalShares).toBe(395);
    expect(s.nominalSeats).toBe(380); // ceil(150000 / 395) = ceil(379.75)
  });

  it('gives a level alone with 0 shares nothing rather than dividing by zero', () => {
    const s = PriorityLevel.concurrencyShare({ nominalConcurrencyShares: 0, includeBuiltInLevels: false });
    expect([s.fraction, s.nominalSeats, s.guaranteedSeats]).toEqual([0, 0, 0]);
  });

  it('answers the same for a declared level through shareOfServer', () => {
    const level = PriorityLevel.limited(Testing.chart(), 'l', { nominalConcurrencyShares: 30, lendablePercent: 50, borrowingLimitPercent: 100 });
    const s = level.shareOfServer();
    expect(s).toEqual(PriorityLevel.concurrencyShare({ nominalConcurrencyShares: 30, lendablePercent: 50, borrowingLimitPercent: 100 }));
    expect([s.totalShares, s.nominalSeats, s.lendableSeats, s.guaranteedSeats, s.maxSeats]).toEqual([275, 66, 33, 33, 132]); // ceil(65.45)
  });

  it('fails when an input is negative or not an integer', () => {
    const e = thrown(() => PriorityLevel.concurrencyShare({ nominalConcurrencyShares: -1, serverConcurrencyLimit: 1.5, otherLevelShares: [3, -2] }));
    expect(isHaruValidationError(e)).toBe(true);
    expect(e.where).toBe('PriorityLevel.concurrencyShare');
    expect(e.violations.map((v: any) => v.field)).toEqual(['nominalConcurrencyShares', 'serverConcurrencyLimit', 'otherLevelShares[1]']);
  });
});
