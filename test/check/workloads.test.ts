/**
 * The workload controller, Job/CronJob and ObjectMeta rules, one behaviour per test, with
 * the message a user sees. Sources: pkg/apis/apps/validation, pkg/apis/batch/validation,
 * pkg/apis/core/validation (ReplicationController), apimachinery
 * pkg/api/validation/objectmeta.go and apiextensions-apiserver
 * pkg/registry/customresource/validator.go (finalizer warnings).
 */
import { describe, expect, it } from 'vitest';
import { formatViolation } from '../../lib/base/errors';
import { severityOf } from '../../lib/check/catalog';
import { CrdSet } from '../../lib/check/crd';
import { checkObject } from '../../lib/check/registry';

const msgs = (o: unknown, crds?: CrdSet) => checkObject(o, { crds }).map((v) => `[${v.checkId}] ${formatViolation(v)}`);
const CTR = { name: 'app', image: 'registry.example.com/app:1' };

function deployment(spec: Record<string, unknown> = {}, labels: Record<string, string> = { app: 'web' }): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels }, spec: { containers: [CTR] } }, ...spec },
  };
}
function job(spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = { restartPolicy: 'Never' }): any {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' }, spec: { template: { spec: { containers: [CTR], ...podSpec } }, ...spec } };
}
function cronJob(spec: Record<string, unknown>, name = 'nightly'): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [CTR] } } } }, ...spec },
  };
}

describe('apps/v1 controllers (ValidateDeploymentSpec, ValidateDaemonSetSpec, ValidateStatefulSetSpec)', () => {
  it('accepts a Deployment whose selector selects its template', () => {
    expect(msgs(deployment())).toEqual([]);
  });
  it('fails when the selector does not select the template labels', () => {
    expect(msgs(deployment({}, { app: 'api' }))).toEqual([
      '[controller/selector-mismatch] spec.template.metadata.labels: `selector` does not match template `labels` (got {"app":"api"}; allowed: labels that the selector selects). Give the pod template every label the selector requires (and none it excludes).',
    ]);
  });
  it('fails when minReadySeconds reaches the default progress deadline of 600', () => {
    expect(msgs(deployment({ minReadySeconds: 600 }))).toEqual([
      '[controller/progress-deadline] spec.progressDeadlineSeconds: must be greater than minReadySeconds (got 600; allowed: more than 600). Set progressDeadlineSeconds (default 600) above minReadySeconds, or lower minReadySeconds.',
    ]);
  });
  it('fails when both maxSurge and maxUnavailable are zero', () => {
    expect(msgs(deployment({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } }))).toEqual([
      '[controller/rolling-update] spec.strategy.rollingUpdate.maxUnavailable: may not be 0 when `maxSurge` is 0 (got "0%"; allowed: a non-zero maxUnavailable or maxSurge). Allow one extra pod (maxSurge: 1) or one unavailable pod (maxUnavailable: 1), else the rollout cannot progress.',
    ]);
  });
  it('fails when a rolling update value is not a percentage', () => {
    expect(msgs(deployment({ strategy: { rollingUpdate: { maxSurge: '25' } } }))).toEqual([
      "[controller/rolling-update] spec.strategy.rollingUpdate.maxSurge: a valid percent string must be a numeric string followed by an ending '%' (got \"25\"; allowed: an integer, or digits followed by '%' (e.g. 1, '25%')). Write the number without quotes (25) or as a percentage ('25%').",
    ]);
  });
  it('fails when a Recreate Deployment has rollingUpdate', () => {
    expect(msgs(deployment({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }))[0]).toContain("spec.strategy.rollingUpdate: may not be specified when strategy `type` is 'Recreate'");
  });
  it('fails when a controller template restarts Never or has a deadline', () => {
    const d = deployment();
    d.spec.template.spec.restartPolicy = 'Never';
    d.spec.template.spec.activeDeadlineSeconds = 10;
    expect(msgs(d)).toEqual([
      "[controller/restart-policy] spec.template.spec.restartPolicy: is not supported (got \"Never\"; allowed: Always). Remove restartPolicy (a Deployment restarts its pods' containers always); use a Job for run-to-completion work.",
      "[controller/active-deadline] spec.template.spec.activeDeadlineSeconds: activeDeadlineSeconds in Deployment is not Supported (got 10; allowed: unset). Remove activeDeadlineSeconds from the pod template; a Deployment's pods run until replaced.",
    ]);
  });
  it('fails when a DaemonSet surges with the default maxUnavailable of 1', () => {
    const ds = { ...deployment({ updateStrategy: { rollingUpdate: { maxSurge: 1 } } }), kind: 'DaemonSet' };
    expect(msgs(ds)).toEqual([
      '[controller/rolling-update] spec.updateStrategy.rollingUpdate.maxSurge: may not be set when maxUnavailable is non-zero (got 1; allowed: maxSurge with maxUnavailable: 0). Set maxUnavailable: 0 as well (it defaults to 1 for a DaemonSet).',
    ]);
  });
  it('accepts a DaemonSet that surges with maxUnavailable 0', () => {
    expect(msgs({ ...deployment({ updateStrategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }), kind: 'DaemonSet' })).toEqual([]);
  });
  it('fails when a StatefulSet name is not a DNS label', () => {
    const s = { ...deployment(), kind: 'StatefulSet', metadata: { name: 'db.primary' } };
    expect(msgs(s)[0]).toMatch(/^\[schema\/metadata\] metadata\.name: must be a DNS-1123 label/);
  });
  it('warns when a StatefulSet serviceName cannot be the pods\' subdomain', () => {
    const s = { ...deployment({ serviceName: 'DB_svc' }), kind: 'StatefulSet' };
    expect(msgs(s)).toEqual([
      "[controller/service-name] spec.serviceName: must be a DNS-1123 label: the pods' subdomain would be refused (got \"DB_svc\"; allowed: lower-case a-z, 0-9 and '-', starting and ending with a letter or digit). Name the headless Service that governs the set (a DNS-1123 label).",
    ]);
    expect(severityOf('controller/service-name')).toBe('warning');
  });
  it('fails when an empty selector is given', () => {
    expect(msgs(deployment({ selector: {} }))[0]).toContain('spec.selector: empty selector is invalid for deployment');
  });
  it('fails when a pod template carries ephemeral containers', () => {
    const d = deployment();
    d.spec.template.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox' }];
    expect(msgs(d)).toContain('[workload/ephemeral-containers] spec.template.spec.ephemeralContainers: ephemeral containers not allowed in pod template (got 1; allowed: none). Remove ephemeralContainers from the template; add them to a running pod with kubectl debug.');
  });
});

