/**
 * `cdk8s-haru explain flow`: where API Priority and Fairness puts a request, and the
 * concurrency each priority level gets, for the FlowSchemas and PriorityLevelConfigurations
 * given (plus the ones the API server creates itself).
 */
import { scanArgs, textOrJsonOption, UsageError } from './args';
import { escapeUntrusted } from './escape';
import { runExplainDra } from './explain-dra';
import { expandOperands, InputError } from './inputs';
import { HaruValidationError, formatViolation } from '../base/errors';
import { AuthorizationExplanation, AuthorizationRequest, AuthorizationSimulator, WebhookAssumption, WebhookResponse } from '../explain/authz-simulator';
import { FlowClassification, FlowControlSimulator, FlowRequest, PriorityLevelLimits } from '../explain/flow-simulator';

/** Usage text of `cdk8s-haru explain`. */
export const EXPLAIN_USAGE = `Usage: cdk8s-haru explain flow [options] [<file|dir|->...]
       cdk8s-haru explain authz [options] <file|dir|->...
       cdk8s-haru explain dra [options] [<file|dir|->...]   (see explain dra --help)

explain flow

Shows which FlowSchema and priority level a request lands in on a Kubernetes 1.36 API
server with the given FlowSchemas and PriorityLevelConfigurations (plus the mandatory and
suggested ones the server creates), why, what would match next, and the concurrency every
priority level gets. Other kinds in the inputs are ignored.

The request:
  --user <name>                  the authenticated user (required), e.g. system:node:n1
  --group <group>                a group of the user (repeatable); system:authenticated
                                 (system:unauthenticated for system:anonymous) is added
  --verb <verb>                  get, list, watch, create, update, patch, delete, ...
                                 (required)
  --resource <res>               the resource, e.g. pods, or pods/log with a subresource
  --api-group <group>            its API group (default: "" = core)
  --namespace <ns>               its namespace (default: cluster scope)
  --name <name>                  the object name
  --url <path>                   a non-resource request instead, e.g. /healthz

Options:
  --no-suggested                 leave out the suggested objects
  --max-requests-inflight <n>    kube-apiserver flag (default 400)
  --max-mutating-requests-inflight <n>
                                 kube-apiserver flag (default 200)
  --format <fmt>                 text (default) or json
  -h, --help                     show this help

Without --user and --verb it prints only the priority levels.

explain authz
Runs the authorization chain of an AuthorizationConfiguration file (as AuthzConfig writes
it) on a request, with the Roles, ClusterRoles and bindings given: the system:masters
shortcut, then each authorizer in order; each webhook's matchConditions evaluated, and
the RBAC rule and binding that grant. The request options are those above, plus:
  --api-version <v>              its API version (default v1)
  --webhook <name>=<answer>      what a called webhook answers: allow, deny, no-opinion
                                 or error (unreachable: its failurePolicy applies);
                                 repeatable. Without it the decision stays open.

Exit status: 0 answered, 2 usage error, unreadable input or objects the API server
would refuse.
`;

/** Streams used by a run. */
export interface ExplainIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => string;
}

function intOption(name: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`${name} must be a non-negative integer (got ${JSON.stringify(v)})`);
  return Number(v);
}

