/**
 * The platform's house rules, set once at the top of every app. Application teams inherit
 * them; the locked ones they cannot weaken, not even with a recorded opt-out.
 */
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import {
  FailurePolicy, GpuSharing, HardeningProfile, PrecedenceRange, ProfileSetting, RunAs, SeccompProfile,
  TimeSliceInterval, UserNamespace, WebhookFailurePolicy,
} from '../../../lib';

/** Where application images must come from. */
export const REGISTRY = 'registry.acme.example/';

/** The FlowSchema precedences the platform reserves for its own controllers. */
export const PLATFORM_PRECEDENCE = PrecedenceRange.between(400, 499);

/** Applies the house rules to `scope` (normally the App). */
export function houseRules(scope: Construct): HardeningProfile {
  return HardeningProfile.set(scope, {
    allowedRegistries: [REGISTRY],
    runAs: RunAs.user(20000, 20000),
    userNamespace: UserNamespace.own(),
    seccompProfile: SeccompProfile.runtimeDefault(),
    resourceCeilings: { cpu: '4', memory: '8Gi', ephemeralStorage: '2Gi' },
    podLabels: { 'platform.acme.example/managed': 'true' },
    excludeNamespaces: ['kube-system'],
    admissionFailurePolicy: FailurePolicy.FAIL,
    gpuSharing: GpuSharing.timeSlicing(TimeSliceInterval.SHORT),
    matchingPrecedenceRange: PrecedenceRange.between(400, 8999),
    webhookFailurePolicy: WebhookFailurePolicy.NO_OPINION,
    webhookTimeout: Duration.seconds(2),
    locked: [
      ProfileSetting.ALLOWED_REGISTRIES,
      ProfileSetting.USER_NAMESPACE,
      ProfileSetting.SECCOMP_PROFILE,
      ProfileSetting.RESOURCE_CEILINGS,
      ProfileSetting.POD_LABELS,
      ProfileSetting.EXCLUDE_NAMESPACES,
      ProfileSetting.ADMISSION_FAILURE_POLICY,
      ProfileSetting.MATCHING_PRECEDENCE_RANGE,
      ProfileSetting.WEBHOOK_TIMEOUT,
    ],
  });
}
