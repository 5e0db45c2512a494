import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { withName } from './metadata';
import { HaruValidationError, Violation } from '../base/errors';
import {
  APF_DEFAULT_HAND_SIZE, APF_DEFAULT_NOMINAL_CONCURRENCY_SHARES, APF_DEFAULT_QUEUE_LENGTH_LIMIT, APF_DEFAULT_QUEUES,
  FLOWCONTROL_API_VERSION,
} from '../check/flowcontrol';
import { checkObject } from '../check/registry';
import { failing } from '../profile/resolve';
import { clusterScoped } from '../render/cluster-scoped';

/**
 * A priority level a FlowSchema can send requests to: one this app declares
 * ({@link PriorityLevel.limited}) or one that already exists ({@link PriorityLevel.fromName}).
 */
export interface IPriorityLevel {
  /** The PriorityLevelConfiguration's `metadata.name`. */
  readonly priorityLevelName: string;
}

/** What a Limited level does with requests beyond its concurrency: the wire values of `limitResponse.type`. */
export enum LimitResponseType {
  /** Hold them in fair queues (shuffle sharding). */
  QUEUE = 'Queue',
  /** Answer them at once with HTTP 429. */
  REJECT = 'Reject',
}

/** Queue settings of {@link LimitResponse.queue}. */
export interface QueuingOptions {
  /**
   * Number of queues. More queues means fewer collisions between flows, at a little memory cost.
   * @default 64
   */
  readonly queues?: number;
  /**
   * Queues dealt to each flow (shuffle sharding). Must be at most `queues` and satisfy
   * `ceil(log2(queues) × handSize) ≤ 60`.
   * @default 8
   */
  readonly handSize?: number;
  /**
   * Requests each queue may hold before further ones are rejected with 429.
   * @default 50
   */
  readonly queueLengthLimit?: number;
}

/**
 * What a Limited priority level does when all its seats are busy.
 * @see https://kubernetes.io/docs/concepts/cluster-administration/flow-control/#queuing
 */
export class LimitResponse {
  /** Queue excess requests fairly across flows (the defaults are those of the API server). */
  public static queue(options: QueuingOptions = {}): LimitResponse {
    return new LimitResponse(LimitResponseType.QUEUE,
      options.queues ?? APF_DEFAULT_QUEUES,
      options.handSize ?? APF_DEFAULT_HAND_SIZE,
      options.queueLengthLimit ?? APF_DEFAULT_QUEUE_LENGTH_LIMIT);
  }

  /** Reject excess requests at once with HTTP 429 (no queuing). */
  public static reject(): LimitResponse {
    return new LimitResponse(LimitResponseType.REJECT);
  }

  /** Queue or Reject. */
  public readonly type: LimitResponseType;
  /** Number of queues (Queue only). */
  public readonly queues?: number;
  /** Hand size (Queue only). */
  public readonly handSize?: number;
  /** Queue length limit (Queue only). */
  public readonly queueLengthLimit?: number;

  private constructor(type: LimitResponseType, queues?: number, handSize?: number, queueLengthLimit?: number) {
    this.type = type;
    this.queues = queues;
    this.handSize = handSize;
    this.queueLengthLimit = queueLengthLimit;
  }

  /** The value of `spec.limited.limitResponse`. */
  public toJson(): any {
    if (this.type === LimitResponseType.REJECT) return { type: this.type };
    return { type: this.type, queuing: { queues: this.queues, handSize: this.handSize, queueLengthLimit: this.queueLengthLimit } };
  }
}

