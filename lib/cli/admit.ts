/**
 * `cdk8s-haru admit`: runs MutatingAdmissionPolicies and then ValidatingAdmissionPolicies
 * over objects offline, as a 1.36 API server would on create (or update), and prints the
 * admitted objects with the server's defaults.
 * Exit codes: 0 every object admitted (and, with --check, no findings), 1 an object rejected
 * (or findings), 2 usage error or unreadable input.
 */
import * as fs from 'node:fs';
import { pssOption, scanArgs, UsageError } from './args';
import { checkText, DEFAULT_PSS, Finding, PssOption } from './core';
import { escapeUntrusted } from './escape';
import { findingCases, formatText, suppressionSuite } from './format';
import { InputError, WalkOptions } from './inputs';
import { formatJUnit, JUnitCase, JUnitSuite } from './junit';
import { Located, objectIdentity, readAll } from './pairing';
import { Suppression, SuppressionFileError, todayUtc } from './suppress';
import { readSuppressionFiles, resolveSuppressions } from './suppressed';
import { AdmissionEngine, AdmissionResult } from '../admit/engine';
import { AdmissionOperation } from '../admit/operation';
import { HaruValidationError } from '../base/errors';
import { writeYaml } from '../yaml/write';

const EXIT_CLEAN = 0;
const EXIT_REJECTED = 1;
const EXIT_USAGE = 2;

/** Usage text of `cdk8s-haru admit`. */
export const ADMIT_USAGE = `Usage: cdk8s-haru admit --policies <file|dir> [options] <file|dir|->...

Runs the MutatingAdmissionPolicies, then the ValidatingAdmissionPolicies (with their
bindings and parameter objects) found in --policies over every object of the operands,
as a Kubernetes 1.36 API server would, and prints the admitted objects as YAML in input
order, with the defaults the API server sets. Policies and bindings the API server would
refuse are reported and nothing runs (exit 2). Warn actions print "Warning: ..." lines
on stderr, as kubectl does.

Options:
  --policies <file|dir>   policies, bindings and parameter objects (repeatable; required)
  --namespaces <file>     Namespace objects; without it every namespace exists with only
                          the kubernetes.io/metadata.name label
  --operation <op>        CREATE (default) or UPDATE
  --old <file|dir>        the stored objects (repeatable): an object with the same group,
                          kind, namespace and name is admitted as an UPDATE from it; the
                          others as --operation says
  --no-defaults           print objects without the API server's defaults
  --user <name>           requesting user (default: admin)
  --group <group>         a group of the user (repeatable; default: system:masters);
                          system:authenticated is always added
  --format <fmt>          yaml (default) or json (objects with per-policy traces)
  --check                 also run the check rules on the admitted objects and report
                          findings on stderr as \`cdk8s-haru check\` does
  --pss <level>           with --check: restricted (default), baseline or none
  --suppressions <file>   with --check: accepted findings, each with a reason and an
                          optional expiry (repeatable); haru.cdk8s.io/suppress.* annotations
                          on the objects apply too
  --junit <file>          write a JUnit XML report to <file>: a case per object (failed when
                          rejected) and, with --check, a case per finding
  --include-hidden        also read directories named .* and node_modules below a
                          directory operand (skipped by default, with a note on stderr)
  -h, --help              show this help

Exit status: 0 every object admitted, 1 an object rejected (or --check findings),
2 usage error or unreadable input.
`;

/** Streams used by a run. */
export interface AdmitIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => string;
}

interface AdmitArgs {
  readonly policies: string[];
  readonly namespaces?: string;
  readonly operation: AdmissionOperation;
  readonly old: string[];
  readonly defaults: boolean;
  readonly user?: string;
  readonly groups: string[];
  readonly format: 'yaml' | 'json';
  readonly check: boolean;
  readonly pss: PssOption;
  readonly suppressions: string[];
  readonly junit?: string;
  readonly operands: string[];
  readonly includeHidden: boolean;
  readonly help: boolean;
}

