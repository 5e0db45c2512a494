/**
 * Server-side rules of batch/v1 Job and CronJob, ported function by function from the 1.36
 * `pkg/apis/batch/validation` for a create, after the v1 defaults (`SetDefaults_Job`: one
 * completion and one pod when neither is set, NonIndexed completion; the pod spec's
 * restartPolicy defaults to Always, which a Job refuses) and the Job strategy's selector
 * generation (`generateSelector`: unless manualSelector is true, the server selects the
 * pods by controller-uid and labels them with job-name). The pod template's own spec is the
 * pod rules' concern.
 */
import { cronScheduleError, isKnownTimeZone } from './cron';
import { checkNonNegative, checkSelector, finding, isInt, present, selectorMatches, selectorMismatch } from './workload-common';
import { checkTemplateEphemeralContainers } from './workload-core';
import type { Violation } from '../base/errors';
import { checkDns1123Label, checkQualifiedName, isObject } from '../base/validators';

type Out = Violation[];

const MAX_PARALLELISM_INDEXED = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_LIMIT_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_HIGH_COMPLETIONS = 10_000;
const MAX_POD_FAILURE_POLICY_RULES = 20;
const MAX_ON_EXIT_CODES_VALUES = 255;
const MAX_ON_POD_CONDITIONS = 20;
const MAX_MANAGED_BY_LENGTH = 63;
const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;
const MAX_SUCCESS_POLICY_RULES = 20;

const POD_FAILURE_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const EXIT_CODE_OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
const POD_REPLACEMENT_POLICIES = ['Failed', 'TerminatingOrFailed'];

/** The labels the Job strategy puts on the pod template (batch.kubernetes.io/* and the legacy ones). */
const JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];
const CONTROLLER_UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];

/** How a job spec is reached and which defaults the API server applied to it. */
interface JobSpecContext {
  /** Field path of the spec (`spec` or `spec.jobTemplate.spec`). */
  readonly path: string;
  /** A Job's spec is defaulted by SetDefaults_Job; a CronJob's job template is not. */
  readonly defaulted: boolean;
}

// upstream: validateIndexesFormat
/** The number of indexes in `text` (`1,3-5,7`), or the parser's error. */
export function indexesFormat(text: string, completions: number): number | string {
  if (text.length === 0) return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of text.split(',')) {
    const limits = interval.split('-');
    if (limits.length > 2) return `the fragment ${JSON.stringify(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`;
    const x = /^[+]?\d+$/.test(limits[0]) ? Number.parseInt(limits[0], 10) : undefined;
    if (x === undefined) return `cannot convert string to integer for index: ${JSON.stringify(limits[0])}`;
    if (x >= completions) return `too large index: ${JSON.stringify(limits[0])}`;
    if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
    total++;
    last = x;
    if (limits.length > 1) {
      const y = /^[+]?\d+$/.test(limits[1]) ? Number.parseInt(limits[1], 10) : undefined;
      if (y === undefined) return `cannot convert string to integer for index: ${JSON.stringify(limits[1])}`;
      if (y >= completions) return `too large index: ${JSON.stringify(limits[1])}`;
      if (last >= y) return `non-increasing order, previous: ${last}, current: ${y}`;
      total += y - x;
      last = y;
    }
  }
  return total;
}

/** Names of the containers and init containers of the job's pod template. */
function containerNames(spec: Record<string, any>): Set<string> {
  const names = new Set<string>();
  const podSpec = isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec : {};
  for (const list of ['containers', 'initContainers']) {
    if (!Array.isArray(podSpec[list])) continue;
    for (const c of podSpec[list]) if (isObject(c) && typeof c.name === 'string') names.add(c.name);
  }
  return names;
}