/** Inputs of {@link PriorityLevel.limited}. */
export interface LimitedPriorityLevelProps {
  /**
   * `metadata.name`. Must not be a mandatory (`exempt`, `catch-all`) or suggested
   * (`workload-high`, ...) level name: the API server owns those.
   * @default - generated from the construct path
   */
  readonly name?: string;
  /**
   * Nominal concurrency shares (NCS): this level's seats are
   * `ceil(ServerCL × NCS / ΣNCS)` over every level of the cluster (built-in ones sum to 245).
   * See {@link PriorityLevel.concurrencyShare}.
   * @default 30
   */
  readonly nominalConcurrencyShares?: number;
  /**
   * Percentage of this level's nominal seats other levels may borrow while idle.
   * @default 0
   */
  readonly lendablePercent?: number;
  /**
   * Cap on seats this level may borrow from others, as a percentage of its nominal seats
   * (may exceed 100).
   * @default - no cap (the field is left unset)
   */
  readonly borrowingLimitPercent?: number;
  /**
   * What happens to requests beyond the level's seats.
   * @default LimitResponse.queue() — 64 queues, hand size 8, queue length 50
   */
  readonly limitResponse?: LimitResponse;
  /**
   * Extra metadata (labels, annotations).
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
}

/** Inputs of {@link PriorityLevel.concurrencyShare} and {@link PriorityLevel.shareOfServer}. */
export interface ConcurrencyShareOptions {
  /**
   * The server's concurrency limit (ServerCL): `--max-requests-inflight` + `--max-mutating-requests-inflight`.
   * @default 600 (400 + 200, the kube-apiserver defaults)
   */
  readonly serverConcurrencyLimit?: number;
  /**
   * Nominal concurrency shares of the cluster's other non-built-in levels.
   * @default - none
   */
  readonly otherLevelShares?: number[];
  /**
   * Count the built-in levels (system 30, node-high 40, leader-election 10, workload-high 40,
   * workload-low 100, global-default 20, catch-all 5, exempt 0 — 245 in all).
   * @default true
   */
  readonly includeBuiltInLevels?: boolean;
}

/** Inputs of {@link PriorityLevel.concurrencyShare} for a level described by numbers. */
export interface ConcurrencyShareInput extends ConcurrencyShareOptions {
  /** The level's nominal concurrency shares. */
  readonly nominalConcurrencyShares: number;
  /**
   * The level's lendable percentage.
   * @default 0
   */
  readonly lendablePercent?: number;
  /**
   * The level's borrowing limit percentage.
   * @default - no cap
   */
  readonly borrowingLimitPercent?: number;
}

/** How much of the server's concurrency a level gets. */
export interface ConcurrencyShare {
  /** ServerCL used for the computation. */
  readonly serverConcurrencyLimit: number;
  /** ΣNCS over every counted level, this one included. */
  readonly totalShares: number;
  /** NCS / ΣNCS: the level's nominal fraction of the server's seats (0..1). */
  readonly fraction: number;
  /** NominalCL = ceil(ServerCL × NCS / ΣNCS). */
  readonly nominalSeats: number;
  /** LendableCL = round(NominalCL × lendablePercent / 100): seats other levels may borrow. */
  readonly lendableSeats: number;
  /** NominalCL − LendableCL: seats the level keeps even when others are busy. */
  readonly guaranteedSeats: number;
  /**
   * NominalCL + round(NominalCL × borrowingLimitPercent / 100): the most seats the level can hold.
   * @default - undefined when borrowing is uncapped
   */
  readonly maxSeats?: number;
}

/** Shares of the built-in levels of a 1.36 API server (mandatory + suggested). */
const BUILT_IN_SHARES: Record<string, number> = {
  'system': 30,
  'node-high': 40,
  'leader-election': 10,
  'workload-high': 40,
  'workload-low': 100,
  'global-default': 20,
  'catch-all': 5,
  'exempt': 0,
};

class NamedPriorityLevel implements IPriorityLevel {
  constructor(public readonly priorityLevelName: string) {}
}

/**
 * A Limited PriorityLevelConfiguration (`flowcontrol.apiserver.k8s.io/v1`), and the
 * references to the levels every 1.36 API server already has.
 *
 * A level gets a nominal number of seats out of the server's concurrency limit in
 * proportion to its shares; excess requests are queued (shuffle-sharded) or rejected.
 *
 * @see https://kubernetes.io/docs/concepts/cluster-administration/flow-control/
 */
export class PriorityLevel extends Construct implements IPriorityLevel {
  /** The mandatory `exempt` level: requests bypass flow control. */
  public static readonly EXEMPT: IPriorityLevel = new NamedPriorityLevel('exempt');
  /** The mandatory `catch-all` level (5 shares, Reject). */
  public static readonly CATCH_ALL: IPriorityLevel = new NamedPriorityLevel('catch-all');
  /** The suggested `system` level (30 shares). */
  public static readonly SYSTEM: IPriorityLevel = new NamedPriorityLevel('system');
  /** The suggested `node-high` level (40 shares). */
  public static readonly NODE_HIGH: IPriorityLevel = new NamedPriorityLevel('node-high');
  /** The suggested `leader-election` level (10 shares). */
  public static readonly LEADER_ELECTION: IPriorityLevel = new NamedPriorityLevel('leader-election');
  /** The suggested `workload-high` level (40 shares). */
  public static readonly WORKLOAD_HIGH: IPriorityLevel = new NamedPriorityLevel('workload-high');
  /** The suggested `workload-low` level (100 shares; where ServiceAccounts land by default). */
  public static readonly WORKLOAD_LOW: IPriorityLevel = new NamedPriorityLevel('workload-low');
  /** The suggested `global-default` level (20 shares). */
  public static readonly GLOBAL_DEFAULT: IPriorityLevel = new NamedPriorityLevel('global-default');

  /** Refers to a level that exists already (a built-in one or one managed elsewhere). */
  public static fromName(name: string): IPriorityLevel {
    return new NamedPriorityLevel(name);
  }

  /** Declares a new Limited level. */
  public static limited(scope: Construct, id: string, props: LimitedPriorityLevelProps = {}): PriorityLevel {
    return new PriorityLevel(scope, id, props);
  }