function parseArgs(argv: readonly string[]): AdmitArgs {
  const policies: string[] = [];
  const groups: string[] = [];
  const operands: string[] = [];
  let namespaces: string | undefined;
  let operation = AdmissionOperation.CREATE;
  let user: string | undefined;
  let format: 'yaml' | 'json' = 'yaml';
  let check = false;
  const old: string[] = [];
  let defaults = true;
  let pss: PssOption = DEFAULT_PSS;
  let help = false;
  let includeHidden = false;
  const suppressions: string[] = [];
  let junit: string | undefined;
  scanArgs(argv, (arg) => operands.push(arg), (name, value) => {
    switch (name) {
      case '--policies': policies.push(value()); break;
      case '--namespaces':
        if (namespaces !== undefined) throw new UsageError('--namespaces may be given only once');
        namespaces = value();
        break;
      case '--operation': {
        const v = value().toUpperCase();
        if (v !== 'CREATE' && v !== 'UPDATE') throw new UsageError(`--operation must be CREATE or UPDATE (got ${JSON.stringify(v)})`);
        operation = v === 'CREATE' ? AdmissionOperation.CREATE : AdmissionOperation.UPDATE;
        break;
      }
      case '--old': old.push(value()); break;
      case '--no-defaults': defaults = false; break;
      case '--user': user = value(); break;
      case '--group': groups.push(value()); break;
      case '--format': {
        const v = value();
        if (v !== 'yaml' && v !== 'json') throw new UsageError(`--format must be yaml or json (got ${JSON.stringify(v)})`);
        format = v;
        break;
      }
      case '--check': check = true; break;
      case '--pss': pss = pssOption(value()); break;
      case '--suppressions': suppressions.push(value()); break;
      case '--junit': junit = value(); break;
      case '--include-hidden': includeHidden = true; break;
      case '-h':
      case '--help': help = true; break;
      default: throw new UsageError(`unknown option ${name}`);
    }
  });
  if (suppressions.length > 0 && !check) throw new UsageError('--suppressions applies to the findings of --check; add --check');
  return { policies, namespaces, operation, old, defaults, user, groups, format, check, pss, suppressions, junit, operands, includeHidden, help };
}

/** Control characters and line breaks from input are printed escaped, so input cannot forge output lines. */
function clean(text: string): string {
  return escapeUntrusted(text);
}

function label(o: any): string {
  const ns = o?.metadata?.namespace ? `${o.metadata.namespace}/` : '';
  return `${o?.kind ?? '(no kind)'} ${ns}${o?.metadata?.name ?? '(no name)'}`;
}

