/**
 * The declarative admission test file `cdk8s-haru test` runs (`*.haru-test.yaml`): which
 * policies, parameters, namespaces and objects, and per case the request and what the
 * cluster is expected to answer. Reading it checks every field; anything else is refused with
 * the project's message form, naming the file and line: `<file>:<line>: <field>: <problem>
 * (got <value>; allowed: <...>). <fix>`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PSS_OPTIONS, PssOption } from './core';
import { expandOperands, InputError } from './inputs';
import { readYaml, YamlDocument } from '../yaml/read';

/** A test file that cannot be run. */
export class TestFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestFileError';
  }
}

/** The requesting user of a case. */
export interface TestUser {
  readonly name: string;
  readonly groups: string[];
}

/** An object of the test: where it was written, and the object. */
export interface TestObject {
  readonly object: any;
  /** `file: document N`, or `<test file>:<line> (inline)`. */
  readonly origin: string;
}

/** What a case expects. */
export interface TestExpect {
  /** Whether the request is admitted. */
  readonly admitted: boolean;
  /** A text the denial message contains. */
  readonly message?: string;
  /** A regular expression the denial message matches. */
  readonly messageRegex?: RegExp;
  /** The status reason of the denial (`Invalid`, `Forbidden`, ...). */
  readonly reason?: string;
  /** Exactly these warnings, in order, each given as a text the warning contains. */
  readonly warnings?: string[];
  /** These audit annotations with these values (other keys are not compared). */
  readonly auditAnnotations?: Record<string, string>;
  /** A part of the admitted object: every field given must be equal. */
  readonly object?: any;
  /** A golden file (path relative to the test file) holding the whole admitted object. */
  readonly golden?: string;
  /** With `check`: exactly these check ids among the unsuppressed error and warning findings. */
  readonly findings?: string[];
}

/** One case: one request. */
export interface TestCase {
  readonly name: string;
  readonly line: number;
  readonly object: TestObject;
  readonly oldObject?: TestObject;
  readonly operation: 'CREATE' | 'UPDATE';
  readonly user: TestUser;
  readonly expect: TestExpect;
}

/** A parsed test file. */
export interface TestFile {
  readonly file: string;
  readonly name: string;
  readonly policies: any[];
  readonly namespaces?: any[];
  readonly defaults: boolean;
  /** Run the check rules on admitted objects at this Pod Security level. */
  readonly check?: { readonly pss: PssOption };
  /** Suppression files (paths resolved). */
  readonly suppressions: string[];
  readonly cases: TestCase[];
}

const TOP_FIELDS = ['name', 'policies', 'params', 'namespaces', 'resources', 'defaults', 'user', 'check', 'suppressions', 'cases'];
const CASE_FIELDS = ['name', 'object', 'oldObject', 'operation', 'user', 'expect'];
const EXPECT_FIELDS = ['admitted', 'message', 'messageRegex', 'reason', 'warnings', 'auditAnnotations', 'object', 'golden', 'findings'];
const DEFAULT_USER: TestUser = { name: 'admin', groups: ['system:masters', 'system:authenticated'] };

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

class Reader {
  constructor(private readonly file: string, private readonly doc: YamlDocument) {}

  public line(at: Array<string | number>): number {
    for (let n = at.length; n >= 0; n--) {
      const l = this.doc.lineAt(at.slice(0, n));
      if (l !== undefined) return l;
    }
    return this.doc.documentLine;
  }

  public refuse(at: Array<string | number>, problem: string, got: unknown, allowed: string, fix: string): TestFileError {
    const field = at.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(file)';
    return new TestFileError(`${this.file}:${this.line(at)}: ${field}: ${problem} (got ${describe(got)}; allowed: ${allowed}). ${fix}`);
  }

  public mapping(v: unknown, at: Array<string | number>, fields: readonly string[], fix: string): Record<string, any> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw this.refuse(at, 'must be a mapping', v, fields.join(', '), fix);
    for (const k of Object.keys(v)) {
      if (!fields.includes(k)) throw this.refuse([...at, k], 'unknown field', k, fields.join(', '), 'Remove it or correct its name');
    }
    return v as Record<string, any>;
  }

  public string(v: unknown, at: Array<string | number>, fix: string): string {
    if (typeof v !== 'string' || v === '') throw this.refuse(at, 'must be a non-empty string', v, 'a string', fix);
    return v;
  }

  public strings(v: unknown, at: Array<string | number>, fix: string, allowEmpty = false): string[] {
    if (typeof v === 'string' && v !== '') return [v];
    if (!Array.isArray(v) || (!allowEmpty && v.length === 0)) throw this.refuse(at, allowEmpty ? 'must be a list of strings' : 'must be a non-empty list of strings', v, 'a string or a list of strings', fix);
    return v.map((s, i) => (typeof s === 'string' ? s : this.string(s, [...at, i], fix)));
  }
}