/** Runs `cdk8s-haru explain` with `argv` (the arguments after `explain`); returns the exit code. */
export function runExplain(argv: readonly string[], io: ExplainIo): number {
  if (argv[0] === 'dra') return runExplainDra(argv.slice(1), io);
  const operands: string[] = [];
  const groups: string[] = [];
  let sub: string | undefined;
  let user: string | undefined;
  let verb: string | undefined;
  let resource: string | undefined;
  let apiGroup: string | undefined;
  let namespace: string | undefined;
  let name: string | undefined;
  let url: string | undefined;
  let includeSuggested = true;
  let maxRequestsInflight: number | undefined;
  let maxMutatingRequestsInflight: number | undefined;
  let format = 'text';
  let help = false;
  let apiVersion: string | undefined;
  const webhooks: WebhookAssumption[] = [];
  try {
    scanArgs(argv, (a) => {
      if (sub === undefined) sub = a;
      else operands.push(a);
    }, (opt, value) => {
      switch (opt) {
        case '--user': user = value(); break;
        case '--group': groups.push(value()); break;
        case '--verb': verb = value(); break;
        case '--resource': resource = value(); break;
        case '--api-group': apiGroup = value(); break;
        case '--namespace': namespace = value(); break;
        case '--name': name = value(); break;
        case '--url': url = value(); break;
        case '--no-suggested': includeSuggested = false; break;
        case '--api-version': apiVersion = value(); break;
        case '--webhook': webhooks.push(webhookOption(value())); break;
        case '--max-requests-inflight': maxRequestsInflight = intOption(opt, value()); break;
        case '--max-mutating-requests-inflight': maxMutatingRequestsInflight = intOption(opt, value()); break;
        case '--format': format = textOrJsonOption(value()); break;
        case '-h':
        case '--help': help = true; break;
        default: throw new UsageError(`unknown option ${opt}`);
      }
    });
    if (help) {
      io.stdout(EXPLAIN_USAGE);
      return 0;
    }
    if (sub !== 'flow' && sub !== 'authz') throw new UsageError(sub === undefined ? 'missing what to explain (flow, authz or dra)' : `cannot explain ${JSON.stringify(sub)}; the choices are: flow, authz, dra`);
    if (sub === 'authz' && (user === undefined || verb === undefined)) throw new UsageError('explain authz needs --user and --verb');
    if (sub === 'authz' && operands.length === 0) throw new UsageError('explain authz needs the AuthorizationConfiguration file');
    if ((user === undefined) !== (verb === undefined)) throw new UsageError('--user and --verb go together');
    if (user !== undefined && url === undefined && resource === undefined) throw new UsageError('give --resource (a resource request) or --url (a non-resource request)');
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`cdk8s-haru explain: ${e.message}\n\n${EXPLAIN_USAGE}`);
      return 2;
    }
    throw e;
  }

  if (sub === 'authz') {
    let res = resource;
    let subresource: string | undefined;
    if (res !== undefined && res.includes('/')) [res, subresource] = [res.slice(0, res.indexOf('/')), res.slice(res.indexOf('/') + 1)];
    const request: AuthorizationRequest = {
      user: user!, groups, verb: verb!, resource: res, subresource, apiGroup, apiVersion, namespace: namespace, name, nonResourceUrl: url,
    };
    let result: AuthorizationExplanation;
    try {
      const text = expandOperands(operands, io.readStdin).map((i) => i.read()).join('\n---\n');
      result = AuthorizationSimulator.fromYaml(text).decide(request, webhooks);
    } catch (e) {
      if (e instanceof InputError) {
        io.stderr(`cdk8s-haru explain: ${e.message}\n`);
        return 2;
      }
      if (e instanceof HaruValidationError) {
        io.stderr(`cdk8s-haru explain: ${e.violations.map((v) => `\n  - [${v.checkId}] ${formatViolation(v)}`).join('')}\n`);
        return 2;
      }
      throw e;
    }
    io.stdout(format === 'json' ? JSON.stringify({ request, result }, null, 2) + '\n' : formatAuthzText(request, result));
    return 0;
  }

  let sim: FlowControlSimulator;
  try {
    const text = expandOperands(operands, io.readStdin).map((i) => i.read()).join('\n---\n');
    sim = FlowControlSimulator.fromYaml(text, { includeSuggested, maxRequestsInflight, maxMutatingRequestsInflight });
  } catch (e) {
    if (e instanceof InputError || e instanceof HaruValidationError) {
      const msg = e instanceof HaruValidationError ? e.violations.map((v) => `  - [${v.checkId}] ${formatViolation(v)}`).join('\n') : e.message;
      io.stderr(`cdk8s-haru explain: ${e instanceof HaruValidationError ? `the API server would refuse these objects:\n${msg}` : msg}\n`);
      return 2;
    }
    throw e;
  }

  let classification: FlowClassification | undefined;
  let request: FlowRequest | undefined;
  if (user !== undefined && verb !== undefined) {
    let res = resource;
    let subresource: string | undefined;
    if (res !== undefined && res.includes('/')) [res, subresource] = [res.slice(0, res.indexOf('/')), res.slice(res.indexOf('/') + 1)];
    request = { user, groups, verb, resource: res, subresource, apiGroup, namespace: namespace, name, nonResourceUrl: url };
    try {
      classification = sim.classify(request);
    } catch (e) {
      if (e instanceof HaruValidationError) {
        io.stderr(`cdk8s-haru explain: ${e.violations.map((v) => formatViolation(v)).join('; ')}\n`);
        return 2;
      }
      throw e;
    }
  }
  const levels = sim.priorityLevelLimits();
  if (format === 'json') {
    io.stdout(JSON.stringify({
      serverConcurrencyLimit: sim.serverConcurrencyLimit,
      ...(request ? { request, classification } : {}),
      flowSchemaOrder: sim.flowSchemaOrder,
      priorityLevels: levels,
      notes: sim.notes,
    }, null, 2) + '\n');
    return 0;
  }
  io.stdout(formatExplainText(sim, request, classification, levels, { maxRequestsInflight, maxMutatingRequestsInflight }));
  return 0;
}

const WEBHOOK_ANSWERS: Record<string, WebhookResponse> = {
  'allow': WebhookResponse.ALLOW,
  'deny': WebhookResponse.DENY,
  'no-opinion': WebhookResponse.NO_OPINION,
  'error': WebhookResponse.ERROR,
};

function webhookOption(v: string): WebhookAssumption {
  const eq = v.lastIndexOf('=');
  const answer = eq > 0 ? WEBHOOK_ANSWERS[v.slice(eq + 1)] : undefined;
  if (answer === undefined) throw new UsageError(`--webhook takes <name>=<answer> with answer ${Object.keys(WEBHOOK_ANSWERS).join(', ')} (got ${JSON.stringify(v)})`);
  return { name: v.slice(0, eq), response: answer };
}

