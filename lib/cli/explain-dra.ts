/**
 * `cdk8s-haru explain dra`: whether ResourceClaims (and ResourceClaimTemplates) can be
 * allocated on the nodes the ResourceSlices describe, as the 1.36 scheduler decides, which
 * device goes to which request, and why not.
 */
import { scanArgs, textOrJsonOption, UsageError } from './args';
import { escapeUntrusted } from './escape';
import { expandOperands, InputError } from './inputs';
import { formatViolation, HaruValidationError } from '../base/errors';
import { DraAllocationExplanation, DraAllocationSimulator } from '../explain/dra-simulator';

/** Usage text of `cdk8s-haru explain dra`. */
export const EXPLAIN_DRA_USAGE = `Usage: cdk8s-haru explain dra [options] [<file|dir|->...]

Allocates the ResourceClaims and ResourceClaimTemplates of the inputs on the nodes their
ResourceSlices describe, as the Kubernetes 1.36 scheduler does with its default feature
gates (all claims together, as one pod using them would), and prints which device goes to
which request or, when a claim does not fit, why: the selector, taint, count or
constraint that fails on which device. ResourceClaims that already have an allocation
(status.allocation) hold their devices. Node objects give node labels. Other kinds are
ignored.

Options:
  --slices <set>                 add a bundled example node (repeatable):
${DraAllocationSimulator.describeExampleSets().map((l) => `                                   ${l}`).join('\n')}
  --node <name>                  allocate on this node only (default: every node named)
  --node-label <key>=<value>     a label of --node (repeatable)
  --claim <[namespace/]name>     allocate only these claims (repeatable)
  --format <fmt>                 text (default) or json
  -h, --help                     show this help

Exit status: 0 answered (allocatable or not), 2 usage error, unreadable input or objects
the API server would refuse.
`;

/** Streams used by a run. */
export interface ExplainDraIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => string;
}

/** Runs `cdk8s-haru explain dra` with `argv` (the arguments after `dra`); returns the exit code. */
export function runExplainDra(argv: readonly string[], io: ExplainDraIo): number {
  const operands: string[] = [];
  const sets: string[] = [];
  const claims: string[] = [];
  const labels: Record<string, string> = {};
  let nodeName: string | undefined;
  let format = 'text';
  let help = false;
  try {
    scanArgs(argv, (a) => operands.push(a), (opt, value) => {
      switch (opt) {
        case '--slices': {
          const v = value();
          if (!DraAllocationSimulator.exampleSets().includes(v)) {
            throw new UsageError(`--slices takes a bundled example set: ${DraAllocationSimulator.exampleSets().join(', ')} (got ${JSON.stringify(v)}); give your own ResourceSlices as files`);
          }
          sets.push(v);
          break;
        }
        case '--node': nodeName = value(); break;
        case '--node-label': {
          const v = value();
          const eq = v.indexOf('=');
          if (eq <= 0) throw new UsageError(`--node-label takes <key>=<value> (got ${JSON.stringify(v)})`);
          labels[v.slice(0, eq)] = v.slice(eq + 1);
          break;
        }
        case '--claim': claims.push(value()); break;
        case '--format': format = textOrJsonOption(value()); break;
        case '-h':
        case '--help': help = true; break;
        default: throw new UsageError(`unknown option ${opt}`);
      }
    });
    if (help) {
      io.stdout(EXPLAIN_DRA_USAGE);
      return 0;
    }
    if (operands.length === 0 && sets.length === 0) throw new UsageError('explain dra needs files with ResourceClaims (and ResourceSlices, or --slices)');
    if (Object.keys(labels).length > 0 && nodeName === undefined) throw new UsageError('--node-label needs --node');
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`cdk8s-haru explain: ${e.message}\n\n${EXPLAIN_DRA_USAGE}`);
      return 2;
    }
    throw e;
  }

  let result: DraAllocationExplanation;
  let sim: DraAllocationSimulator;
  try {
    const text = expandOperands(operands, io.readStdin).map((i) => i.read()).join('\n---\n');
    sim = DraAllocationSimulator.fromYaml(text, { exampleSlices: sets });
    if (sim.claimNames.length === 0) {
      io.stderr('cdk8s-haru explain: the inputs hold no ResourceClaim (without an allocation) or ResourceClaimTemplate to allocate\n');
      return 2;
    }
    result = sim.allocate({ nodeName, nodeLabels: labels, claims: claims.length > 0 ? claims : undefined });
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`cdk8s-haru explain: ${e.message}\n`);
      return 2;
    }
    if (e instanceof HaruValidationError) {
      io.stderr(`cdk8s-haru explain: the API server would refuse these objects (or the request is wrong):\n${e.violations.map((v) => `  - [${v.checkId}] ${formatViolation(v)}`).join('\n')}\n`);
      return 2;
    }
    throw e;
  }
  if (format === 'json') {
    io.stdout(JSON.stringify({ ...result, notes: sim.notes }, null, 2) + '\n');
    return 0;
  }
  io.stdout(formatDraText(result, sim.notes));
  return 0;
}

function describeSelector(ns: any): string {
  const terms: any[] = Array.isArray(ns?.nodeSelectorTerms) ? ns.nodeSelectorTerms : [];
  return terms.map((t) => [...(t.matchFields ?? []), ...(t.matchExpressions ?? [])]
    .map((r: any) => `${r.key} ${r.operator}${Array.isArray(r.values) ? ` [${r.values.join(', ')}]` : ''}`).join(' and ')).join(' or ');
}

/** The text report. */
export function formatDraText(x: DraAllocationExplanation, notes: readonly string[]): string {
  const out: string[] = [];
  out.push(x.allocatable ? `Result:    allocatable on node ${x.node}` : `Result:    not allocatable on ${x.nodes.length === 1 ? `node ${x.nodes[0].node}` : `any of the ${x.nodes.length} nodes`}`);
  out.push(`Allocator: Kubernetes 1.36 structured allocator with ${x.features.join(', ')}`);
  for (const n of x.nodes) {
    out.push('');
    out.push(`Node ${n.node}: ${n.allocatable ? 'allocatable' : n.fatalError ? 'error' : 'not allocatable'}`);
    if (n.fatalError) out.push(`  the scheduler stops with: ${n.fatalError}`);
    for (const c of n.claims) {
      out.push(`  ${c.kind} ${c.claim}: ${c.allocatable ? 'allocatable' : 'not allocatable'}`);
      for (const d of c.devices) out.push(`    ${d.request} -> ${d.device} (driver ${d.driver}, pool ${d.pool}${d.adminAccess ? ', admin access' : ''}${d.consumedCapacity ? `, consumes ${Object.entries(d.consumedCapacity).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''})`);
      if (c.nodeSelector) out.push(`    pods using it run where: ${describeSelector(c.nodeSelector)}`);
      if (!n.fatalError) for (const r of c.reasons) out.push(`    ${r}`);
    }
  }
  if (notes.length > 0) {
    out.push('');
    out.push('Notes:');
    for (const note of notes) out.push(`  - ${note}`);
  }
  // Names, expressions and reasons come from the input: one line each, whatever they hold.
  return out.map(escapeUntrusted).join('\n') + '\n';
}
