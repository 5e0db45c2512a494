// GENERATED FILE — do not edit. Written by scripts/gen-schema.ts from the Kubernetes v1.36.0
// OpenAPI definitions (descriptions stripped). Regenerate with:
//   npx tsx scripts/gen-schema.ts --definitions <v1.36.0-definitions.json> --swagger <v1.36.0-swagger.json>
// Internal: the 1.36 shapes of what the constructs render; not part of the public API.
/* eslint-disable */

/** io.k8s.api.admissionregistration.v1.ApplyConfiguration */
export interface ApplyConfiguration {
  readonly expression?: string;
}

/** io.k8s.api.admissionregistration.v1.JSONPatch */
export interface JSONPatch {
  readonly expression?: string;
}

/** io.k8s.api.admissionregistration.v1.MatchCondition */
export interface MatchCondition {
  readonly expression: string;
  readonly name: string;
}

/** io.k8s.api.admissionregistration.v1.MatchResources */
export interface MatchResources {
  readonly excludeResourceRules?: ReadonlyArray<NamedRuleWithOperations>;
  readonly matchPolicy?: "Exact" | "Equivalent";
  readonly namespaceSelector?: LabelSelector;
  readonly objectSelector?: LabelSelector;
  readonly resourceRules?: ReadonlyArray<NamedRuleWithOperations>;
}

/** io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicyBindingSpec */
export interface MutatingAdmissionPolicyBindingSpec {
  readonly matchResources?: MatchResources;
  readonly paramRef?: ParamRef;
  readonly policyName?: string;
}

/** io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicySpec */
export interface MutatingAdmissionPolicySpec {
  readonly failurePolicy?: "Fail" | "Ignore";
  readonly matchConditions?: ReadonlyArray<MatchCondition>;
  readonly matchConstraints?: MatchResources;
  readonly mutations?: ReadonlyArray<Mutation>;
  readonly paramKind?: ParamKind;
  readonly reinvocationPolicy?: "Never" | "IfNeeded";
  readonly variables?: ReadonlyArray<Variable>;
}

/** io.k8s.api.admissionregistration.v1.Mutation */
export interface Mutation {
  readonly applyConfiguration?: ApplyConfiguration;
  readonly jsonPatch?: JSONPatch;
  readonly patchType: "ApplyConfiguration" | "JSONPatch";
}

/** io.k8s.api.admissionregistration.v1.NamedRuleWithOperations */
export interface NamedRuleWithOperations {
  readonly apiGroups?: ReadonlyArray<string>;
  readonly apiVersions?: ReadonlyArray<string>;
  readonly operations?: ReadonlyArray<"*" | "CREATE" | "UPDATE" | "DELETE" | "CONNECT">;
  readonly resourceNames?: ReadonlyArray<string>;
  readonly resources?: ReadonlyArray<string>;
  readonly scope?: "*" | "Cluster" | "Namespaced";
}

/** io.k8s.api.admissionregistration.v1.ParamKind */
export interface ParamKind {
  readonly apiVersion?: string;
  readonly kind?: string;
}

/** io.k8s.api.admissionregistration.v1.ParamRef */
export interface ParamRef {
  readonly name?: string;
  readonly namespace?: string;
  readonly parameterNotFoundAction?: "Allow" | "Deny";
  readonly selector?: LabelSelector;
}

/** io.k8s.api.admissionregistration.v1.Variable */
export interface Variable {
  readonly expression: string;
  readonly name: string;
}

/** io.k8s.api.apps.v1.DaemonSetSpec */
export interface DaemonSetSpec {
  readonly minReadySeconds?: number;
  readonly revisionHistoryLimit?: number;
  readonly selector: LabelSelector;
  readonly template: PodTemplateSpec;
  readonly updateStrategy?: DaemonSetUpdateStrategy;
}

/** io.k8s.api.apps.v1.DaemonSetUpdateStrategy */
export interface DaemonSetUpdateStrategy {
  readonly rollingUpdate?: RollingUpdateDaemonSet;
  readonly type?: "RollingUpdate" | "OnDelete";
}

/** io.k8s.api.apps.v1.DeploymentSpec */
export interface DeploymentSpec {
  readonly minReadySeconds?: number;
  readonly paused?: boolean;
  readonly progressDeadlineSeconds?: number;
  readonly replicas?: number;
  readonly revisionHistoryLimit?: number;
  readonly selector: LabelSelector;
  readonly strategy?: DeploymentStrategy;
  readonly template: PodTemplateSpec;
}

/** io.k8s.api.apps.v1.DeploymentStrategy */
export interface DeploymentStrategy {
  readonly rollingUpdate?: RollingUpdateDeployment;
  readonly type?: "Recreate" | "RollingUpdate";
}

/** io.k8s.api.apps.v1.RollingUpdateDaemonSet */
export interface RollingUpdateDaemonSet {
  readonly maxSurge?: string | number;
  readonly maxUnavailable?: string | number;
}

/** io.k8s.api.apps.v1.RollingUpdateDeployment */
export interface RollingUpdateDeployment {
  readonly maxSurge?: string | number;
  readonly maxUnavailable?: string | number;
}

/** io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy */
export interface RollingUpdateStatefulSetStrategy {
  readonly maxUnavailable?: string | number;
  readonly partition?: number;
}

/** io.k8s.api.apps.v1.StatefulSetOrdinals */
export interface StatefulSetOrdinals {
  readonly start?: number;
}

/** io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy */
export interface StatefulSetPersistentVolumeClaimRetentionPolicy {
  readonly whenDeleted?: string;
  readonly whenScaled?: string;
}

/** io.k8s.api.apps.v1.StatefulSetSpec */
export interface StatefulSetSpec {
  readonly minReadySeconds?: number;
  readonly ordinals?: StatefulSetOrdinals;
  readonly persistentVolumeClaimRetentionPolicy?: StatefulSetPersistentVolumeClaimRetentionPolicy;
  readonly podManagementPolicy?: "OrderedReady" | "Parallel";
  readonly replicas?: number;
  readonly revisionHistoryLimit?: number;
  readonly selector: LabelSelector;
  readonly serviceName?: string;
  readonly template: PodTemplateSpec;
  readonly updateStrategy?: StatefulSetUpdateStrategy;
  readonly volumeClaimTemplates?: ReadonlyArray<PersistentVolumeClaim>;
}

/** io.k8s.api.apps.v1.StatefulSetUpdateStrategy */
export interface StatefulSetUpdateStrategy {
  readonly rollingUpdate?: RollingUpdateStatefulSetStrategy;
  readonly type?: "RollingUpdate" | "OnDelete";
}

/** io.k8s.api.authorization.v1.FieldSelectorAttributes */
export interface FieldSelectorAttributes {
  readonly rawSelector?: string;
  readonly requirements?: ReadonlyArray<FieldSelectorRequirement>;
}