/** The text report of explain authz. */
function formatAuthzText(r: AuthorizationRequest, x: AuthorizationExplanation): string {
  const out: string[] = [];
  out.push(`Request:   ${describeRequest(r as FlowRequest, x.groups)}`);
  const decision = x.decision === 'NoOpinion' ? 'Forbidden (no authorizer allowed it)' : x.decision === 'Unknown'
    ? `Open: it depends on ${x.decidedBy}${x.ifNoOpinion ? `; if it has no opinion: ${x.ifNoOpinion.startsWith('NoOpinion') ? 'Forbidden' : x.ifNoOpinion}` : ''}`
    : `${x.decision === 'Allow' ? 'Allowed' : 'Denied'} by ${x.decidedBy}`;
  out.push(`Decision:  ${decision}`);
  out.push('');
  out.push('Authorizers, in order:');
  x.steps.forEach((s, i) => {
    out.push(`  ${i + 1}. ${s.name} (${s.type}): ${s.decision}`);
    out.push(`     ${s.reason}`);
    for (const c of s.matchConditions) out.push(`     matchCondition ${JSON.stringify(c.expression)} -> ${c.result}`);
  });
  // Names, expressions and reasons come from the input: one line each, whatever they hold.
  return out.map(escapeUntrusted).join('\n') + '\n';
}

function describeRequest(r: FlowRequest, groups: readonly string[]): string {
  const who = `user ${JSON.stringify(r.user)} (groups: ${groups.join(', ') || 'none'})`;
  if (r.nonResourceUrl) return `${r.verb} ${r.nonResourceUrl} by ${who}`;
  const res = `${r.resource}${r.subresource ? `/${r.subresource}` : ''}`;
  const grp = r.apiGroup ? `.${r.apiGroup}` : '';
  const where = r.namespace ? ` in namespace ${r.namespace}` : ' (cluster scope)';
  return `${r.verb} ${res}${grp}${r.name ? ` ${r.name}` : ''}${where} by ${who}`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The text report. */
function formatExplainText(
  sim: FlowControlSimulator, r: FlowRequest | undefined, c: FlowClassification | undefined, levels: PriorityLevelLimits[],
  flags: { maxRequestsInflight?: number; maxMutatingRequestsInflight?: number },
): string {
  const out: string[] = [];
  if (r && c) {
    out.push(`Request:          ${describeRequest(r, c.groups)}`);
    out.push(`FlowSchema:       ${c.flowSchema} (matchingPrecedence ${c.matchingPrecedence}, ${c.source})`);
    out.push(`  matched         ${c.rule ?? 'no rule: no FlowSchema matched, so the server fell back to catch-all'}`);
    const lvl = levels.find((l) => l.name === c.priorityLevel);
    const lvlText = c.exempt
      ? 'exempt: never queued and not limited'
      : lvl ? `nominal ${lvl.nominalConcurrencyLimit} seats, ${lvl.minimumConcurrencyLimit}..${lvl.maximumConcurrencyLimit} with lending and borrowing${lvl.queues ? `, ${lvl.queues} queues` : ', rejects when full (no queues)'}` : '';
    out.push(`Priority level:   ${c.priorityLevel} (${lvlText})`);
    if (c.flowDistinguisher !== undefined) {
      out.push(`Flow:             ${c.distinguisherMethod ? `${c.distinguisherMethod} -> ${JSON.stringify(c.flowDistinguisher)}` : 'no distinguisher method: every request of this schema is one flow'}`);
    }
    out.push(c.nextMatches.length === 0 ? 'Next matches:     none' : `Next matches:     ${c.nextMatches.map((m) => `${m.flowSchema} (${m.matchingPrecedence}) -> ${m.priorityLevel}`).join(', ')}`);
    out.push('');
  }
  const reading = flags.maxRequestsInflight ?? 400;
  const mutating = flags.maxMutatingRequestsInflight ?? 200;
  out.push(`Priority levels at server concurrency ${sim.serverConcurrencyLimit} (--max-requests-inflight ${reading} + --max-mutating-requests-inflight ${mutating}):`);
  const header = ['NAME', 'SOURCE', 'SHARES', 'NOMINAL', 'LENDABLE', 'BORROWING', 'MIN..MAX', 'QUEUING'];
  const rows = levels.map((l) => [
    l.name, l.source, String(l.nominalConcurrencyShares), String(l.nominalConcurrencyLimit), String(l.lendableConcurrencyLimit),
    l.borrowingLimitPercent === undefined ? `${l.borrowingConcurrencyLimit} (no limit)` : String(l.borrowingConcurrencyLimit),
    `${l.minimumConcurrencyLimit}..${l.maximumConcurrencyLimit}`,
    l.type === 'Exempt' ? 'exempt' : l.queues ? `${l.queues} queues, hand ${l.handSize}, length ${l.queueLengthLimit}` : 'reject',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) out.push(`  ${row.map((cell, i) => (i === row.length - 1 ? cell : pad(cell, widths[i]))).join('  ')}`);
  if (sim.notes.length > 0) {
    out.push('');
    out.push('Notes:');
    for (const n of sim.notes) out.push(`  - ${n}`);
  }
  return out.map(escapeUntrusted).join('\n') + '\n';
}