// upstream: validatePodFailurePolicyRuleOnExitCodes
function checkOnExitCodes(out: Out, req: Record<string, any>, f: string, names: Set<string>): void {
  const op = req.operator;
  if (!present(op) || op === '') {
    out.push(finding('job/pod-failure-policy', `${f}.operator`, 'is required', undefined, EXIT_CODE_OPERATORS.join(', '), 'Set operator: In or NotIn'));
  } else if (!EXIT_CODE_OPERATORS.includes(op)) {
    out.push(finding('job/pod-failure-policy', `${f}.operator`, 'is not supported', op, EXIT_CODE_OPERATORS.join(', '), 'Use In or NotIn'));
  }
  if (typeof req.containerName === 'string' && !names.has(req.containerName)) {
    out.push(finding('job/pod-failure-policy', `${f}.containerName`, 'must be one of the container or initContainer names in the pod template', req.containerName,
      [...names].join(', ') || 'a container name', 'Name a container of the pod template, or remove containerName to match any'));
  }
  const values: unknown[] = Array.isArray(req.values) ? req.values : [];
  if (values.length === 0) {
    out.push(finding('job/pod-failure-policy', `${f}.values`, 'at least one value is required', req.values ?? [], 'one or more exit codes', 'List the exit codes'));
  } else if (values.length > MAX_ON_EXIT_CODES_VALUES) {
    out.push(finding('job/pod-failure-policy', `${f}.values`, `must have at most ${MAX_ON_EXIT_CODES_VALUES} items`, values.length, `up to ${MAX_ON_EXIT_CODES_VALUES}`, 'List fewer exit codes'));
  }
  let ordered = true;
  const seen = new Set<unknown>();
  values.forEach((val, j) => {
    if (op === 'In' && val === 0) {
      out.push(finding('job/pod-failure-policy', `${f}.values[${j}]`, 'must not be 0 for the In operator', val, 'non-zero exit codes', 'Remove 0 (a successful exit never fails a pod)'));
    }
    if (seen.has(val)) out.push(finding('job/pod-failure-policy', `${f}.values[${j}]`, 'Duplicate value', val, 'each exit code once', 'Remove the duplicate'));
    seen.add(val);
    const prev = values[j - 1];
    if (j > 0 && isInt(prev) && isInt(val) && prev > val) ordered = false;
  });
  if (!ordered) out.push(finding('job/pod-failure-policy', `${f}.values`, 'must be ordered', values, 'ascending exit codes', 'Sort the exit codes in ascending order'));
}

// upstream: validatePodFailurePolicyRuleOnPodConditions
function checkOnPodConditions(out: Out, patterns: unknown[], f: string, defaulted: boolean): void {
  if (patterns.length > MAX_ON_POD_CONDITIONS) {
    out.push(finding('job/pod-failure-policy', f, `must have at most ${MAX_ON_POD_CONDITIONS} items`, patterns.length, `up to ${MAX_ON_POD_CONDITIONS}`, 'Match fewer pod conditions'));
  }
  patterns.forEach((p, j) => {
    if (!isObject(p)) return;
    const pf = `${f}[${j}]`;
    const t = checkQualifiedName(`${pf}.type`, p.type);
    if (t) out.push({ ...t, checkId: 'job/pod-failure-policy', fix: 'Use a pod condition type such as DisruptionTarget' });
    if (!present(p.status) || p.status === '') {
      // SetDefaults_Job sets True; a CronJob's job template is not defaulted.
      if (!defaulted) {
        out.push(finding('job/pod-failure-policy', `${pf}.status`, 'is required', undefined, CONDITION_STATUSES.join(', '), 'Set status: True (or False, Unknown)'));
      }
    } else if (!CONDITION_STATUSES.includes(p.status)) {
      out.push(finding('job/pod-failure-policy', `${pf}.status`, 'is not supported', p.status, CONDITION_STATUSES.join(', '), 'Use True, False or Unknown'));
    }
  });
}