/** io.k8s.api.authorization.v1.LabelSelectorAttributes */
export interface LabelSelectorAttributes {
  readonly rawSelector?: string;
  readonly requirements?: ReadonlyArray<LabelSelectorRequirement>;
}

/** io.k8s.api.authorization.v1.NonResourceAttributes */
export interface NonResourceAttributes {
  readonly path?: string;
  readonly verb?: string;
}

/** io.k8s.api.authorization.v1.ResourceAttributes */
export interface ResourceAttributes {
  readonly fieldSelector?: FieldSelectorAttributes;
  readonly group?: string;
  readonly labelSelector?: LabelSelectorAttributes;
  readonly name?: string;
  readonly namespace?: string;
  readonly resource?: string;
  readonly subresource?: string;
  readonly verb?: string;
  readonly version?: string;
}

/** io.k8s.api.authorization.v1.SubjectAccessReviewSpec */
export interface SubjectAccessReviewSpec {
  readonly extra?: Readonly<Record<string, ReadonlyArray<string>>>;
  readonly groups?: ReadonlyArray<string>;
  readonly nonResourceAttributes?: NonResourceAttributes;
  readonly resourceAttributes?: ResourceAttributes;
  readonly uid?: string;
  readonly user?: string;
}

/** io.k8s.api.batch.v1.CronJobSpec */
export interface CronJobSpec {
  readonly concurrencyPolicy?: "Allow" | "Forbid" | "Replace";
  readonly failedJobsHistoryLimit?: number;
  readonly jobTemplate: JobTemplateSpec;
  readonly schedule: string;
  readonly startingDeadlineSeconds?: number;
  readonly successfulJobsHistoryLimit?: number;
  readonly suspend?: boolean;
  readonly timeZone?: string;
}

/** io.k8s.api.batch.v1.JobSpec */
export interface JobSpec {
  readonly activeDeadlineSeconds?: number;
  readonly backoffLimit?: number;
  readonly backoffLimitPerIndex?: number;
  readonly completionMode?: "NonIndexed" | "Indexed";
  readonly completions?: number;
  readonly managedBy?: string;
  readonly manualSelector?: boolean;
  readonly maxFailedIndexes?: number;
  readonly parallelism?: number;
  readonly podFailurePolicy?: PodFailurePolicy;
  readonly podReplacementPolicy?: string;
  readonly selector?: LabelSelector;
  readonly successPolicy?: SuccessPolicy;
  readonly suspend?: boolean;
  readonly template: PodTemplateSpec;
  readonly ttlSecondsAfterFinished?: number;
}

/** io.k8s.api.batch.v1.JobTemplateSpec */
export interface JobTemplateSpec {
  readonly metadata?: ObjectMeta;
  readonly spec?: JobSpec;
}

/** io.k8s.api.batch.v1.PodFailurePolicy */
export interface PodFailurePolicy {
  readonly rules: ReadonlyArray<PodFailurePolicyRule>;
}

/** io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement */
export interface PodFailurePolicyOnExitCodesRequirement {
  readonly containerName?: string;
  readonly operator: string;
  readonly values: ReadonlyArray<number>;
}

/** io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern */
export interface PodFailurePolicyOnPodConditionsPattern {
  readonly status?: string;
  readonly type: string;
}

/** io.k8s.api.batch.v1.PodFailurePolicyRule */
export interface PodFailurePolicyRule {
  readonly action: string;
  readonly onExitCodes?: PodFailurePolicyOnExitCodesRequirement;
  readonly onPodConditions?: ReadonlyArray<PodFailurePolicyOnPodConditionsPattern>;
}

/** io.k8s.api.batch.v1.SuccessPolicy */
export interface SuccessPolicy {
  readonly rules: ReadonlyArray<SuccessPolicyRule>;
}

/** io.k8s.api.batch.v1.SuccessPolicyRule */
export interface SuccessPolicyRule {
  readonly succeededCount?: number;
  readonly succeededIndexes?: string;
}

/** io.k8s.api.core.v1.AWSElasticBlockStoreVolumeSource */
export interface AWSElasticBlockStoreVolumeSource {
  readonly fsType?: string;
  readonly partition?: number;
  readonly readOnly?: boolean;
  readonly volumeID: string;
}

/** io.k8s.api.core.v1.Affinity */
export interface Affinity {
  readonly nodeAffinity?: NodeAffinity;
  readonly podAffinity?: PodAffinity;
  readonly podAntiAffinity?: PodAntiAffinity;
}

/** io.k8s.api.core.v1.AppArmorProfile */
export interface AppArmorProfile {
  readonly localhostProfile?: string;
  readonly type: "RuntimeDefault" | "Localhost" | "Unconfined";
}

/** io.k8s.api.core.v1.AzureDiskVolumeSource */
export interface AzureDiskVolumeSource {
  readonly cachingMode?: string;
  readonly diskName: string;
  readonly diskURI: string;
  readonly fsType?: string;
  readonly kind?: string;
  readonly readOnly?: boolean;
}

/** io.k8s.api.core.v1.AzureFileVolumeSource */
export interface AzureFileVolumeSource {
  readonly readOnly?: boolean;
  readonly secretName: string;
  readonly shareName: string;
}

/** io.k8s.api.core.v1.CSIVolumeSource */
export interface CSIVolumeSource {
  readonly driver: string;
  readonly fsType?: string;
  readonly nodePublishSecretRef?: LocalObjectReference;
  readonly readOnly?: boolean;
  readonly volumeAttributes?: Readonly<Record<string, string>>;
}

/** io.k8s.api.core.v1.Capabilities */
export interface Capabilities {
  readonly add?: ReadonlyArray<string>;
  readonly drop?: ReadonlyArray<string>;
}

/** io.k8s.api.core.v1.CephFSVolumeSource */
export interface CephFSVolumeSource {
  readonly monitors: ReadonlyArray<string>;
  readonly path?: string;
  readonly readOnly?: boolean;
  readonly secretFile?: string;
  readonly secretRef?: LocalObjectReference;
  readonly user?: string;
}

/** io.k8s.api.core.v1.CinderVolumeSource */
export interface CinderVolumeSource {
  readonly fsType?: string;
  readonly readOnly?: boolean;
  readonly secretRef?: LocalObjectReference;
  readonly volumeID: string;
}

/** io.k8s.api.core.v1.ClusterTrustBundleProjection */
export interface ClusterTrustBundleProjection {
  readonly labelSelector?: LabelSelector;
  readonly name?: string;
  readonly optional?: boolean;
  readonly path: string;
  readonly signerName?: string;
}

/** io.k8s.api.core.v1.ConfigMapEnvSource */
export interface ConfigMapEnvSource {
  readonly name?: string;
  readonly optional?: boolean;
}

