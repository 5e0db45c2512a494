/**
 * autoscaling/v2 HorizontalPodAutoscaler rules (k8s.io/kubernetes
 * pkg/apis/autoscaling/validation/validation.go), after the v2 defaults
 * (SetDefaults_HorizontalPodAutoscaler: minReplicas 1, a CPU metric when none is given,
 * and the default scale-up and scale-down rules filled into `behavior`, including
 * `policies` when a rule has none). HPAScaleToZero is alpha and off in 1.36, so
 * minReplicas must be at least 1; HPAConfigurableTolerance is on, so `tolerance` is kept.
 */
import { arr, dns1123LabelProblem, isSet, labelSelector, mk, obj, pathSegmentProblem } from './kind-util';
import { Violation } from '../base/errors';
import { isObject, parseQuantity } from '../base/validators';

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const FIELD_OF: Readonly<Record<string, string>> = { Object: 'object', Pods: 'pods', Resource: 'resource', External: 'external', ContainerResource: 'containerResource' };
const TARGET_TYPES = ['Utilization', 'Value', 'AverageValue'];
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const POLICY_TYPES = ['Percent', 'Pods'];
/** autoscaling.MaxPeriodSeconds and MaxStabilizationWindowSeconds. */
const MAX_PERIOD = 1800;
const MAX_WINDOW = 3600;

// upstream: ValidateCrossVersionObjectReference
function checkRef(out: Violation[], ref0: unknown, f: string): void {
  const ref = obj(ref0);
  for (const k of ['kind', 'name']) {
    if (!isSet(ref[k]) || ref[k] === '') {
      out.push(mk('hpa/target-ref', `${f}.${k}`, 'is required', undefined, undefined, k === 'kind' ? 'Set the kind of the scaled object, e.g. Deployment' : 'Name the scaled object'));
    } else {
      const p = typeof ref[k] === 'string' ? pathSegmentProblem(ref[k]) : 'must be a string';
      if (p) out.push(mk('hpa/target-ref', `${f}.${k}`, p, ref[k], "a name without '/', '%', '.' or '..'", 'Use the name as it appears in the API'));
    }
  }
}

// upstream: validateMetricTarget
function checkTarget(out: Violation[], t0: unknown, f: string): Record<string, any> {
  const t = obj(t0);
  if (!isSet(t.type) || t.type === '') out.push(mk('hpa/metric-target', `${f}.type`, 'must specify a metric target type', undefined, TARGET_TYPES.join(', '), 'Say how the value is compared'));
  else if (!TARGET_TYPES.includes(t.type)) out.push(mk('hpa/metric-target', `${f}.type`, 'must be either Utilization, Value, or AverageValue', t.type, TARGET_TYPES.join(', '), 'Use one of the target types (case matters)'));
  for (const k of ['value', 'averageValue']) {
    if (isSet(t[k])) {
      const q = parseQuantity(t[k]);
      if (q !== undefined && q <= 0) out.push(mk('hpa/metric-target', `${f}.${k}`, 'must be positive', t[k], 'a positive quantity', 'Use a value above zero'));
    }
  }
  if (isSet(t.averageUtilization) && typeof t.averageUtilization === 'number' && t.averageUtilization < 1) {
    out.push(mk('hpa/metric-target', `${f}.averageUtilization`, 'must be greater than 0', t.averageUtilization, '1 or more (percent of the request)', 'Use a utilization of at least 1'));
  }
  return t;
}

// upstream: validateMetricIdentifier
function checkIdentifier(out: Violation[], id0: unknown, f: string): void {
  const id = obj(id0);
  if (!isSet(id.name) || id.name === '') {
    out.push(mk('hpa/metric', `${f}.name`, 'must specify a metric name', undefined, undefined, 'Name the metric'));
  } else {
    const p = typeof id.name === 'string' ? pathSegmentProblem(id.name) : 'must be a string';
    if (p) out.push(mk('hpa/metric', `${f}.name`, p, id.name, "a name without '/', '%', '.' or '..'", 'Use the metric name the metrics API serves'));
  }
  if (isSet(id.selector)) out.push(...labelSelector('hpa/metric', `${f}.selector`, id.selector));
}