describe('batch/v1 Job (ValidateJob, validateJobSpec, validateGeneratedSelector)', () => {
  it('accepts a Job as users write it: no selector, restartPolicy Never', () => {
    expect(msgs(job())).toEqual([]);
  });
  it('fails when the pod template has no restartPolicy (it defaults to Always)', () => {
    expect(msgs(job({}, {}))).toEqual([
      "[job/restart-policy] spec.template.spec.restartPolicy: is required: a pod template defaults to Always, which a Job's pods may not use (allowed: OnFailure, Never). Set restartPolicy: Never (or OnFailure).",
    ]);
  });
  it('fails when a selector is set without manualSelector', () => {
    const j = job({ selector: { matchLabels: { app: 'm' } } });
    j.spec.template.metadata = { labels: { app: 'm' } };
    expect(msgs(j)).toEqual([
      "[job/generated-selector] spec.selector: `selector` not auto-generated (got {\"matchLabels\":{\"app\":\"m\"}}; allowed: unset (the server generates it), or manualSelector: true). Remove spec.selector (the server selects the Job's pods by controller-uid), or set manualSelector: true.",
    ]);
  });
  it('accepts a manual selector that selects the template', () => {
    const j = job({ manualSelector: true, selector: { matchLabels: { app: 'm' } } });
    j.spec.template.metadata = { labels: { app: 'm' } };
    expect(msgs(j)).toEqual([]);
  });
  it('fails when an Indexed Job has pod host names longer than 63 characters', () => {
    const j = job({ completionMode: 'Indexed', completions: 100 });
    j.metadata.name = 'a'.repeat(61);
    expect(msgs(j)[0]).toContain(`metadata.name: will not able to create pod with invalid DNS label: ${'a'.repeat(61)}-99`);
  });
  it('fails when per-index limits are set on a NonIndexed Job', () => {
    expect(msgs(job({ backoffLimitPerIndex: 1 }))).toEqual([
      '[job/indexed] spec.backoffLimitPerIndex: requires indexed completion mode (got 1; allowed: completionMode: Indexed). Set completionMode: Indexed, or remove backoffLimitPerIndex.',
    ]);
  });
  it('fails when podFailurePolicy is used with restartPolicy OnFailure', () => {
    expect(msgs(job({ podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } }, { restartPolicy: 'OnFailure' }))).toEqual([
      '[job/restart-policy] spec.template.spec.restartPolicy: only "Never" is supported when podFailurePolicy is specified (got "OnFailure"; allowed: Never). Set restartPolicy: Never, or remove podFailurePolicy.',
    ]);
  });
  it('fails when succeededIndexes do not parse', () => {
    const j = job({ completionMode: 'Indexed', completions: 5, successPolicy: { rules: [{ succeededIndexes: '3,1' }] } });
    expect(msgs(j)[0]).toContain('spec.successPolicy.rules[0].succeededIndexes: error parsing succeededIndexes: non-increasing order, previous: 3, current: 1');
  });
});