/** io.k8s.api.core.v1.ConfigMapKeySelector */
export interface ConfigMapKeySelector {
  readonly key: string;
  readonly name?: string;
  readonly optional?: boolean;
}

/** io.k8s.api.core.v1.ConfigMapProjection */
export interface ConfigMapProjection {
  readonly items?: ReadonlyArray<KeyToPath>;
  readonly name?: string;
  readonly optional?: boolean;
}

/** io.k8s.api.core.v1.ConfigMapVolumeSource */
export interface ConfigMapVolumeSource {
  readonly defaultMode?: number;
  readonly items?: ReadonlyArray<KeyToPath>;
  readonly name?: string;
  readonly optional?: boolean;
}

/** io.k8s.api.core.v1.Container */
export interface Container {
  readonly args?: ReadonlyArray<string>;
  readonly command?: ReadonlyArray<string>;
  readonly env?: ReadonlyArray<EnvVar>;
  readonly envFrom?: ReadonlyArray<EnvFromSource>;
  readonly image?: string;
  readonly imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  readonly lifecycle?: Lifecycle;
  readonly livenessProbe?: Probe;
  readonly name: string;
  readonly ports?: ReadonlyArray<ContainerPort>;
  readonly readinessProbe?: Probe;
  readonly resizePolicy?: ReadonlyArray<ContainerResizePolicy>;
  readonly resources?: ResourceRequirements;
  readonly restartPolicy?: string;
  readonly restartPolicyRules?: ReadonlyArray<ContainerRestartRule>;
  readonly securityContext?: SecurityContext;
  readonly startupProbe?: Probe;
  readonly stdin?: boolean;
  readonly stdinOnce?: boolean;
  readonly terminationMessagePath?: string;
  readonly terminationMessagePolicy?: "File" | "FallbackToLogsOnError";
  readonly tty?: boolean;
  readonly volumeDevices?: ReadonlyArray<VolumeDevice>;
  readonly volumeMounts?: ReadonlyArray<VolumeMount>;
  readonly workingDir?: string;
}

/** io.k8s.api.core.v1.ContainerPort */
export interface ContainerPort {
  readonly containerPort: number;
  readonly hostIP?: string;
  readonly hostPort?: number;
  readonly name?: string;
  readonly protocol?: "TCP" | "UDP" | "SCTP";
}

/** io.k8s.api.core.v1.ContainerResizePolicy */
export interface ContainerResizePolicy {
  readonly resourceName: string;
  readonly restartPolicy: string;
}

/** io.k8s.api.core.v1.ContainerRestartRule */
export interface ContainerRestartRule {
  readonly action: string;
  readonly exitCodes?: ContainerRestartRuleOnExitCodes;
}

/** io.k8s.api.core.v1.ContainerRestartRuleOnExitCodes */
export interface ContainerRestartRuleOnExitCodes {
  readonly operator: string;
  readonly values?: ReadonlyArray<number>;
}

/** io.k8s.api.core.v1.DownwardAPIProjection */
export interface DownwardAPIProjection {
  readonly items?: ReadonlyArray<DownwardAPIVolumeFile>;
}

/** io.k8s.api.core.v1.DownwardAPIVolumeFile */
export interface DownwardAPIVolumeFile {
  readonly fieldRef?: ObjectFieldSelector;
  readonly mode?: number;
  readonly path: string;
  readonly resourceFieldRef?: ResourceFieldSelector;
}

/** io.k8s.api.core.v1.DownwardAPIVolumeSource */
export interface DownwardAPIVolumeSource {
  readonly defaultMode?: number;
  readonly items?: ReadonlyArray<DownwardAPIVolumeFile>;
}

/** io.k8s.api.core.v1.EmptyDirVolumeSource */
export interface EmptyDirVolumeSource {
  readonly medium?: string;
  readonly sizeLimit?: string | number;
}

/** io.k8s.api.core.v1.EnvFromSource */
export interface EnvFromSource {
  readonly configMapRef?: ConfigMapEnvSource;
  readonly prefix?: string;
  readonly secretRef?: SecretEnvSource;
}

/** io.k8s.api.core.v1.EnvVar */
export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: EnvVarSource;
}

/** io.k8s.api.core.v1.EnvVarSource */
export interface EnvVarSource {
  readonly configMapKeyRef?: ConfigMapKeySelector;
  readonly fieldRef?: ObjectFieldSelector;
  readonly fileKeyRef?: FileKeySelector;
  readonly resourceFieldRef?: ResourceFieldSelector;
  readonly secretKeyRef?: SecretKeySelector;
}

/** io.k8s.api.core.v1.EphemeralContainer */
export interface EphemeralContainer {
  readonly args?: ReadonlyArray<string>;
  readonly command?: ReadonlyArray<string>;
  readonly env?: ReadonlyArray<EnvVar>;
  readonly envFrom?: ReadonlyArray<EnvFromSource>;
  readonly image?: string;
  readonly imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  readonly lifecycle?: Lifecycle;
  readonly livenessProbe?: Probe;
  readonly name: string;
  readonly ports?: ReadonlyArray<ContainerPort>;
  readonly readinessProbe?: Probe;
  readonly resizePolicy?: ReadonlyArray<ContainerResizePolicy>;
  readonly resources?: ResourceRequirements;
  readonly restartPolicy?: string;
  readonly restartPolicyRules?: ReadonlyArray<ContainerRestartRule>;
  readonly securityContext?: SecurityContext;
  readonly startupProbe?: Probe;
  readonly stdin?: boolean;
  readonly stdinOnce?: boolean;
  readonly targetContainerName?: string;
  readonly terminationMessagePath?: string;
  readonly terminationMessagePolicy?: "File" | "FallbackToLogsOnError";
  readonly tty?: boolean;
  readonly volumeDevices?: ReadonlyArray<VolumeDevice>;
  readonly volumeMounts?: ReadonlyArray<VolumeMount>;
  readonly workingDir?: string;
}

/** io.k8s.api.core.v1.EphemeralVolumeSource */
export interface EphemeralVolumeSource {
  readonly volumeClaimTemplate?: PersistentVolumeClaimTemplate;
}

/** io.k8s.api.core.v1.ExecAction */
export interface ExecAction {
  readonly command?: ReadonlyArray<string>;
}

/** io.k8s.api.core.v1.FCVolumeSource */
export interface FCVolumeSource {
  readonly fsType?: string;
  readonly lun?: number;
  readonly readOnly?: boolean;
  readonly targetWWNs?: ReadonlyArray<string>;
  readonly wwids?: ReadonlyArray<string>;
}

/** io.k8s.api.core.v1.FileKeySelector */
export interface FileKeySelector {
  readonly key: string;
  readonly optional?: boolean;
  readonly path: string;
  readonly volumeName: string;
}