/** Runs `cdk8s-haru admit` with `argv` (the arguments after `admit`) and returns the exit code. */
export function runAdmit(argv: readonly string[], io: AdmitIo): number {
  let args: AdmitArgs;
  try {
    args = parseArgs(argv);
    if (!args.help && args.policies.length === 0) throw new UsageError('--policies is required (a file or directory with admission policies and bindings)');
    if (!args.help && args.operands.length === 0) throw new UsageError('no objects given; name files, directories or - for standard input');
  } catch (e) {
    io.stderr(`cdk8s-haru admit: ${escapeUntrusted((e as Error).message)}\n\n${ADMIT_USAGE}`);
    return EXIT_USAGE;
  }
  if (args.help) {
    io.stdout(ADMIT_USAGE);
    return EXIT_CLEAN;
  }
  let policies: Located[];
  let namespaces: Located[] | undefined;
  let objects: Located[];
  let olds: Located[] = [];
  let fileSuppressions: Suppression[];
  let stdinRead = false;
  const readStdin = (): string => {
    if (stdinRead) throw new InputError("'-' (standard input) may be given only once");
    stdinRead = true;
    return io.readStdin();
  };
  const skipped: string[] = [];
  const walk: WalkOptions = { includeHidden: args.includeHidden, skipped };
  try {
    fileSuppressions = readSuppressionFiles(args.suppressions);
    policies = readAll(args.policies, readStdin, walk);
    namespaces = args.namespaces === undefined ? undefined : readAll([args.namespaces], readStdin, walk);
    olds = readAll(args.old, readStdin, walk);
    objects = readAll(args.operands, readStdin, walk);
  } catch (e) {
    if (e instanceof InputError || e instanceof SuppressionFileError) {
      io.stderr(`cdk8s-haru admit: ${escapeUntrusted(e.message)}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  for (const dir of skipped) {
    io.stderr(`${escapeUntrusted(`cdk8s-haru admit: skipped directory ${dir} (hidden or node_modules); pass --include-hidden to read it`)}\n`);
  }
  const groups = args.groups.length > 0 || args.user !== undefined ? [...args.groups] : ['system:masters'];
  if (!groups.includes('system:authenticated')) groups.push('system:authenticated');
  let engine: AdmissionEngine;
  try {
    engine = new AdmissionEngine({
      policies: policies.map((p) => p.object),
      namespaces: namespaces?.map((n) => n.object).filter((n) => n?.kind === 'Namespace'),
      operation: args.operation,
      user: { name: args.user ?? 'admin', groups },
      defaulting: args.defaults,
    });
  } catch (e) {
    if (!(e instanceof HaruValidationError)) throw e;
    io.stderr(`cdk8s-haru admit: the API server would refuse these policies or bindings; nothing was admitted:\n${e.violations.map((v) => `  [${v.checkId}] ${clean(v.field)}: ${clean(v.problem)}${v.got !== undefined ? ` (got ${clean(v.got)})` : ''}\n`).join('')}`);
    return EXIT_USAGE;
  }
  const oldByIdentity = new Map<string, any>();
  for (const o of olds) oldByIdentity.set(objectIdentity(o.object), o.object);
  const results: AdmissionResult[] = objects.map((o) => engine.admit(o.object, oldByIdentity.get(objectIdentity(o.object))));
  let code = EXIT_CLEAN;
  results.forEach((r, i) => {
    for (const w of r.warnings) io.stderr(`Warning: ${clean(w)}\n`);
    if (!r.admitted) {
      code = EXIT_REJECTED;
      io.stderr(`${escapeUntrusted(`cdk8s-haru admit: ${objects[i].file}: document ${objects[i].document} ${label(objects[i].object)} rejected: ${r.message}`)}\n`);
    }
  });

  if (args.format === 'json') {
    io.stdout(JSON.stringify({
      results: results.map((r) => ({
        object: r.admittedObject,
        admitted: r.admitted,
        ...(r.message !== undefined ? { message: r.message } : {}),
        ...(r.reason !== undefined ? { reason: r.reason } : {}),
        warnings: r.warnings,
        auditAnnotations: r.auditAnnotations,
        validations: r.validations.map((v) => ({
          name: v.name,
          binding: v.binding,
          ...(v.param !== undefined ? { param: v.param } : {}),
          matched: v.matched,
          failures: v.failures,
          actions: v.actions,
        })),
        policies: r.policies.map((p) => ({
          name: p.name,
          binding: p.binding,
          matched: p.matched,
          applied: p.applied,
          changed: p.changed,
          reinvoked: p.reinvoked,
          ...(p.errorMessage !== undefined ? { error: p.errorMessage } : {}),
        })),
      })),
    }, null, 2) + '\n');
  } else {
    io.stdout(results.filter((r) => r.admitted).map((r) => writeYaml(r.admittedObject)).join('---\n'));
  }

  const junitSuites: JUnitSuite[] = [];
  if (args.junit !== undefined) {
    const byFile = new Map<string, JUnitCase[]>();
    results.forEach((r, i) => {
      const o = objects[i];
      const cases = byFile.get(o.file) ?? [];
      byFile.set(o.file, cases);
      cases.push({
        name: `${label(o.object)} (document ${o.document})`,
        classname: o.file,
        failure: r.admitted ? undefined : { message: r.message ?? 'rejected', type: r.reason ?? 'Rejected' },
        output: r.warnings.length > 0 ? r.warnings.map((w) => `Warning: ${w}`).join('\n') : undefined,
      });
    });
    for (const [file, cases] of byFile) junitSuites.push({ name: `admit ${file}`, cases });
  }

  if (args.check) {
    const findings: Finding[] = [];
    const annotationSuppressions: Suppression[] = [];
    let documents = 0;
    results.forEach((r, i) => {
      if (!r.admitted) return;
      const res = checkText(writeYaml(r.admittedObject), `${objects[i].file} (admitted, document ${objects[i].document})`, { pss: args.pss });
      documents += res.documents;
      findings.push(...res.findings);
      annotationSuppressions.push(...res.suppressions);
    });
    const resolved = resolveSuppressions(findings, [...fileSuppressions, ...annotationSuppressions], todayUtc());
    if (resolved.findings.length > 0 || resolved.suppressed.length > 0) {
      io.stderr(formatText({ version: '', pss: args.pss, files: new Set(objects.map((o) => o.file)).size, documents, findings: resolved.findings, suppressed: resolved.suppressed }));
    }
    // As before suppressions existed: any finding fails the run, except a report that a suppression matched nothing.
    if (resolved.findings.some((f) => f.checkId !== 'suppress/stale')) code = EXIT_REJECTED;
    if (args.junit !== undefined) {
      const cases = findingCases(resolved.findings, resolved.suppressed, 'warning');
      junitSuites.push({ name: 'check (admitted objects)', cases: cases.length > 0 ? cases : [{ name: 'no findings', classname: 'check' }] });
      if (resolved.report.length > 0) junitSuites.push(suppressionSuite(resolved.report));
    }
  }
  if (args.junit !== undefined) {
    try {
      fs.writeFileSync(args.junit, formatJUnit('cdk8s-haru admit', junitSuites));
    } catch (e) {
      io.stderr(`cdk8s-haru admit: ${escapeUntrusted(`cannot write the JUnit report ${args.junit}: ${(e as { code?: string }).code ?? (e as Error).message}`)}\n`);
      return EXIT_USAGE;
    }
  }
  return code;
}