// upstream: validatePodFailurePolicy
function checkPodFailurePolicy(out: Out, spec: Record<string, any>, f: string, defaulted: boolean): void {
  const pfp = spec.podFailurePolicy;
  if (!isObject(pfp)) return;
  const rules: unknown[] = Array.isArray(pfp.rules) ? pfp.rules : [];
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES) {
    out.push(finding('job/pod-failure-policy', `${f}.rules`, `must have at most ${MAX_POD_FAILURE_POLICY_RULES} items`, rules.length, `up to ${MAX_POD_FAILURE_POLICY_RULES}`, 'Merge or drop rules'));
  }
  const names = containerNames(spec);
  rules.forEach((rule, i) => {
    if (!isObject(rule)) return;
    // upstream: validatePodFailurePolicyRule
    const rf = `${f}.rules[${i}]`;
    const action = rule.action;
    if (!present(action) || action === '') {
      out.push(finding('job/pod-failure-policy', `${rf}.action`, 'is required', undefined, POD_FAILURE_ACTIONS.join(', '), 'Set the action: FailJob, FailIndex, Ignore or Count'));
    } else if (action === 'FailIndex') {
      if (!present(spec.backoffLimitPerIndex)) {
        out.push(finding('job/pod-failure-policy', `${rf}.action`, 'requires the backoffLimitPerIndex to be set', action, 'FailIndex with backoffLimitPerIndex',
          'Set spec.backoffLimitPerIndex (and completionMode: Indexed), or use FailJob'));
      }
    } else if (!POD_FAILURE_ACTIONS.includes(action)) {
      out.push(finding('job/pod-failure-policy', `${rf}.action`, 'is not supported', action, POD_FAILURE_ACTIONS.join(', '), 'Use FailJob, FailIndex, Ignore or Count'));
    }
    const hasExit = isObject(rule.onExitCodes);
    const conditions: unknown[] = Array.isArray(rule.onPodConditions) ? rule.onPodConditions : [];
    if (hasExit) checkOnExitCodes(out, rule.onExitCodes, `${rf}.onExitCodes`, names);
    if (conditions.length > 0) checkOnPodConditions(out, conditions, `${rf}.onPodConditions`, defaulted);
    if (hasExit && conditions.length > 0) {
      out.push(finding('job/pod-failure-policy', rf, 'specifying both OnExitCodes and OnPodConditions is not supported', undefined, 'one of onExitCodes, onPodConditions', 'Split the rule in two'));
    }
    if (!hasExit && conditions.length === 0) {
      out.push(finding('job/pod-failure-policy', rf, 'specifying one of OnExitCodes and OnPodConditions is required', undefined, 'one of onExitCodes, onPodConditions', 'Say which failures the rule matches'));
    }
  });
}