/** io.k8s.api.core.v1.FlexVolumeSource */
export interface FlexVolumeSource {
  readonly driver: string;
  readonly fsType?: string;
  readonly options?: Readonly<Record<string, string>>;
  readonly readOnly?: boolean;
  readonly secretRef?: LocalObjectReference;
}

/** io.k8s.api.core.v1.FlockerVolumeSource */
export interface FlockerVolumeSource {
  readonly datasetName?: string;
  readonly datasetUUID?: string;
}

/** io.k8s.api.core.v1.GCEPersistentDiskVolumeSource */
export interface GCEPersistentDiskVolumeSource {
  readonly fsType?: string;
  readonly partition?: number;
  readonly pdName: string;
  readonly readOnly?: boolean;
}

/** io.k8s.api.core.v1.GRPCAction */
export interface GRPCAction {
  readonly port: number;
  readonly service?: string;
}

/** io.k8s.api.core.v1.GitRepoVolumeSource */
export interface GitRepoVolumeSource {
  readonly directory?: string;
  readonly repository: string;
  readonly revision?: string;
}

/** io.k8s.api.core.v1.GlusterfsVolumeSource */
export interface GlusterfsVolumeSource {
  readonly endpoints: string;
  readonly path: string;
  readonly readOnly?: boolean;
}

/** io.k8s.api.core.v1.HTTPGetAction */
export interface HTTPGetAction {
  readonly host?: string;
  readonly httpHeaders?: ReadonlyArray<HTTPHeader>;
  readonly path?: string;
  readonly port: string | number;
  readonly scheme?: "HTTP" | "HTTPS";
}

/** io.k8s.api.core.v1.HTTPHeader */
export interface HTTPHeader {
  readonly name: string;
  readonly value: string;
}

/** io.k8s.api.core.v1.HostAlias */
export interface HostAlias {
  readonly hostnames?: ReadonlyArray<string>;
  readonly ip: string;
}

/** io.k8s.api.core.v1.HostPathVolumeSource */
export interface HostPathVolumeSource {
  readonly path: string;
  readonly type?: string;
}

/** io.k8s.api.core.v1.ISCSIVolumeSource */
export interface ISCSIVolumeSource {
  readonly chapAuthDiscovery?: boolean;
  readonly chapAuthSession?: boolean;
  readonly fsType?: string;
  readonly initiatorName?: string;
  readonly iqn: string;
  readonly iscsiInterface?: string;
  readonly lun: number;
  readonly portals?: ReadonlyArray<string>;
  readonly readOnly?: boolean;
  readonly secretRef?: LocalObjectReference;
  readonly targetPortal: string;
}

/** io.k8s.api.core.v1.ImageVolumeSource */
export interface ImageVolumeSource {
  readonly pullPolicy?: string;
  readonly reference?: string;
}

/** io.k8s.api.core.v1.KeyToPath */
export interface KeyToPath {
  readonly key: string;
  readonly mode?: number;
  readonly path: string;
}

/** io.k8s.api.core.v1.Lifecycle */
export interface Lifecycle {
  readonly postStart?: LifecycleHandler;
  readonly preStop?: LifecycleHandler;
  readonly stopSignal?: string;
}

/** io.k8s.api.core.v1.LifecycleHandler */
export interface LifecycleHandler {
  readonly exec?: ExecAction;
  readonly httpGet?: HTTPGetAction;
  readonly sleep?: SleepAction;
  readonly tcpSocket?: TCPSocketAction;
}

/** io.k8s.api.core.v1.LocalObjectReference */
export interface LocalObjectReference {
  readonly name?: string;
}

/** io.k8s.api.core.v1.ModifyVolumeStatus */
export interface ModifyVolumeStatus {
  readonly status: string;
  readonly targetVolumeAttributesClassName?: string;
}

/** io.k8s.api.core.v1.NFSVolumeSource */
export interface NFSVolumeSource {
  readonly path: string;
  readonly readOnly?: boolean;
  readonly server: string;
}

/** io.k8s.api.core.v1.NodeAffinity */
export interface NodeAffinity {
  readonly preferredDuringSchedulingIgnoredDuringExecution?: ReadonlyArray<PreferredSchedulingTerm>;
  readonly requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
}

/** io.k8s.api.core.v1.NodeSelector */
export interface NodeSelector {
  readonly nodeSelectorTerms: ReadonlyArray<NodeSelectorTerm>;
}

/** io.k8s.api.core.v1.NodeSelectorRequirement */
export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
  readonly values?: ReadonlyArray<string>;
}

/** io.k8s.api.core.v1.NodeSelectorTerm */
export interface NodeSelectorTerm {
  readonly matchExpressions?: ReadonlyArray<NodeSelectorRequirement>;
  readonly matchFields?: ReadonlyArray<NodeSelectorRequirement>;
}

/** io.k8s.api.core.v1.ObjectFieldSelector */
export interface ObjectFieldSelector {
  readonly apiVersion?: string;
  readonly fieldPath: string;
}

/** io.k8s.api.core.v1.PersistentVolumeClaim */
export interface PersistentVolumeClaim {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: ObjectMeta;
  readonly spec?: PersistentVolumeClaimSpec;
  readonly status?: PersistentVolumeClaimStatus;
}

/** io.k8s.api.core.v1.PersistentVolumeClaimCondition */
export interface PersistentVolumeClaimCondition {
  readonly lastProbeTime?: string;
  readonly lastTransitionTime?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly status: string;
  readonly type: string;
}

/** io.k8s.api.core.v1.PersistentVolumeClaimSpec */
export interface PersistentVolumeClaimSpec {
  readonly accessModes?: ReadonlyArray<"ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOncePod">;
  readonly dataSource?: TypedLocalObjectReference;
  readonly dataSourceRef?: TypedObjectReference;
  readonly resources?: VolumeResourceRequirements;
  readonly selector?: LabelSelector;
  readonly storageClassName?: string;
  readonly volumeAttributesClassName?: string;
  readonly volumeMode?: "Filesystem" | "Block";
  readonly volumeName?: string;
}

/** io.k8s.api.core.v1.PersistentVolumeClaimStatus */
export interface PersistentVolumeClaimStatus {
  readonly accessModes?: ReadonlyArray<string>;
  readonly allocatedResourceStatuses?: Readonly<Record<string, string>>;
  readonly allocatedResources?: Readonly<Record<string, string | number>>;
  readonly capacity?: Readonly<Record<string, string | number>>;
  readonly conditions?: ReadonlyArray<PersistentVolumeClaimCondition>;
  readonly currentVolumeAttributesClassName?: string;
  readonly modifyVolumeStatus?: ModifyVolumeStatus;
  readonly phase?: string;
}

/** io.k8s.api.core.v1.PersistentVolumeClaimTemplate */
export interface PersistentVolumeClaimTemplate {
  readonly metadata?: ObjectMeta;
  readonly spec: PersistentVolumeClaimSpec;
}