/** One object read from a file, with its label. */
interface Loaded {
  readonly object: any;
  readonly origin: string;
}

/** Reads the objects of files and directories named in the test file (paths relative to it). */
function loadObjects(r: Reader, base: string, paths: string[], at: Array<string | number>): Loaded[] {
  const out: Loaded[] = [];
  paths.forEach((p, i) => {
    const resolved = path.resolve(base, p);
    if (!fs.existsSync(resolved)) throw r.refuse([...at, i], 'names no file or directory', p, 'a path relative to the test file', `Correct the path (looked for ${resolved})`);
    let inputs;
    try {
      inputs = expandOperands([resolved], () => '');
    } catch (e) {
      throw r.refuse([...at, i], `cannot be read: ${(e as Error).message}`, p, 'a readable file or directory', 'Fix the path or its permissions');
    }
    for (const input of inputs) {
      let text: string;
      try {
        text = input.read();
      } catch (e) {
        if (e instanceof InputError) throw r.refuse([...at, i], `cannot be read: ${e.message}`, p, 'a readable file', 'Fix the file');
        throw e;
      }
      let n = 0;
      for (const doc of readYaml(text)) {
        if (doc.empty) continue;
        n++;
        const label = `${path.relative(process.cwd(), input.file) || input.file}: document ${n}`;
        if (doc.error) throw r.refuse([...at, i], `has a document kubectl would not read (${label}, line ${doc.error.line}: ${doc.error.message})`, p, 'Kubernetes objects', 'Fix the YAML of that file');
        const o: any = doc.value;
        if (o === null || o === undefined) continue;
        if (typeof o !== 'object' || Array.isArray(o)) throw r.refuse([...at, i], `has a document that is not an object (${label})`, p, 'Kubernetes objects', 'Give every document its own apiVersion and kind');
        if (o.kind === 'List' && Array.isArray(o.items)) o.items.forEach((item: any) => out.push({ object: item, origin: label }));
        else out.push({ object: o, origin: label });
      }
    }
  });
  return out;
}

function userOf(r: Reader, v: unknown, at: Array<string | number>, fallback: TestUser): TestUser {
  if (v === undefined) return fallback;
  const m = r.mapping(v, at, ['name', 'groups'], 'Write user: {name: alice, groups: [dev]}');
  const name = r.string(m.name, [...at, 'name'], 'Give the user name');
  const groups = m.groups === undefined ? [] : r.strings(m.groups, [...at, 'groups'], 'List the groups', true);
  if (!groups.includes('system:authenticated')) groups.push('system:authenticated');
  return { name, groups };
}

/** `Kind/name` or `Kind/namespace/name`, resolved among the resources. */
function resolveObject(r: Reader, v: unknown, at: Array<string | number>, resources: Loaded[], file: string): TestObject {
  if (typeof v === 'string') {
    const parts = v.split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
      throw r.refuse(at, 'is not a reference to a resource', v, 'Kind/name or Kind/namespace/name of an object in resources, or an inline object', 'Write e.g. Pod/shop/web');
    }
    const [kind, ns, name] = parts.length === 3 ? parts : [parts[0], undefined, parts[1]];
    const found = resources.filter((o) => o.object?.kind === kind && o.object?.metadata?.name === name
      && (ns === undefined || (o.object?.metadata?.namespace ?? 'default') === ns));
    if (found.length === 0) throw r.refuse(at, 'names no object of resources', v, resources.length ? resources.slice(0, 8).map((o) => `${o.object?.kind}/${o.object?.metadata?.namespace ? `${o.object.metadata.namespace}/` : ''}${o.object?.metadata?.name}`).join(', ') : 'nothing: resources is empty', 'Add the object to a resources file, or correct the reference');
    if (found.length > 1) throw r.refuse(at, 'names more than one object of resources', v, found.map((o) => o.origin).join(', '), 'Add the namespace: Kind/namespace/name');
    return { object: found[0].object, origin: found[0].origin };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw r.refuse(at, 'must be an object or a reference', v, 'an inline object, or Kind/name or Kind/namespace/name of an object in resources', 'Write the object inline or name it');
  const o = v as any;
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') throw r.refuse([...at, 'kind'], 'an inline object needs apiVersion and kind', o.kind, 'a Kubernetes object', 'Add apiVersion and kind');
  return { object: o, origin: `${file}:${r.line(at)} (inline)` };
}