// upstream: validateSuccessPolicy
function checkSuccessPolicy(out: Out, spec: Record<string, any>, f: string, completions: number | undefined): void {
  const rules: unknown[] = isObject(spec.successPolicy) && Array.isArray(spec.successPolicy.rules) ? spec.successPolicy.rules : [];
  if (rules.length === 0) {
    out.push(finding('job/success-policy', `${f}.rules`, 'at least one rules must be specified when the successPolicy is specified', undefined, 'one or more rules', 'Add a rule with succeededIndexes or succeededCount'));
  }
  if (rules.length > MAX_SUCCESS_POLICY_RULES) {
    out.push(finding('job/success-policy', `${f}.rules`, `must have at most ${MAX_SUCCESS_POLICY_RULES} items`, rules.length, `up to ${MAX_SUCCESS_POLICY_RULES}`, 'Merge rules'));
  }
  if (completions === undefined) return; // completions is required for an Indexed Job (reported above)
  rules.forEach((rule, i) => {
    if (!isObject(rule)) return;
    // upstream: validateSuccessPolicyRule
    const rf = `${f}.rules[${i}]`;
    if (!present(rule.succeededCount) && !present(rule.succeededIndexes)) {
      out.push(finding('job/success-policy', rf, 'at least one of succeededCount or succeededIndexes must be specified', undefined, 'succeededCount and/or succeededIndexes', 'Say which indexes or how many must succeed'));
    }
    let total = 0;
    if (typeof rule.succeededIndexes === 'string') {
      const sf = `${rf}.succeededIndexes`;
      if (rule.succeededIndexes.length > MAX_SUCCEEDED_INDEXES_LENGTH) {
        out.push(finding('job/success-policy', sf, `may not be more than ${MAX_SUCCEEDED_INDEXES_LENGTH} bytes`, rule.succeededIndexes, `up to ${MAX_SUCCEEDED_INDEXES_LENGTH} characters`, 'Use ranges (e.g. 0-99) instead of single indexes'));
      }
      const parsed = indexesFormat(rule.succeededIndexes, completions);
      if (typeof parsed === 'string') {
        out.push(finding('job/success-policy', sf, `error parsing succeededIndexes: ${parsed}`, rule.succeededIndexes, `ascending indexes and ranges below completions (${completions}), e.g. "0,2-4"`,
          'List increasing indexes or ranges, each below completions'));
      } else {
        total = parsed;
      }
    }
    if (isInt(rule.succeededCount)) {
      const cf = `${rf}.succeededCount`;
      checkNonNegative(out, 'job/success-policy', rule.succeededCount, cf);
      if (rule.succeededCount > completions) {
        out.push(finding('job/success-policy', cf, `must be less than or equal to ${completions} (the number of specified completions)`, rule.succeededCount, `0-${completions}`, 'Lower succeededCount'));
      }
      if (present(rule.succeededIndexes) && rule.succeededCount > total) {
        out.push(finding('job/success-policy', cf, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`, rule.succeededCount, `0-${total}`,
          'Lower succeededCount or list more indexes'));
      }
    }
  });
}

// upstream: validateJobSpec
function checkJobSpecCommon(out: Out, spec: Record<string, any>, ctx: JobSpecContext): void {
  const f = ctx.path;
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    checkNonNegative(out, 'job/job-count', spec[k], `${f}.${k}`);
  }
  // SetDefaults_Job: neither set → both 1; parallelism unset → 1.
  let completions = isInt(spec.completions) ? spec.completions : undefined;
  let parallelism = isInt(spec.parallelism) ? spec.parallelism : undefined;
  if (ctx.defaulted) {
    if (!present(spec.completions) && !present(spec.parallelism)) completions = 1;
    if (!present(spec.parallelism)) parallelism = 1;
  }
  const hasCompletions = completions !== undefined || present(spec.completions);
  const maxFailed = isInt(spec.maxFailedIndexes) ? spec.maxFailedIndexes : undefined;
  if (present(spec.maxFailedIndexes) && !present(spec.backoffLimitPerIndex)) {
    out.push(finding('job/indexed', `${f}.backoffLimitPerIndex`, 'is required when maxFailedIndexes is specified', undefined, 'a backoff limit per index', 'Set backoffLimitPerIndex, or remove maxFailedIndexes'));
  }
  if (typeof spec.managedBy === 'string') {
    checkManagedBy(out, spec.managedBy, `${f}.managedBy`);
  }
  const indexed = spec.completionMode === 'Indexed';
  if (indexed) {
    if (!hasCompletions) {
      out.push(finding('job/indexed', `${f}.completions`, 'is required when completion mode is Indexed', undefined, 'the number of indexes',
        'Set completions (the number of indexes) for an Indexed Job'));
    }
    if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED) {
      out.push(finding('job/indexed', `${f}.parallelism`, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`, parallelism, `0-${MAX_PARALLELISM_INDEXED}`, 'Lower parallelism'));
    }
    if (completions !== undefined && maxFailed !== undefined && maxFailed > completions) {
      out.push(finding('job/indexed', `${f}.maxFailedIndexes`, 'must be less than or equal to completions', maxFailed, `0-${completions}`, 'Lower maxFailedIndexes'));
    }
    if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES) {
      out.push(finding('job/indexed', `${f}.maxFailedIndexes`, `must be less than or equal to ${MAX_FAILED_INDEXES}`, maxFailed, `0-${MAX_FAILED_INDEXES}`, 'Lower maxFailedIndexes'));
    }
    if (completions !== undefined && completions > COMPLETIONS_SOFT_LIMIT && present(spec.backoffLimitPerIndex)) {
      if (!present(spec.maxFailedIndexes)) {
        out.push(finding('job/indexed', `${f}.maxFailedIndexes`, `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`, undefined, `0-${MAX_FAILED_INDEXES_HIGH_COMPLETIONS}`, 'Set maxFailedIndexes'));
      }
      if (parallelism !== undefined && parallelism > PARALLELISM_LIMIT_HIGH_COMPLETIONS) {
        out.push(finding('job/indexed', `${f}.parallelism`, `must be less than or equal to ${PARALLELISM_LIMIT_HIGH_COMPLETIONS} when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`,
          parallelism, `0-${PARALLELISM_LIMIT_HIGH_COMPLETIONS}`, 'Lower parallelism'));
      }
      if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES_HIGH_COMPLETIONS) {
        out.push(finding('job/indexed', `${f}.maxFailedIndexes`, `must be less than or equal to ${MAX_FAILED_INDEXES_HIGH_COMPLETIONS} when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`,
          maxFailed, `0-${MAX_FAILED_INDEXES_HIGH_COMPLETIONS}`, 'Lower maxFailedIndexes'));
      }
    }
  } else if (!present(spec.completionMode) || spec.completionMode === 'NonIndexed' || spec.completionMode === '') {
    for (const k of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      if (present(spec[k])) {
        out.push(finding('job/indexed', `${f}.${k}`, 'requires indexed completion mode', spec[k], 'completionMode: Indexed', `Set completionMode: Indexed, or remove ${k}`));
      }
    }
  }
  checkPodFailurePolicy(out, spec, `${f}.podFailurePolicy`, ctx.defaulted);
  if (present(spec.successPolicy)) {
    if (!indexed) {
      out.push(finding('job/success-policy', `${f}.successPolicy`, 'requires indexed completion mode', spec.successPolicy, 'completionMode: Indexed', 'Set completionMode: Indexed, or remove successPolicy'));
    } else {
      checkSuccessPolicy(out, spec, `${f}.successPolicy`, completions);
    }
  }
  // upstream: validatePodReplacementPolicy
  const prp = spec.podReplacementPolicy;
  if (present(prp)) {
    if (present(spec.podFailurePolicy)) {
      if (prp !== 'Failed') {
        out.push(finding('job/pod-replacement-policy', `${f}.podReplacementPolicy`, 'is not supported when podFailurePolicy is set', prp, 'Failed', 'Use podReplacementPolicy: Failed, or remove it'));
      }
    } else if (!POD_REPLACEMENT_POLICIES.includes(prp)) {
      out.push(finding('job/pod-replacement-policy', `${f}.podReplacementPolicy`, 'is not supported', prp, POD_REPLACEMENT_POLICIES.join(', '), 'Use Failed or TerminatingOrFailed'));
    }
  }
  checkJobRestartPolicy(out, spec, f);
}