function checkResourceTarget(out: Violation[], t: Record<string, any>, f: string): void {
  if (!isSet(t.averageUtilization) && !isSet(t.averageValue)) {
    out.push(mk('hpa/metric-target', `${f}.target.averageUtilization`, 'must set either a target raw value or a target utilization', undefined, 'averageUtilization or averageValue', 'Set averageUtilization (percent of the request) or averageValue'));
  } else if (isSet(t.averageUtilization) && isSet(t.averageValue)) {
    out.push(mk('hpa/metric-target', `${f}.target.averageValue`, 'may not set both a target raw value and a target utilization', t.averageValue, 'averageUtilization or averageValue', 'Keep one of the two'));
  }
}

function checkSource(out: Violation[], type: string, src0: unknown, f: string): void {
  const src = obj(src0);
  if (type === 'object') {
    // upstream: validateObjectSource
    checkRef(out, src.describedObject, `${f}.describedObject`);
    checkIdentifier(out, src.metric, `${f}.metric`);
    const t = checkTarget(out, src.target, `${f}.target`);
    if (!isSet(t.value) && !isSet(t.averageValue)) out.push(mk('hpa/metric-target', `${f}.target.averageValue`, 'must set either a target value or averageValue', undefined, 'value or averageValue', 'Set the target value'));
  } else if (type === 'external') {
    // upstream: validateExternalSource
    checkIdentifier(out, src.metric, `${f}.metric`);
    const t = checkTarget(out, src.target, `${f}.target`);
    if (!isSet(t.value) && !isSet(t.averageValue)) out.push(mk('hpa/metric-target', `${f}.target.averageValue`, 'must set either a target value for metric or a per-pod target', undefined, 'value or averageValue', 'Set the target value'));
    else if (isSet(t.value) && isSet(t.averageValue)) out.push(mk('hpa/metric-target', `${f}.target.value`, 'may not set both a target value for metric and a per-pod target', t.value, 'value or averageValue', 'Keep one of the two'));
  } else if (type === 'pods') {
    // upstream: validatePodsSource
    checkIdentifier(out, src.metric, `${f}.metric`);
    const t = checkTarget(out, src.target, `${f}.target`);
    if (!isSet(t.averageValue)) out.push(mk('hpa/metric-target', `${f}.target.averageValue`, 'must specify a positive target averageValue', undefined, 'a positive quantity', 'Set the per-pod target value'));
  } else {
    // upstream: validateResourceSource
    // upstream: validateContainerResourceSource
    if (!isSet(src.name) || src.name === '') out.push(mk('hpa/metric', `${f}.name`, 'must specify a resource name', undefined, 'cpu, memory...', 'Name the resource, e.g. cpu'));
    if (type === 'containerResource' && (!isSet(src.container) || src.container === '')) {
      out.push(mk('hpa/metric', `${f}.container`, 'must specify a container', undefined, undefined, 'Name the container whose usage is measured'));
    } else if (type === 'containerResource') {
      const p = dns1123LabelProblem(src.container);
      if (p) out.push(mk('hpa/metric', `${f}.container`, p, src.container, 'a container name (DNS-1123 label)', 'Use the name of a container of the scaled pods'));
    }
    const t = checkTarget(out, src.target, `${f}.target`);
    checkResourceTarget(out, t, f);
  }
}

// upstream: validateMetricSpec
function checkMetric(out: Violation[], m0: unknown, f: string): void {
  const m = obj(m0);
  const type = m.type;
  if (!isSet(type) || type === '') out.push(mk('hpa/metric-type', `${f}.type`, 'must specify a metric source type', undefined, METRIC_TYPES.join(', '), 'Say which kind of metric this is'));
  else if (!METRIC_TYPES.includes(type)) out.push(mk('hpa/metric-type', `${f}.type`, 'is not a supported metric source type', type, METRIC_TYPES.join(', '), 'Use one of the metric types (case matters: Resource, not resource)'));
  const present = Object.values(FIELD_OF).filter((k) => isSet(m[k]));
  if (present.length >= 1) checkSource(out, present[0], m[present[0]], `${f}.${present[0]}`);
  const expected = FIELD_OF[type];
  if (expected && !isSet(m[expected])) out.push(mk('hpa/metric-type', `${f}.${expected}`, 'must populate information for the given metric source', undefined, undefined, `Fill in ${expected} for a metric of type ${type}`));
  for (const k of present) {
    if (present.length !== 1 && k !== expected) {
      out.push(mk('hpa/metric-type', `${f}.${k}`, 'must populate the given metric source only', undefined, expected ?? 'the block of the metric type', `Remove ${k}, or change the type`));
    }
  }
}