function expectOf(r: Reader, v: unknown, at: Array<string | number>, hasCheck: boolean): TestExpect {
  const m = r.mapping(v, at, EXPECT_FIELDS, 'Write expect: {admitted: true|false, ...}');
  if (typeof m.admitted !== 'boolean') throw r.refuse([...at, 'admitted'], 'is required and must be true or false', m.admitted, 'true, false', 'Say whether the request is admitted');
  const denied = !m.admitted;
  for (const k of ['message', 'messageRegex', 'reason']) {
    if (m[k] !== undefined && !denied) throw r.refuse([...at, k], 'applies to a denied request only', m[k], 'with admitted: false', `Remove ${k}, or expect admitted: false`);
  }
  for (const k of ['object', 'golden']) {
    if (m[k] !== undefined && denied) throw r.refuse([...at, k], 'applies to an admitted request only', m[k], 'with admitted: true', `Remove ${k}, or expect admitted: true`);
  }
  let messageRegex: RegExp | undefined;
  if (m.messageRegex !== undefined) {
    const src = r.string(m.messageRegex, [...at, 'messageRegex'], 'Write a JavaScript regular expression');
    try {
      messageRegex = new RegExp(src);
    } catch (e) {
      throw r.refuse([...at, 'messageRegex'], `is not a regular expression: ${(e as Error).message}`, src, 'a JavaScript regular expression', 'Escape the special characters');
    }
  }
  let auditAnnotations: Record<string, string> | undefined;
  if (m.auditAnnotations !== undefined) {
    const a = m.auditAnnotations;
    if (a === null || typeof a !== 'object' || Array.isArray(a)) throw r.refuse([...at, 'auditAnnotations'], 'must be a mapping of key to value', a, 'key: value', 'Write the expected annotations as a mapping');
    for (const [k, val] of Object.entries(a)) {
      if (typeof val !== 'string') throw r.refuse([...at, 'auditAnnotations', k], 'must be a string', val, 'a string', 'Quote the value');
    }
    auditAnnotations = a as Record<string, string>;
  }
  if (m.object !== undefined && (m.object === null || typeof m.object !== 'object' || Array.isArray(m.object))) {
    throw r.refuse([...at, 'object'], 'must be a mapping (a part of the admitted object)', m.object, 'e.g. {metadata: {labels: {team: web}}}', 'Write the fields to compare');
  }
  if (m.findings !== undefined && !hasCheck) throw r.refuse([...at, 'findings'], 'needs the check rules to run', m.findings, 'with a top-level check: {pss: ...}', 'Add check: {pss: restricted} to the test file, or remove findings');
  return {
    admitted: m.admitted,
    message: m.message === undefined ? undefined : r.string(m.message, [...at, 'message'], 'Give a text the denial message contains'),
    messageRegex,
    reason: m.reason === undefined ? undefined : r.string(m.reason, [...at, 'reason'], 'Give the status reason, e.g. Invalid'),
    warnings: m.warnings === undefined ? undefined : r.strings(m.warnings, [...at, 'warnings'], 'List the expected warnings ([] for none)', true),
    auditAnnotations,
    object: m.object,
    golden: m.golden === undefined ? undefined : r.string(m.golden, [...at, 'golden'], 'Give the path of the golden file'),
    findings: m.findings === undefined ? undefined : r.strings(m.findings, [...at, 'findings'], 'List the expected check ids ([] for none)', true),
  };
}