/** The restart policy of a job's pod template (the end of validateJobSpec). */
function checkJobRestartPolicy(out: Out, spec: Record<string, any>, f: string): void {
  const podSpec = isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec : undefined;
  if (!podSpec) return;
  const rp = podSpec.restartPolicy;
  const rf = `${f}.template.spec.restartPolicy`;
  if (!present(rp) || rp === '') {
    out.push(finding('job/restart-policy', rf, "is required: a pod template defaults to Always, which a Job's pods may not use", undefined, 'OnFailure, Never',
      'Set restartPolicy: Never (or OnFailure)'));
  } else if (rp === 'Always') {
    out.push(finding('job/restart-policy', rf, 'must be OnFailure or Never for a Job', rp, 'OnFailure, Never', "Use restartPolicy: Never (or OnFailure); a Job's pods must end"));
  } else if (rp === 'OnFailure' && present(spec.podFailurePolicy)) {
    out.push(finding('job/restart-policy', rf, 'only "Never" is supported when podFailurePolicy is specified', rp, 'Never', 'Set restartPolicy: Never, or remove podFailurePolicy'));
  }
}

// upstream: IsDomainPrefixedPath
/** managedBy: a domain-prefixed path (`example.com/controller`) of at most 63 characters. */
function checkManagedBy(out: Out, value: string, f: string): void {
  const fix = 'Name the controller as <domain>/<path>, e.g. kueue.x-k8s.io/multikueue';
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  const path = slash < 0 ? '' : value.slice(slash + 1);
  if (value === '') {
    out.push(finding('job/managed-by', f, 'is required when set', value, '<DNS subdomain>/<path>', fix));
  } else if (slash < 0 || host === '' || path === '') {
    out.push(finding('job/managed-by', f, 'must be a domain-prefixed path (such as "acme.io/foo")', value, '<DNS subdomain>/<path>', fix));
  } else {
    const bad = checkDns1123Subdomain(host);
    if (bad) out.push(finding('job/managed-by', f, bad, value, '<DNS subdomain>/<path>', fix));
    if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(path)) {
      out.push(finding('job/managed-by', f, 'the path of the domain-prefixed path is not a valid HTTP path', value, '<DNS subdomain>/<path>', fix));
    }
  }
  if (value.length > MAX_MANAGED_BY_LENGTH) {
    out.push(finding('job/managed-by', f, `may not be more than ${MAX_MANAGED_BY_LENGTH} bytes`, value, `up to ${MAX_MANAGED_BY_LENGTH} characters`, 'Use a shorter controller name'));
  }
}