describe('batch/v1 CronJob (ValidateCronJobCreate, validateScheduleFormat, validateTimeZone)', () => {
  it.each(['0 2 * * *', '*/15 * * * *', '0 0 1 JAN,jul *', '30 6 * * MON-FRI', '@hourly', '@every 1h30m', '0 0 ? * SUN', '5/10 * * * *'])('accepts the schedule %s', (schedule) => {
    expect(msgs(cronJob({ schedule }))).toEqual([]);
  });
  it.each([
    ['0 2 * * 7', 'end of range (7) above maximum (6): 7'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['0 0 * * * *', 'expected exactly 5 fields, found 6: [0 0 * * * *]'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['@every 1d', 'failed to parse duration @every 1d: time: invalid duration "1d"'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
  ])('fails when the schedule is %s', (schedule, problem) => {
    expect(msgs(cronJob({ schedule }))[0]).toContain(`[job/schedule] spec.schedule: ${problem} (got ${JSON.stringify(schedule)}`);
  });
  it('fails when the schedule carries a time zone', () => {
    expect(msgs(cronJob({ schedule: 'CRON_TZ=Europe/Berlin 0 2 * * *' }))).toEqual([
      '[job/schedule] spec.schedule: cannot use TZ or CRON_TZ in schedule, use timeZone field instead (got "CRON_TZ=Europe/Berlin 0 2 * * *"; allowed: a schedule without TZ=). Move the zone to spec.timeZone.',
    ]);
  });
  it('accepts an IANA time zone and refuses an unknown one', () => {
    expect(msgs(cronJob({ timeZone: 'America/New_York' }))).toEqual([]);
    expect(msgs(cronJob({ timeZone: 'Mars/Olympus' }))).toEqual([
      '[job/time-zone] spec.timeZone: unknown time zone Mars/Olympus (got "Mars/Olympus"; allowed: an IANA time zone name, e.g. Europe/Berlin, America/New_York, Etc/UTC). Use a name from the IANA time zone database.',
    ]);
  });
  it('fails when the name is longer than 52 characters', () => {
    expect(msgs(cronJob({}, 'n'.repeat(53)))).toEqual([
      `[job/cronjob-name] metadata.name: must be no more than 52 characters (got "${'n'.repeat(53)}"; allowed: at most 52 characters). Shorten the name by 1 character (the controller appends an 11-character suffix to name each Job).`,
    ]);
  });
  it('fails when the job template sets a selector', () => {
    const c = cronJob({});
    c.spec.jobTemplate.spec.selector = { matchLabels: { a: 'b' } };
    expect(msgs(c)[0]).toContain('[job/selector] spec.jobTemplate.spec.selector: `selector` will be auto-generated');
  });
  it('fails when an Indexed job template has no completions (a job template is not defaulted)', () => {
    const c = cronJob({});
    c.spec.jobTemplate.spec.completionMode = 'Indexed';
    expect(msgs(c)[0]).toContain('[job/indexed] spec.jobTemplate.spec.completions: is required when completion mode is Indexed');
  });
});

describe('core/v1 ReplicationController (ValidateReplicationControllerSpec)', () => {
  const rc = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'r' }, spec });
  it('accepts a selector defaulted from the template labels', () => {
    expect(msgs(rc({ template: { metadata: { labels: { a: 'b' } }, spec: { containers: [CTR] } } }))).toEqual([]);
  });
  it('fails when there is neither a selector nor template labels', () => {
    expect(msgs(rc({ template: { spec: { containers: [CTR] } } }))).toEqual([
      '[controller/rc-selector] spec.selector: is required (allowed: labels (or template labels to default from)). Set spec.selector, or give the pod template labels (the selector defaults to them).',
    ]);
  });
});