// upstream: validateScalingRules
function checkRules(out: Violation[], r0: unknown, f: string): void {
  if (!isSet(r0)) return;
  const r = obj(r0);
  const w = r.stabilizationWindowSeconds;
  if (typeof w === 'number' && w < 0) out.push(mk('hpa/behavior', `${f}.stabilizationWindowSeconds`, 'must be greater than or equal to zero', w, `0-${MAX_WINDOW}`, 'Use 0 or more seconds'));
  if (typeof w === 'number' && w > MAX_WINDOW) out.push(mk('hpa/behavior', `${f}.stabilizationWindowSeconds`, `must be less than or equal to ${MAX_WINDOW}`, w, `0-${MAX_WINDOW}`, 'Use at most an hour'));
  if (isSet(r.selectPolicy) && !SELECT_POLICIES.includes(r.selectPolicy)) out.push(mk('hpa/behavior', `${f}.selectPolicy`, 'is not a supported select policy', r.selectPolicy, SELECT_POLICIES.join(', '), 'Use Max, Min or Disabled'));
  arr(r.policies).forEach((p0: unknown, i: number) => {
    // upstream: validateScalingPolicy
    const p = obj(p0);
    const pf = `${f}.policies[${i}]`;
    if (!POLICY_TYPES.includes(p.type)) out.push(mk('hpa/behavior', `${pf}.type`, 'is not a supported policy type', p.type, POLICY_TYPES.join(', '), 'Use Pods or Percent'));
    if (!(typeof p.value === 'number' && p.value > 0)) out.push(mk('hpa/behavior', `${pf}.value`, 'must be greater than zero', p.value ?? 0, '1 or more', 'Use a positive value'));
    if (!(typeof p.periodSeconds === 'number' && p.periodSeconds > 0)) out.push(mk('hpa/behavior', `${pf}.periodSeconds`, 'must be greater than zero', p.periodSeconds ?? 0, `1-${MAX_PERIOD}`, 'Use a positive period'));
    if (typeof p.periodSeconds === 'number' && p.periodSeconds > MAX_PERIOD) out.push(mk('hpa/behavior', `${pf}.periodSeconds`, `must be less than or equal to ${MAX_PERIOD}`, p.periodSeconds, `1-${MAX_PERIOD}`, 'Use at most 30 minutes'));
  });
  if (isSet(r.tolerance)) {
    const q = parseQuantity(r.tolerance);
    if (q !== undefined && q < 0) out.push(mk('hpa/behavior', `${f}.tolerance`, 'must be greater than or equal to 0', r.tolerance, 'a non-negative quantity, e.g. 0.05', 'Use 0 or more'));
  }
}

/** The rules for one autoscaling/v2 HorizontalPodAutoscaler. */
// upstream: ValidateHorizontalPodAutoscaler
export function checkHorizontalPodAutoscaler(o: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(o)) return out;
  const spec = obj(o.spec);
  // upstream: validateHorizontalPodAutoscalerSpec
  const min = spec.minReplicas ?? 1;
  const max = spec.maxReplicas;
  if (typeof min === 'number' && min < 1) out.push(mk('hpa/replicas', 'spec.minReplicas', 'must be greater than or equal to 1', min, '1 or more (scale to zero is an alpha feature)', 'Use at least 1'));
  if (!(typeof max === 'number' && max >= 1)) out.push(mk('hpa/replicas', 'spec.maxReplicas', 'must be greater than 0', max ?? 0, '1 or more', 'Set the largest number of replicas'));
  else if (typeof min === 'number' && max < min) out.push(mk('hpa/replicas', 'spec.maxReplicas', 'must be greater than or equal to `minReplicas`', max, `${min} or more`, 'Raise maxReplicas or lower minReplicas'));
  checkRef(out, spec.scaleTargetRef, 'spec.scaleTargetRef');
  // upstream: validateMetrics
  arr(spec.metrics).forEach((m, i) => checkMetric(out, m, `spec.metrics[${i}]`));
  // upstream: validateBehavior
  const behavior = obj(spec.behavior);
  checkRules(out, behavior.scaleUp, 'spec.behavior.scaleUp');
  checkRules(out, behavior.scaleDown, 'spec.behavior.scaleDown');
  return out;
}