/** io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource */
export interface PersistentVolumeClaimVolumeSource {
  readonly claimName: string;
  readonly readOnly?: boolean;
}

/** io.k8s.api.core.v1.PhotonPersistentDiskVolumeSource */
export interface PhotonPersistentDiskVolumeSource {
  readonly fsType?: string;
  readonly pdID: string;
}

/** io.k8s.api.core.v1.PodAffinity */
export interface PodAffinity {
  readonly preferredDuringSchedulingIgnoredDuringExecution?: ReadonlyArray<WeightedPodAffinityTerm>;
  readonly requiredDuringSchedulingIgnoredDuringExecution?: ReadonlyArray<PodAffinityTerm>;
}

/** io.k8s.api.core.v1.PodAffinityTerm */
export interface PodAffinityTerm {
  readonly labelSelector?: LabelSelector;
  readonly matchLabelKeys?: ReadonlyArray<string>;
  readonly mismatchLabelKeys?: ReadonlyArray<string>;
  readonly namespaceSelector?: LabelSelector;
  readonly namespaces?: ReadonlyArray<string>;
  readonly topologyKey: string;
}

/** io.k8s.api.core.v1.PodAntiAffinity */
export interface PodAntiAffinity {
  readonly preferredDuringSchedulingIgnoredDuringExecution?: ReadonlyArray<WeightedPodAffinityTerm>;
  readonly requiredDuringSchedulingIgnoredDuringExecution?: ReadonlyArray<PodAffinityTerm>;
}

/** io.k8s.api.core.v1.PodCertificateProjection */
export interface PodCertificateProjection {
  readonly certificateChainPath?: string;
  readonly credentialBundlePath?: string;
  readonly keyPath?: string;
  readonly keyType: string;
  readonly maxExpirationSeconds?: number;
  readonly signerName: string;
  readonly userAnnotations?: Readonly<Record<string, string>>;
}

/** io.k8s.api.core.v1.PodDNSConfig */
export interface PodDNSConfig {
  readonly nameservers?: ReadonlyArray<string>;
  readonly options?: ReadonlyArray<PodDNSConfigOption>;
  readonly searches?: ReadonlyArray<string>;
}

/** io.k8s.api.core.v1.PodDNSConfigOption */
export interface PodDNSConfigOption {
  readonly name?: string;
  readonly value?: string;
}

/** io.k8s.api.core.v1.PodOS */
export interface PodOS {
  readonly name: "linux" | "windows";
}

/** io.k8s.api.core.v1.PodReadinessGate */
export interface PodReadinessGate {
  readonly conditionType: string;
}

/** io.k8s.api.core.v1.PodResourceClaim */
export interface PodResourceClaim {
  readonly name: string;
  readonly resourceClaimName?: string;
  readonly resourceClaimTemplateName?: string;
}

/** io.k8s.api.core.v1.PodSchedulingGate */
export interface PodSchedulingGate {
  readonly name: string;
}

/** io.k8s.api.core.v1.PodSchedulingGroup */
export interface PodSchedulingGroup {
  readonly podGroupName?: string;
}

/** io.k8s.api.core.v1.PodSecurityContext */
export interface PodSecurityContext {
  readonly appArmorProfile?: AppArmorProfile;
  readonly fsGroup?: number;
  readonly fsGroupChangePolicy?: "OnRootMismatch" | "Always";
  readonly runAsGroup?: number;
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly seLinuxChangePolicy?: "MountOption" | "Recursive";
  readonly seLinuxOptions?: SELinuxOptions;
  readonly seccompProfile?: SeccompProfile;
  readonly supplementalGroups?: ReadonlyArray<number>;
  readonly supplementalGroupsPolicy?: "Merge" | "Strict";
  readonly sysctls?: ReadonlyArray<Sysctl>;
  readonly windowsOptions?: WindowsSecurityContextOptions;
}

/** io.k8s.api.core.v1.PodSpec */
export interface PodSpec {
  readonly activeDeadlineSeconds?: number;
  readonly affinity?: Affinity;
  readonly automountServiceAccountToken?: boolean;
  readonly containers: ReadonlyArray<Container>;
  readonly dnsConfig?: PodDNSConfig;
  readonly dnsPolicy?: "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None";
  readonly enableServiceLinks?: boolean;
  readonly ephemeralContainers?: ReadonlyArray<EphemeralContainer>;
  readonly hostAliases?: ReadonlyArray<HostAlias>;
  readonly hostIPC?: boolean;
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostUsers?: boolean;
  readonly hostname?: string;
  readonly hostnameOverride?: string;
  readonly imagePullSecrets?: ReadonlyArray<LocalObjectReference>;
  readonly initContainers?: ReadonlyArray<Container>;
  readonly nodeName?: string;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly os?: PodOS;
  readonly overhead?: Readonly<Record<string, string | number>>;
  readonly preemptionPolicy?: "PreemptLowerPriority" | "Never";
  readonly priority?: number;
  readonly priorityClassName?: string;
  readonly readinessGates?: ReadonlyArray<PodReadinessGate>;
  readonly resourceClaims?: ReadonlyArray<PodResourceClaim>;
  readonly resources?: ResourceRequirements;
  readonly restartPolicy?: "Always" | "OnFailure" | "Never";
  readonly runtimeClassName?: string;
  readonly schedulerName?: string;
  readonly schedulingGates?: ReadonlyArray<PodSchedulingGate>;
  readonly schedulingGroup?: PodSchedulingGroup;
  readonly securityContext?: PodSecurityContext;
  readonly serviceAccount?: string;
  readonly serviceAccountName?: string;
  readonly setHostnameAsFQDN?: boolean;
  readonly shareProcessNamespace?: boolean;
  readonly subdomain?: string;
  readonly terminationGracePeriodSeconds?: number;
  readonly tolerations?: ReadonlyArray<Toleration>;
  readonly topologySpreadConstraints?: ReadonlyArray<TopologySpreadConstraint>;
  readonly volumes?: ReadonlyArray<Volume>;
}

/** io.k8s.api.core.v1.PodTemplateSpec */
export interface PodTemplateSpec {
  readonly metadata?: ObjectMeta;
  readonly spec?: PodSpec;
}

/** io.k8s.api.core.v1.PortworxVolumeSource */
export interface PortworxVolumeSource {
  readonly fsType?: string;
  readonly readOnly?: boolean;
  readonly volumeID: string;
}

/** io.k8s.api.core.v1.PreferredSchedulingTerm */
export interface PreferredSchedulingTerm {
  readonly preference: NodeSelectorTerm;
  readonly weight: number;
}