function checkDns1123Subdomain(s: string): string | undefined {
  if (s.length > 253) return 'the domain prefix must be no more than 253 characters';
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s) ? undefined : 'the domain prefix must be a DNS-1123 subdomain';
}

// ---------------------------------------------------------------------------------------
// Job

/** The selector and template labels of a Job, as the strategy generates them and validation checks them. */
function checkJobSelector(out: Out, obj: Record<string, any>, spec: Record<string, any>): void {
  const manual = spec.manualSelector === true;
  const template = isObject(spec.template) ? spec.template : {};
  const labels: Record<string, unknown> = isObject(template.metadata) && isObject(template.metadata.labels) ? template.metadata.labels : {};
  const name = isObject(obj.metadata) && typeof obj.metadata.name === 'string' && obj.metadata.name !== '' ? obj.metadata.name : undefined;
  if (manual) {
    // upstream: ValidateJobSpec (selector required, must match the template)
    if (!present(spec.selector)) {
      out.push(finding('job/selector', 'spec.selector', 'is required when manualSelector is true', undefined, 'a label selector', 'Set spec.selector, or remove manualSelector to let the server generate it'));
      return;
    }
    if (!isObject(spec.selector)) return;
    if (checkSelector(out, 'job/selector', spec.selector, 'spec.selector') && !selectorMatches(spec.selector, labels)) {
      out.push(selectorMismatch('job/selector-mismatch', 'spec.template.metadata.labels', labels));
    }
    return;
  }
  // upstream: validateGeneratedSelector
  // generateSelector keeps a user's template labels and selector entries and adds its own:
  // the controller-uid labels (the uid the server assigns) and the job-name labels.
  const uid = '\u0000server-assigned-uid';
  const jobName = name ?? '\u0000generated-name';
  const generated: Record<string, string> = {
    'controller-uid': uid, 'batch.kubernetes.io/controller-uid': uid, 'job-name': jobName, 'batch.kubernetes.io/job-name': jobName,
  };
  for (const key of CONTROLLER_UID_LABELS) {
    if (key in labels) {
      out.push(finding('job/generated-selector', `spec.template.metadata.labels[${key}]`, "must be the Job's uid, which the server assigns", labels[key], 'unset',
        `Remove the ${key} label; the server sets it`));
    }
  }
  for (const key of JOB_NAME_LABELS) {
    if (key in labels && labels[key] !== jobName) {
      out.push(finding('job/generated-selector', `spec.template.metadata.labels[${key}]`, `must be '${name ?? '<the generated name>'}'`, labels[key], name === undefined ? 'unset' : JSON.stringify(name),
        `Remove the ${key} label; the server sets it to the Job name`));
    }
  }
  if (!isObject(spec.selector)) return;
  if (!checkSelector(out, 'job/selector', spec.selector, 'spec.selector')) return;
  const sel = spec.selector;
  const matchLabels = isObject(sel.matchLabels) ? sel.matchLabels : {};
  const generatedSel = { ...sel, matchLabels: { 'batch.kubernetes.io/controller-uid': uid, ...matchLabels } };
  if (!selectorMatches(generatedSel, generated)) {
    out.push(finding('job/generated-selector', 'spec.selector', '`selector` not auto-generated', sel, 'unset (the server generates it), or manualSelector: true',
      "Remove spec.selector (the server selects the Job's pods by controller-uid), or set manualSelector: true"));
  } else if (!selectorMatches(generatedSel, { ...generated, ...labels })) {
    out.push(selectorMismatch('job/selector-mismatch', 'spec.template.metadata.labels', labels));
  }
}