/** Reads and checks a test file. Throws {@link TestFileError} for anything that cannot be run. */
export function parseTestFile(text: string, file: string): TestFile {
  const docs = [...readYaml(text)].filter((d) => !d.empty);
  if (docs.length !== 1) throw new TestFileError(`${file}: (file): must hold exactly one document (got ${docs.length}; allowed: 1). Put the whole test in one document`);
  const doc = docs[0];
  if (doc.error) throw new TestFileError(`${file}:${doc.error.line}: (file): not valid YAML: ${doc.error.message}. Fix the YAML syntax`);
  const r = new Reader(file, doc);
  const top = r.mapping(doc.value, [], TOP_FIELDS, 'Write a mapping with policies and cases');
  const base = path.dirname(file);
  const name = top.name === undefined ? path.basename(file) : r.string(top.name, ['name'], 'Name the test');
  if (top.policies === undefined) throw r.refuse(['policies'], 'is required', undefined, 'files or directories with the policies and bindings', 'List the policy files');
  const policies = loadObjects(r, base, r.strings(top.policies, ['policies'], 'List the policy files or directories'), ['policies']);
  const params = top.params === undefined ? [] : loadObjects(r, base, r.strings(top.params, ['params'], 'List the parameter object files'), ['params']);
  const namespaces = top.namespaces === undefined ? undefined : loadObjects(r, base, r.strings(top.namespaces, ['namespaces'], 'List the Namespace files'), ['namespaces']);
  namespaces?.forEach((n) => {
    if (n.object?.kind !== 'Namespace') throw r.refuse(['namespaces'], `holds an object that is not a Namespace (${n.origin})`, n.object?.kind, 'Namespace objects', 'Move it to resources or params');
  });
  const resources = top.resources === undefined ? [] : loadObjects(r, base, r.strings(top.resources, ['resources'], 'List the resource files'), ['resources']);
  if (top.defaults !== undefined && typeof top.defaults !== 'boolean') throw r.refuse(['defaults'], 'must be true or false', top.defaults, 'true, false', 'Write defaults: false to compare objects without the API server defaults');
  let check: { pss: PssOption } | undefined;
  if (top.check !== undefined) {
    const c = r.mapping(top.check, ['check'], ['pss'], 'Write check: {pss: restricted}');
    const pss = c.pss ?? 'restricted';
    if (!PSS_OPTIONS.includes(pss)) throw r.refuse(['check', 'pss'], 'is not a Pod Security level', pss, PSS_OPTIONS.join(', '), 'Choose a level');
    check = { pss };
  }
  const suppressions = top.suppressions === undefined ? [] : r.strings(top.suppressions, ['suppressions'], 'List the suppression files').map((p, i) => {
    const resolved = path.resolve(base, p);
    if (!fs.existsSync(resolved)) throw r.refuse(['suppressions', i], 'names no file', p, 'a path relative to the test file', `Correct the path (looked for ${resolved})`);
    return resolved;
  });
  const user = userOf(r, top.user, ['user'], DEFAULT_USER);
  if (!Array.isArray(top.cases) || top.cases.length === 0) throw r.refuse(['cases'], 'must be a non-empty list', top.cases, 'a list of {name, object, expect}', 'Add at least one case');
  const names = new Set<string>();
  const cases = top.cases.map((c0: unknown, i: number): TestCase => {
    const at = ['cases', i];
    const c = r.mapping(c0, at, CASE_FIELDS, 'Write each case as {name, object, expect}');
    const caseName = r.string(c.name, [...at, 'name'], 'Name the case');
    if (names.has(caseName)) throw r.refuse([...at, 'name'], 'is the name of an earlier case', caseName, 'a name no other case has', 'Give every case its own name');
    names.add(caseName);
    if (c.object === undefined) throw r.refuse([...at, 'object'], 'is required', undefined, 'an inline object, or Kind/name or Kind/namespace/name of an object in resources', 'Say what the request creates or updates');
    const object = resolveObject(r, c.object, [...at, 'object'], resources, file);
    const oldObject = c.oldObject === undefined ? undefined : resolveObject(r, c.oldObject, [...at, 'oldObject'], resources, file);
    let operation: 'CREATE' | 'UPDATE' = oldObject ? 'UPDATE' : 'CREATE';
    if (c.operation !== undefined) {
      if (c.operation !== 'CREATE' && c.operation !== 'UPDATE') throw r.refuse([...at, 'operation'], 'is not an operation admission policies run on here', c.operation, 'CREATE, UPDATE', 'Write CREATE or UPDATE');
      if (c.operation === 'CREATE' && oldObject) throw r.refuse([...at, 'operation'], 'a CREATE has no old object', c.operation, 'UPDATE (with oldObject)', 'Remove oldObject, or write operation: UPDATE');
      operation = c.operation;
    }
    if (c.expect === undefined) throw r.refuse([...at, 'expect'], 'is required', undefined, 'a mapping with admitted: true|false', 'Say what the cluster answers');
    return {
      name: caseName,
      line: r.line(at),
      object,
      oldObject,
      operation,
      user: userOf(r, c.user, [...at, 'user'], user),
      expect: expectOf(r, c.expect, [...at, 'expect'], check !== undefined),
    };
  });
  return {
    file,
    name,
    policies: [...policies, ...params].map((o) => o.object),
    namespaces: namespaces?.map((n) => n.object),
    defaults: top.defaults ?? true,
    check,
    suppressions,
    cases,
  };
}

/** Whether a file found in a directory is a test file: `haru-test.yaml` or `*.haru-test.yaml` (or `.yml`). */
export function isTestFileName(name: string): boolean {
  return /(^|\.)haru-test\.ya?ml$/.test(name);
}