/** io.k8s.api.core.v1.Probe */
export interface Probe {
  readonly exec?: ExecAction;
  readonly failureThreshold?: number;
  readonly grpc?: GRPCAction;
  readonly httpGet?: HTTPGetAction;
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly successThreshold?: number;
  readonly tcpSocket?: TCPSocketAction;
  readonly terminationGracePeriodSeconds?: number;
  readonly timeoutSeconds?: number;
}

/** io.k8s.api.core.v1.ProjectedVolumeSource */
export interface ProjectedVolumeSource {
  readonly defaultMode?: number;
  readonly sources?: ReadonlyArray<VolumeProjection>;
}

/** io.k8s.api.core.v1.QuobyteVolumeSource */
export interface QuobyteVolumeSource {
  readonly group?: string;
  readonly readOnly?: boolean;
  readonly registry: string;
  readonly tenant?: string;
  readonly user?: string;
  readonly volume: string;
}

/** io.k8s.api.core.v1.RBDVolumeSource */
export interface RBDVolumeSource {
  readonly fsType?: string;
  readonly image: string;
  readonly keyring?: string;
  readonly monitors: ReadonlyArray<string>;
  readonly pool?: string;
  readonly readOnly?: boolean;
  readonly secretRef?: LocalObjectReference;
  readonly user?: string;
}

/** io.k8s.api.core.v1.ResourceClaim */
export interface ResourceClaim {
  readonly name: string;
  readonly request?: string;
}

/** io.k8s.api.core.v1.ResourceFieldSelector */
export interface ResourceFieldSelector {
  readonly containerName?: string;
  readonly divisor?: string | number;
  readonly resource: string;
}

/** io.k8s.api.core.v1.ResourceRequirements */
export interface ResourceRequirements {
  readonly claims?: ReadonlyArray<ResourceClaim>;
  readonly limits?: Readonly<Record<string, string | number>>;
  readonly requests?: Readonly<Record<string, string | number>>;
}

/** io.k8s.api.core.v1.SELinuxOptions */
export interface SELinuxOptions {
  readonly level?: string;
  readonly role?: string;
  readonly type?: string;
  readonly user?: string;
}

/** io.k8s.api.core.v1.ScaleIOVolumeSource */
export interface ScaleIOVolumeSource {
  readonly fsType?: string;
  readonly gateway: string;
  readonly protectionDomain?: string;
  readonly readOnly?: boolean;
  readonly secretRef: LocalObjectReference;
  readonly sslEnabled?: boolean;
  readonly storageMode?: string;
  readonly storagePool?: string;
  readonly system: string;
  readonly volumeName?: string;
}

/** io.k8s.api.core.v1.SeccompProfile */
export interface SeccompProfile {
  readonly localhostProfile?: string;
  readonly type: "RuntimeDefault" | "Localhost" | "Unconfined";
}

/** io.k8s.api.core.v1.SecretEnvSource */
export interface SecretEnvSource {
  readonly name?: string;
  readonly optional?: boolean;
}

/** io.k8s.api.core.v1.SecretKeySelector */
export interface SecretKeySelector {
  readonly key: string;
  readonly name?: string;
  readonly optional?: boolean;
}

/** io.k8s.api.core.v1.SecretProjection */
export interface SecretProjection {
  readonly items?: ReadonlyArray<KeyToPath>;
  readonly name?: string;
  readonly optional?: boolean;
}

/** io.k8s.api.core.v1.SecretVolumeSource */
export interface SecretVolumeSource {
  readonly defaultMode?: number;
  readonly items?: ReadonlyArray<KeyToPath>;
  readonly optional?: boolean;
  readonly secretName?: string;
}

/** io.k8s.api.core.v1.SecurityContext */
export interface SecurityContext {
  readonly allowPrivilegeEscalation?: boolean;
  readonly appArmorProfile?: AppArmorProfile;
  readonly capabilities?: Capabilities;
  readonly privileged?: boolean;
  readonly procMount?: "Default" | "Unmasked";
  readonly readOnlyRootFilesystem?: boolean;
  readonly runAsGroup?: number;
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly seLinuxOptions?: SELinuxOptions;
  readonly seccompProfile?: SeccompProfile;
  readonly windowsOptions?: WindowsSecurityContextOptions;
}

/** io.k8s.api.core.v1.ServiceAccountTokenProjection */
export interface ServiceAccountTokenProjection {
  readonly audience?: string;
  readonly expirationSeconds?: number;
  readonly path: string;
}

/** io.k8s.api.core.v1.SleepAction */
export interface SleepAction {
  readonly seconds: number;
}

/** io.k8s.api.core.v1.StorageOSVolumeSource */
export interface StorageOSVolumeSource {
  readonly fsType?: string;
  readonly readOnly?: boolean;
  readonly secretRef?: LocalObjectReference;
  readonly volumeName?: string;
  readonly volumeNamespace?: string;
}

/** io.k8s.api.core.v1.Sysctl */
export interface Sysctl {
  readonly name: string;
  readonly value: string;
}

/** io.k8s.api.core.v1.TCPSocketAction */
export interface TCPSocketAction {
  readonly host?: string;
  readonly port: string | number;
}

/** io.k8s.api.core.v1.Toleration */
export interface Toleration {
  readonly effect?: string;
  readonly key?: string;
  readonly operator?: string;
  readonly tolerationSeconds?: number;
  readonly value?: string;
}

/** io.k8s.api.core.v1.TopologySpreadConstraint */
export interface TopologySpreadConstraint {
  readonly labelSelector?: LabelSelector;
  readonly matchLabelKeys?: ReadonlyArray<string>;
  readonly maxSkew: number;
  readonly minDomains?: number;
  readonly nodeAffinityPolicy?: "Honor" | "Ignore";
  readonly nodeTaintsPolicy?: "Honor" | "Ignore";
  readonly topologyKey: string;
  readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
}

/** io.k8s.api.core.v1.TypedLocalObjectReference */
export interface TypedLocalObjectReference {
  readonly apiGroup?: string;
  readonly kind: string;
  readonly name: string;
}