// upstream: ValidateJob
function checkJob(obj: Record<string, any>): Out {
  const out: Out = [];
  const spec = obj.spec;
  if (!isObject(spec)) return out;
  checkJobSelector(out, obj, spec);
  // upstream: ValidateJobSpec
  checkJobSpecCommon(out, spec, { path: 'spec', defaulted: true });
  const name = isObject(obj.metadata) && typeof obj.metadata.name === 'string' ? obj.metadata.name : '';
  if (spec.completionMode === 'Indexed' && isInt(spec.completions) && spec.completions > 0 && name !== '') {
    const host = `${name}-${spec.completions - 1}`;
    if (checkDns1123Label('metadata.name', host)) {
      out.push(finding('job/indexed', 'metadata.name', `will not able to create pod with invalid DNS label: ${host}`, name, 'a name that, with "-<last index>", is a DNS-1123 label (63 characters at most)',
        'Shorten the Job name so that the pod host names (<name>-<index>) fit in 63 characters'));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// CronJob

const VALID_TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

// upstream: validateTimeZone
function checkTimeZone(out: Out, tz: unknown, f: string): void {
  if (typeof tz !== 'string') return;
  if (tz === '') {
    out.push(finding('job/time-zone', f, 'timeZone must be nil or non-empty string', tz, 'an IANA time zone name, e.g. Europe/Berlin', 'Remove timeZone, or name a zone'));
    return;
  }
  for (const part of tz.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !VALID_TZ_PART.test(part)) {
      out.push(finding('job/time-zone', f, `unknown time zone ${tz}`, tz, 'an IANA time zone name, e.g. Europe/Berlin, America/New_York, Etc/UTC', 'Use a name from the IANA time zone database'));
      return;
    }
  }
  if (tz.toLowerCase() === 'local') {
    out.push(finding('job/time-zone', f, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones', tz, 'an IANA time zone name', 'Name the zone, e.g. Etc/UTC'));
  }
  if (!isKnownTimeZone(tz)) {
    out.push(finding('job/time-zone', f, `unknown time zone ${tz}`, tz, 'an IANA time zone name, e.g. Europe/Berlin, America/New_York, Etc/UTC', 'Use a name from the IANA time zone database'));
  }
}

// upstream: validateScheduleFormat
function checkSchedule(out: Out, schedule: unknown, f: string): void {
  if (typeof schedule !== 'string') return;
  if (schedule === '') {
    out.push(finding('job/schedule', f, 'is required', undefined, 'a cron schedule, e.g. "*/5 * * * *" or "@hourly"', 'Set the schedule'));
    return;
  }
  const err = cronScheduleError(schedule);
  if (err) {
    out.push(finding('job/schedule', f, err, schedule, 'five fields (minute hour day-of-month month day-of-week) or @yearly, @monthly, @weekly, @daily, @hourly, @every <duration>',
      'Write a standard cron expression, e.g. "30 2 * * *" for 02:30 every day'));
  }
  if (schedule.includes('TZ')) {
    out.push(finding('job/schedule', f, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead', schedule, 'a schedule without TZ=', 'Move the zone to spec.timeZone'));
  }
}

// upstream: ValidateJobTemplateSpec
function checkJobTemplateSpec(out: Out, jobTemplate: unknown): void {
  if (!isObject(jobTemplate) || !isObject(jobTemplate.spec)) return;
  const spec = jobTemplate.spec;
  checkJobSpecCommon(out, spec, { path: 'spec.jobTemplate.spec', defaulted: false });
  if (present(spec.selector)) {
    out.push(finding('job/selector', 'spec.jobTemplate.spec.selector', '`selector` will be auto-generated', spec.selector, 'unset', 'Remove the selector; each Job the CronJob creates gets a generated one'));
  }
  if (spec.manualSelector === true) {
    out.push(finding('job/selector', 'spec.jobTemplate.spec.manualSelector', 'is not supported', true, 'unset, false', 'Remove manualSelector'));
  }
}

/** The longest CronJob name: the controller appends an 11-character suffix to make Job names (63). */
const MAX_CRONJOB_NAME = 52;
/** names.SimpleNameGenerator: at most 58 characters of generateName plus 5 random ones. */
const GENERATED_BASE_MAX = 58;

// upstream: ValidateCronJobCreate
function checkCronJob(obj: Record<string, any>): Out {
  const out: Out = [];
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name
    : typeof meta.generateName === 'string' && meta.generateName !== '' ? `${meta.generateName.slice(0, GENERATED_BASE_MAX)}xxxxx` : '';
  if (name.length > MAX_CRONJOB_NAME) {
    out.push(finding('job/cronjob-name', 'metadata.name', 'must be no more than 52 characters', meta.name ?? meta.generateName, 'at most 52 characters',
      `Shorten the name by ${name.length - MAX_CRONJOB_NAME} character${name.length - MAX_CRONJOB_NAME === 1 ? '' : 's'} (the controller appends an 11-character suffix to name each Job)`));
  }
  const spec = obj.spec;
  if (!isObject(spec)) return out;
  // upstream: validateCronJobSpec
  checkSchedule(out, spec.schedule, 'spec.schedule');
  checkNonNegative(out, 'job/cronjob-count', spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds');
  checkTimeZone(out, spec.timeZone, 'spec.timeZone');
  // upstream: validateConcurrencyPolicy
  // concurrencyPolicy: '' is defaulted to Allow, other values are schema/enum.
  checkJobTemplateSpec(out, spec.jobTemplate);
  checkNonNegative(out, 'job/cronjob-count', spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit');
  checkNonNegative(out, 'job/cronjob-count', spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit');
  return out;
}

/** The batch/v1 rules of `obj` (a Job or a CronJob). */
export function checkBatchObject(obj: unknown): Violation[] {
  if (!isObject(obj)) return [];
  if (obj.kind === 'Job') return [...checkJob(obj), ...checkTemplateEphemeralContainers(obj)];
  if (obj.kind === 'CronJob') return [...checkCronJob(obj), ...checkTemplateEphemeralContainers(obj)];
  return [];
}

/** The registry entry. */
export const BATCH_CHECKER = {
  id: 'batch',
  apiVersions: ['batch/v1'],
  kinds: ['Job', 'CronJob'],
  check: checkBatchObject,
} as const;