describe('ObjectMeta (ValidateObjectMetaAccessor)', () => {
  const cm = (meta: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', ...meta } });
  it('accepts a generateName with a trailing dash', () => {
    expect(msgs({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'settings-' } })).toEqual([]);
  });
  it('fails when generateName cannot start a name', () => {
    expect(msgs(cm({ generateName: 'Settings_' }))).toEqual([
      "[meta/generate-name] metadata.generateName: must be a DNS-1123 subdomain (as the start of a generated name) (got \"Settings_\"; allowed: lower-case a-z, 0-9, '-' and '.', starting and ending with a letter or digit). Use a prefix that, with 5 random characters appended, is a valid name (e.g. \"my-app-\").",
    ]);
  });
  it('fails when two owner references are controllers', () => {
    const ref = (name: string) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: name, controller: true });
    expect(msgs(cm({ ownerReferences: [ref('a'), ref('b')] }))[0]).toContain('metadata.ownerReferences: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b');
  });
  it('fails when a finalizer is not a qualified name', () => {
    expect(msgs(cm({ finalizers: ['example.com/a/b'] }))[0]).toMatch(/^\[meta\/finalizer\] metadata\.finalizers: must be a qualified name with at most one '\/'/);
  });
  it('says nothing of built-in finalizer names on built-in kinds', () => {
    expect(msgs(cm({ finalizers: ['kubernetes', 'foregroundDeletion', 'my-finalizer'] }))).toEqual([]);
  });

  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
  const crds = new CrdSet();
  crds.add(crd);
  const widget = (meta: Record<string, unknown>) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { namespace: 'a', ...meta } });
  it('warns on a custom resource finalizer without a domain, as the API server does', () => {
    expect(msgs(widget({ name: 'w', finalizers: ['resources-finalizer.argocd.argoproj.io', 'cleanup', 'example.com/ok', 'orphan'] }), crds)).toEqual([
      '[meta/finalizer-name] metadata.finalizers: prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers (got "resources-finalizer.argocd.argoproj.io"; allowed: <domain>/<name>, e.g. example.com/cleanup). Use a finalizer name of the form <domain>/<name>.',
      '[meta/finalizer-name] metadata.finalizers: prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers (got "cleanup"; allowed: <domain>/<name>, e.g. example.com/cleanup). Use a finalizer name of the form <domain>/<name>.',
    ]);
    expect(severityOf('meta/finalizer-name')).toBe('warning');
  });
  it('fails when a custom resource name is not a DNS subdomain', () => {
    expect(msgs(widget({ name: 'My_Widget' }), crds)[0]).toMatch(/^\[meta\/name\] metadata\.name: must be a DNS-1123 subdomain/);
  });
  it('fails when a custom resource has neither name nor generateName', () => {
    expect(msgs(widget({}), crds)).toEqual(['[meta/name] metadata.name: name or generateName is required (allowed: a DNS-1123 subdomain). Set metadata.name.']);
  });
  it('leaves custom resources without their CRD alone', () => {
    expect(msgs(widget({ name: 'My_Widget', finalizers: ['cleanup'] }))).toEqual([]);
  });
});