/** io.k8s.api.core.v1.TypedObjectReference */
export interface TypedObjectReference {
  readonly apiGroup?: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** io.k8s.api.core.v1.Volume */
export interface Volume {
  readonly awsElasticBlockStore?: AWSElasticBlockStoreVolumeSource;
  readonly azureDisk?: AzureDiskVolumeSource;
  readonly azureFile?: AzureFileVolumeSource;
  readonly cephfs?: CephFSVolumeSource;
  readonly cinder?: CinderVolumeSource;
  readonly configMap?: ConfigMapVolumeSource;
  readonly csi?: CSIVolumeSource;
  readonly downwardAPI?: DownwardAPIVolumeSource;
  readonly emptyDir?: EmptyDirVolumeSource;
  readonly ephemeral?: EphemeralVolumeSource;
  readonly fc?: FCVolumeSource;
  readonly flexVolume?: FlexVolumeSource;
  readonly flocker?: FlockerVolumeSource;
  readonly gcePersistentDisk?: GCEPersistentDiskVolumeSource;
  readonly gitRepo?: GitRepoVolumeSource;
  readonly glusterfs?: GlusterfsVolumeSource;
  readonly hostPath?: HostPathVolumeSource;
  readonly image?: ImageVolumeSource;
  readonly iscsi?: ISCSIVolumeSource;
  readonly name: string;
  readonly nfs?: NFSVolumeSource;
  readonly persistentVolumeClaim?: PersistentVolumeClaimVolumeSource;
  readonly photonPersistentDisk?: PhotonPersistentDiskVolumeSource;
  readonly portworxVolume?: PortworxVolumeSource;
  readonly projected?: ProjectedVolumeSource;
  readonly quobyte?: QuobyteVolumeSource;
  readonly rbd?: RBDVolumeSource;
  readonly scaleIO?: ScaleIOVolumeSource;
  readonly secret?: SecretVolumeSource;
  readonly storageos?: StorageOSVolumeSource;
  readonly vsphereVolume?: VsphereVirtualDiskVolumeSource;
}

/** io.k8s.api.core.v1.VolumeDevice */
export interface VolumeDevice {
  readonly devicePath: string;
  readonly name: string;
}

/** io.k8s.api.core.v1.VolumeMount */
export interface VolumeMount {
  readonly mountPath: string;
  readonly mountPropagation?: "None" | "HostToContainer" | "Bidirectional";
  readonly name: string;
  readonly readOnly?: boolean;
  readonly recursiveReadOnly?: "Disabled" | "IfPossible" | "Enabled";
  readonly subPath?: string;
  readonly subPathExpr?: string;
}

/** io.k8s.api.core.v1.VolumeProjection */
export interface VolumeProjection {
  readonly clusterTrustBundle?: ClusterTrustBundleProjection;
  readonly configMap?: ConfigMapProjection;
  readonly downwardAPI?: DownwardAPIProjection;
  readonly podCertificate?: PodCertificateProjection;
  readonly secret?: SecretProjection;
  readonly serviceAccountToken?: ServiceAccountTokenProjection;
}

/** io.k8s.api.core.v1.VolumeResourceRequirements */
export interface VolumeResourceRequirements {
  readonly limits?: Readonly<Record<string, string | number>>;
  readonly requests?: Readonly<Record<string, string | number>>;
}

/** io.k8s.api.core.v1.VsphereVirtualDiskVolumeSource */
export interface VsphereVirtualDiskVolumeSource {
  readonly fsType?: string;
  readonly storagePolicyID?: string;
  readonly storagePolicyName?: string;
  readonly volumePath: string;
}

/** io.k8s.api.core.v1.WeightedPodAffinityTerm */
export interface WeightedPodAffinityTerm {
  readonly podAffinityTerm: PodAffinityTerm;
  readonly weight: number;
}

/** io.k8s.api.core.v1.WindowsSecurityContextOptions */
export interface WindowsSecurityContextOptions {
  readonly gmsaCredentialSpec?: string;
  readonly gmsaCredentialSpecName?: string;
  readonly hostProcess?: boolean;
  readonly runAsUserName?: string;
}

/** io.k8s.api.flowcontrol.v1.ExemptPriorityLevelConfiguration */
export interface ExemptPriorityLevelConfiguration {
  readonly lendablePercent?: number;
  readonly nominalConcurrencyShares?: number;
}

/** io.k8s.api.flowcontrol.v1.FlowDistinguisherMethod */
export interface FlowDistinguisherMethod {
  readonly type: "ByUser" | "ByNamespace";
}

/** io.k8s.api.flowcontrol.v1.FlowSchemaSpec */
export interface FlowSchemaSpec {
  readonly distinguisherMethod?: FlowDistinguisherMethod;
  readonly matchingPrecedence?: number;
  readonly priorityLevelConfiguration: PriorityLevelConfigurationReference;
  readonly rules?: ReadonlyArray<PolicyRulesWithSubjects>;
}

/** io.k8s.api.flowcontrol.v1.GroupSubject */
export interface GroupSubject {
  readonly name: string;
}

/** io.k8s.api.flowcontrol.v1.LimitResponse */
export interface LimitResponse {
  readonly queuing?: QueuingConfiguration;
  readonly type: "Queue" | "Reject";
}

/** io.k8s.api.flowcontrol.v1.LimitedPriorityLevelConfiguration */
export interface LimitedPriorityLevelConfiguration {
  readonly borrowingLimitPercent?: number;
  readonly lendablePercent?: number;
  readonly limitResponse?: LimitResponse;
  readonly nominalConcurrencyShares?: number;
}

/** io.k8s.api.flowcontrol.v1.NonResourcePolicyRule */
export interface NonResourcePolicyRule {
  readonly nonResourceURLs: ReadonlyArray<string>;
  readonly verbs: ReadonlyArray<string>;
}

/** io.k8s.api.flowcontrol.v1.PolicyRulesWithSubjects */
export interface PolicyRulesWithSubjects {
  readonly nonResourceRules?: ReadonlyArray<NonResourcePolicyRule>;
  readonly resourceRules?: ReadonlyArray<ResourcePolicyRule>;
  readonly subjects: ReadonlyArray<Subject>;
}

/** io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationReference */
export interface PriorityLevelConfigurationReference {
  readonly name: string;
}

/** io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationSpec */
export interface PriorityLevelConfigurationSpec {
  readonly exempt?: ExemptPriorityLevelConfiguration;
  readonly limited?: LimitedPriorityLevelConfiguration;
  readonly type: "Exempt" | "Limited";
}

/** io.k8s.api.flowcontrol.v1.QueuingConfiguration */
export interface QueuingConfiguration {
  readonly handSize?: number;
  readonly queueLengthLimit?: number;
  readonly queues?: number;
}

/** io.k8s.api.flowcontrol.v1.ResourcePolicyRule */
export interface ResourcePolicyRule {
  readonly apiGroups: ReadonlyArray<string>;
  readonly clusterScope?: boolean;
  readonly namespaces?: ReadonlyArray<string>;
  readonly resources: ReadonlyArray<string>;
  readonly verbs: ReadonlyArray<string>;
}

/** io.k8s.api.flowcontrol.v1.ServiceAccountSubject */
export interface ServiceAccountSubject {
  readonly name: string;
  readonly namespace: string;
}

/** io.k8s.api.flowcontrol.v1.Subject */
export interface Subject {
  readonly group?: GroupSubject;
  readonly kind: "User" | "Group" | "ServiceAccount";
  readonly serviceAccount?: ServiceAccountSubject;
  readonly user?: UserSubject;
}

/** io.k8s.api.flowcontrol.v1.UserSubject */
export interface UserSubject {
  readonly name: string;
}

/** io.k8s.api.networking.v1.IPBlock */
export interface IPBlock {
  readonly cidr: string;
  readonly except?: ReadonlyArray<string>;
}

/** io.k8s.api.networking.v1.NetworkPolicyEgressRule */
export interface NetworkPolicyEgressRule {
  readonly ports?: ReadonlyArray<NetworkPolicyPort>;
  readonly to?: ReadonlyArray<NetworkPolicyPeer>;
}

/** io.k8s.api.networking.v1.NetworkPolicyIngressRule */
export interface NetworkPolicyIngressRule {
  readonly from?: ReadonlyArray<NetworkPolicyPeer>;
  readonly ports?: ReadonlyArray<NetworkPolicyPort>;
}

/** io.k8s.api.networking.v1.NetworkPolicyPeer */
export interface NetworkPolicyPeer {
  readonly ipBlock?: IPBlock;
  readonly namespaceSelector?: LabelSelector;
  readonly podSelector?: LabelSelector;
}

/** io.k8s.api.networking.v1.NetworkPolicyPort */
export interface NetworkPolicyPort {
  readonly endPort?: number;
  readonly port?: string | number;
  readonly protocol?: "TCP" | "UDP" | "SCTP";
}

/** io.k8s.api.networking.v1.NetworkPolicySpec */
export interface NetworkPolicySpec {
  readonly egress?: ReadonlyArray<NetworkPolicyEgressRule>;
  readonly ingress?: ReadonlyArray<NetworkPolicyIngressRule>;
  readonly podSelector?: LabelSelector;
  readonly policyTypes?: ReadonlyArray<"Ingress" | "Egress">;
}

/** io.k8s.api.resource.v1.CELDeviceSelector */
export interface CELDeviceSelector {
  readonly expression: string;
}

/** io.k8s.api.resource.v1.CapacityRequirements */
export interface CapacityRequirements {
  readonly requests?: Readonly<Record<string, string | number>>;
}

/** io.k8s.api.resource.v1.DeviceClaim */
export interface DeviceClaim {
  readonly config?: ReadonlyArray<DeviceClaimConfiguration>;
  readonly constraints?: ReadonlyArray<DeviceConstraint>;
  readonly requests?: ReadonlyArray<DeviceRequest>;
}

/** io.k8s.api.resource.v1.DeviceClaimConfiguration */
export interface DeviceClaimConfiguration {
  readonly opaque?: OpaqueDeviceConfiguration;
  readonly requests?: ReadonlyArray<string>;
}

/** io.k8s.api.resource.v1.DeviceClassConfiguration */
export interface DeviceClassConfiguration {
  readonly opaque?: OpaqueDeviceConfiguration;
}

/** io.k8s.api.resource.v1.DeviceClassSpec */
export interface DeviceClassSpec {
  readonly config?: ReadonlyArray<DeviceClassConfiguration>;
  readonly extendedResourceName?: string;
  readonly selectors?: ReadonlyArray<DeviceSelector>;
}

/** io.k8s.api.resource.v1.DeviceConstraint */
export interface DeviceConstraint {
  readonly distinctAttribute?: string;
  readonly matchAttribute?: string;
  readonly requests?: ReadonlyArray<string>;
}

/** io.k8s.api.resource.v1.DeviceRequest */
export interface DeviceRequest {
  readonly exactly?: ExactDeviceRequest;
  readonly firstAvailable?: ReadonlyArray<DeviceSubRequest>;
  readonly name: string;
}

/** io.k8s.api.resource.v1.DeviceSelector */
export interface DeviceSelector {
  readonly cel?: CELDeviceSelector;
}

/** io.k8s.api.resource.v1.DeviceSubRequest */
export interface DeviceSubRequest {
  readonly allocationMode?: "ExactCount" | "All";
  readonly capacity?: CapacityRequirements;
  readonly count?: number;
  readonly deviceClassName: string;
  readonly name: string;
  readonly selectors?: ReadonlyArray<DeviceSelector>;
  readonly tolerations?: ReadonlyArray<DeviceToleration>;
}

/** io.k8s.api.resource.v1.DeviceToleration */
export interface DeviceToleration {
  readonly effect?: string;
  readonly key?: string;
  readonly operator?: string;
  readonly tolerationSeconds?: number;
  readonly value?: string;
}

/** io.k8s.api.resource.v1.ExactDeviceRequest */
export interface ExactDeviceRequest {
  readonly adminAccess?: boolean;
  readonly allocationMode?: "ExactCount" | "All";
  readonly capacity?: CapacityRequirements;
  readonly count?: number;
  readonly deviceClassName: string;
  readonly selectors?: ReadonlyArray<DeviceSelector>;
  readonly tolerations?: ReadonlyArray<DeviceToleration>;
}

/** io.k8s.api.resource.v1.OpaqueDeviceConfiguration */
export interface OpaqueDeviceConfiguration {
  readonly driver: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** io.k8s.api.resource.v1.ResourceClaimSpec */
export interface ResourceClaimSpec {
  readonly devices?: DeviceClaim;
}

/** io.k8s.api.resource.v1.ResourceClaimTemplateSpec */
export interface ResourceClaimTemplateSpec {
  readonly metadata?: ObjectMeta;
  readonly spec: ResourceClaimSpec;
}

/** io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement */
export interface FieldSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: ReadonlyArray<string>;
}

/** io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector */
export interface LabelSelector {
  readonly matchExpressions?: ReadonlyArray<LabelSelectorRequirement>;
  readonly matchLabels?: Readonly<Record<string, string>>;
}

/** io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement */
export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  readonly values?: ReadonlyArray<string>;
}

/** io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry */
export interface ManagedFieldsEntry {
  readonly apiVersion?: string;
  readonly fieldsType?: string;
  readonly fieldsV1?: Readonly<Record<string, unknown>>;
  readonly manager?: string;
  readonly operation?: string;
  readonly subresource?: string;
  readonly time?: string;
}

/** io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta */
export interface ObjectMeta {
  readonly annotations?: Readonly<Record<string, string>>;
  readonly creationTimestamp?: string;
  readonly deletionGracePeriodSeconds?: number;
  readonly deletionTimestamp?: string;
  readonly finalizers?: ReadonlyArray<string>;
  readonly generateName?: string;
  readonly generation?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly managedFields?: ReadonlyArray<ManagedFieldsEntry>;
  readonly name?: string;
  readonly namespace?: string;
  readonly ownerReferences?: ReadonlyArray<OwnerReference>;
  readonly resourceVersion?: string;
  readonly selfLink?: string;
  readonly uid?: string;
}

/** io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference */
export interface OwnerReference {
  readonly apiVersion: string;
  readonly blockOwnerDeletion?: boolean;
  readonly controller?: boolean;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
}