  /**
   * The share of the server's concurrency a level with the given numbers gets, next to the
   * built-in levels and any other levels you name. Shares are relative:
   * `NominalCL(i) = ceil(ServerCL × NCS(i) / ΣNCS)` where ΣNCS sums every level of the
   * cluster (the built-ins alone sum to 245, so 50 shares give 50/295 ≈ 17%, 102 of 600 seats).
   *
   * Limits: this is the nominal split. At run time idle levels lend up to their
   * `lendablePercent` and busy ones borrow (up to `borrowingLimitPercent`), so actual
   * concurrency moves between `guaranteedSeats` and `maxSeats`; requests also occupy more
   * than one seat when they are wide (LIST) or followed by watch notifications.
   */
  public static concurrencyShare(input: ConcurrencyShareInput): ConcurrencyShare {
    return computeShare('PriorityLevel.concurrencyShare', input.nominalConcurrencyShares, input.lendablePercent ?? 0, input.borrowingLimitPercent, input);
  }

  /** The PriorityLevelConfiguration's name. */
  public readonly priorityLevelName: string;
  /** Nominal concurrency shares. */
  public readonly nominalConcurrencyShares: number;
  /** Lendable percentage. */
  public readonly lendablePercent: number;
  /** Borrowing limit percentage; undefined when uncapped. */
  public readonly borrowingLimitPercent?: number;
  /** Queue or Reject, with the queue settings. */
  public readonly limitResponse: LimitResponse;

  private readonly resource: ApiObject;

  private constructor(scope: Construct, id: string, props: LimitedPriorityLevelProps) {
    super(scope, id);
    this.nominalConcurrencyShares = props.nominalConcurrencyShares ?? APF_DEFAULT_NOMINAL_CONCURRENCY_SHARES;
    this.lendablePercent = props.lendablePercent ?? 0;
    this.borrowingLimitPercent = props.borrowingLimitPercent;
    this.limitResponse = props.limitResponse ?? LimitResponse.queue();

    const limited: Record<string, unknown> = {
      nominalConcurrencyShares: this.nominalConcurrencyShares,
      lendablePercent: this.lendablePercent,
    };
    if (this.borrowingLimitPercent !== undefined) limited.borrowingLimitPercent = this.borrowingLimitPercent;
    limited.limitResponse = this.limitResponse.toJson();

    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: FLOWCONTROL_API_VERSION,
      kind: 'PriorityLevelConfiguration',
      metadata: withName(props.metadata, props.name),
      spec: { type: 'Limited', limited },
    });
    clusterScoped(this.resource);
    this.priorityLevelName = this.resource.name;

    this.check();
    this.node.addValidation({ validate: () => { this.check(); return []; } });
  }

  /**
   * This level's share of the server's concurrency next to the built-in levels (see
   * {@link PriorityLevel.concurrencyShare} for the formula and its limits).
   */
  public shareOfServer(options: ConcurrencyShareOptions = {}): ConcurrencyShare {
    return computeShare(this.node.path, this.nominalConcurrencyShares, this.lendablePercent, this.borrowingLimitPercent, options);
  }

  private check(): void {
    const violations = failing(this, checkObject(this.resource.toJson()));
    if (violations.length > 0) throw new HaruValidationError(this.node.path, violations);
  }
}

function computeShare(
  where: string, ncs: number, lendable: number, borrowing: number | undefined, options: ConcurrencyShareOptions,
): ConcurrencyShare {
  const serverCL = options.serverConcurrencyLimit ?? 600;
  const others = options.otherLevelShares ?? [];
  const problems: Violation[] = [];
  const nonNegInt = (field: string, v: unknown, allowed: string) => {
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= 0)) {
      problems.push({ checkId: 'flowcontrol/share-input', field, problem: 'must be a non-negative integer', got: String(v), allowed });
    }
  };
  nonNegInt('nominalConcurrencyShares', ncs, '0 or more');
  nonNegInt('lendablePercent', lendable, '0 to 100');
  if (lendable > 100) problems.push({ checkId: 'flowcontrol/share-input', field: 'lendablePercent', problem: 'must be between 0 and 100, inclusive', got: String(lendable), fix: 'Give a percentage from 0 to 100' });
  if (borrowing !== undefined) nonNegInt('borrowingLimitPercent', borrowing, '0 or more');
  nonNegInt('serverConcurrencyLimit', serverCL, 'e.g. 600 (400 + 200)');
  others.forEach((s, i) => nonNegInt(`otherLevelShares[${i}]`, s, '0 or more'));
  if (problems.length > 0) throw new HaruValidationError(where, problems);

  const builtIns = options.includeBuiltInLevels ?? true ? Object.values(BUILT_IN_SHARES).reduce((a, b) => a + b, 0) : 0;
  const totalShares = ncs + builtIns + others.reduce((a, b) => a + b, 0);
  const fraction = totalShares === 0 ? 0 : ncs / totalShares;
  const nominalSeats = totalShares === 0 ? 0 : Math.ceil((serverCL * ncs) / totalShares);
  const lendableSeats = Math.round((nominalSeats * lendable) / 100);
  return {
    serverConcurrencyLimit: serverCL,
    totalShares,
    fraction,
    nominalSeats,
    lendableSeats,
    guaranteedSeats: nominalSeats - lendableSeats,
    maxSeats: borrowing === undefined ? undefined : nominalSeats + Math.round((nominalSeats * borrowing) / 100),
  };
}

