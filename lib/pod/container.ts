import { CapabilityGrant, ContainerResources } from '../values/pod';

/** When the kubelet pulls the image. */
export enum ImagePullPolicy {
  /** Pull on every start (what kube-score, Polaris and Checkov ask for). */
  ALWAYS = 'Always',
  /** Pull only when the image is not on the node. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never pull. */
  NEVER = 'Never',
}

/** Transport protocol of a container port. */
export enum Protocol {
  /** TCP. */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
  /** SCTP. */
  SCTP = 'SCTP',
}

/** A port the container listens on. */
export interface ContainerPort {
  /** Port number (1-65535). */
  readonly number: number;
  /** IANA_SVC_NAME, at most 15 characters. @default - unnamed */
  readonly name?: string;
  /** Protocol. @default Protocol.TCP */
  readonly protocol?: Protocol;
  /**
   * Port on the node. Refused unless `allowHostPorts` is given.
   * @default - no host port
   */
  readonly hostPort?: number;
}

/** A key of a ConfigMap or Secret in the pod's namespace. */
export interface KeySelector {
  /** Name of the ConfigMap or Secret. */
  readonly name: string;
  /** The key. */
  readonly key: string;
  /** Start the container even when the object or the key does not exist. @default false */
  readonly optional?: boolean;
}

/**
 * An environment variable. Set exactly one source: `value`, `fieldPath`, `resourceField`,
 * `configMapKey` or `secretKey`.
 */
export interface EnvVar {
  /** Variable name. */
  readonly name: string;
  /** Literal value. @default - none (one of the other sources) */
  readonly value?: string;
  /** Downward-API field path, e.g. `metadata.name`, `status.podIP`. @default - none */
  readonly fieldPath?: string;
  /** A resource of this container, e.g. `limits.memory`, `requests.cpu`. @default - none */
  readonly resourceField?: string;
  /** A key of a ConfigMap. @default - none */
  readonly configMapKey?: KeySelector;
  /**
   * A key of a Secret. Refused unless the pod passes `allowSecretsInEnv`: mount the Secret
   * with `Volume.secret` and read the file instead.
   * @default - none
   */
  readonly secretKey?: KeySelector;
}

/**
 * Every key of a ConfigMap or Secret as environment variables (`envFrom`). Set exactly one
 * of `configMap` and `secret`.
 */
export interface EnvFrom {
  /** Name of the ConfigMap. @default - none */
  readonly configMap?: string;
  /** Name of the Secret; refused unless the pod passes `allowSecretsInEnv`. @default - none */
  readonly secret?: string;
  /** Prefix for every variable name. @default - no prefix */
  readonly prefix?: string;
  /** Start the container even when the object does not exist. @default false */
  readonly optional?: boolean;
}

/** Mounts a volume of the pod into the container. */
export interface VolumeMount {
  /** Name of a volume of the pod. */
  readonly volume: string;
  /** Absolute path in the container. */
  readonly mountPath: string;
  /** Mount read-only. @default false */
  readonly readOnly?: boolean;
  /** Path inside the volume. @default - the volume root */
  readonly subPath?: string;
}

/** Timing of a probe. */
export interface ProbeOptions {
  /** Seconds after start before the first probe. @default - the kubelet default (0) */
  readonly initialDelaySeconds?: number;
  /** Seconds between probes. @default - the kubelet default (10) */
  readonly periodSeconds?: number;
  /** Seconds before a probe times out. @default - the kubelet default (1) */
  readonly timeoutSeconds?: number;
  /** Failures before the probe gives up. @default - the kubelet default (3) */
  readonly failureThreshold?: number;
  /**
   * Successes after a failure before the probe passes again; the API server requires 1 for
   * liveness and startup probes.
   * @default - the kubelet default (1)
   */
  readonly successThreshold?: number;
}

/** Scheme of an HTTP probe. */
export enum ProbeScheme {
  /** Plain HTTP. */
  HTTP = 'HTTP',
  /** HTTPS; the kubelet does not verify the certificate. */
  HTTPS = 'HTTPS',
}

/** Options of an HTTP GET probe. */
export interface HttpGetProbeOptions extends ProbeOptions {
  /** Scheme. @default ProbeScheme.HTTP */
  readonly scheme?: ProbeScheme;
}

/** Options of a gRPC health-check probe. */
export interface GrpcProbeOptions extends ProbeOptions {
  /** Service name sent in the gRPC HealthCheckRequest. @default - the server's overall health ('') */
  readonly service?: string;
}

/**
 * A liveness, readiness or startup probe. The probe never sets `host` (Pod Security
 * Standards baseline forbids it since 1.34).
 * @see https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
 */
export class Probe {
  /** HTTP GET on the pod IP. */
  public static httpGet(path: string, port: number, options: HttpGetProbeOptions = {}): Probe {
    return new Probe({ httpGet: options.scheme !== undefined ? { path, port, scheme: options.scheme } : { path, port } }, options);
  }

  /** gRPC health check (grpc.health.v1) on the pod IP. */
  public static grpc(port: number, options: GrpcProbeOptions = {}): Probe {
    return new Probe({ grpc: options.service !== undefined ? { port, service: options.service } : { port } }, options);
  }

  /** TCP connect on the pod IP. */
  public static tcpSocket(port: number, options: ProbeOptions = {}): Probe {
    return new Probe({ tcpSocket: { port } }, options);
  }

  /** Run a command in the container; exit code 0 is healthy. */
  public static exec(command: string[], options: ProbeOptions = {}): Probe {
    return new Probe({ exec: { command: [...command] } }, options);
  }

  private constructor(private readonly handler: any, private readonly options: ProbeOptions) {}

  /** @internal */
  public _toJson(): any {
    const o = this.options;
    const out: any = { ...this.handler };
    if (o.initialDelaySeconds !== undefined) out.initialDelaySeconds = o.initialDelaySeconds;
    if (o.periodSeconds !== undefined) out.periodSeconds = o.periodSeconds;
    if (o.timeoutSeconds !== undefined) out.timeoutSeconds = o.timeoutSeconds;
    if (o.failureThreshold !== undefined) out.failureThreshold = o.failureThreshold;
    if (o.successThreshold !== undefined) out.successThreshold = o.successThreshold;
    return out;
  }
}

/**
 * A container of a {@link HardenedPod} (the 1.36 fields this library supports). The
 * security context is not a prop: it comes from the pod's hardening options.
 */
export interface HardenedContainerProps {
  /** Image reference; a tag and a digest (`repo:1.2.3@sha256:...`) satisfy every scanner. */
  readonly image: string;
  /**
   * Container name (DNS-1123 label, unique in the pod).
   * @default - derived from the image's repository name (`nginx:1.27` → `nginx`), with `-2`, `-3`... when taken
   */
  readonly name?: string;
  /** @default ImagePullPolicy.ALWAYS */
  readonly imagePullPolicy?: ImagePullPolicy;
  /** Entrypoint. @default - the image's ENTRYPOINT */
  readonly command?: string[];
  /** Arguments. @default - the image's CMD */
  readonly args?: string[];
  /** Working directory. @default - the image's WORKDIR */
  readonly workingDir?: string;
  /** Environment variables. @default - none */
  readonly env?: EnvVar[];
  /** Variables from every key of ConfigMaps or Secrets; `env` wins on a clash. @default - none */
  readonly envFrom?: EnvFrom[];
  /** Ports. @default - none */
  readonly ports?: ContainerPort[];
  /** Volume mounts (writable paths are mounted automatically). @default - none */
  readonly volumeMounts?: VolumeMount[];
  /**
   * Requests and limits; unset values come from the pod's `defaultResources`.
   * @default - the pod's defaultResources
   */
  readonly resources?: ContainerResources;
  /** Readiness probe (needed by kube-score, Polaris and Checkov). @default - none */
  readonly readiness?: Probe;
  /** Liveness probe; make it differ from readiness (kube-score). @default - none */
  readonly liveness?: Probe;
  /** Startup probe. @default - none */
  readonly startup?: Probe;
  /**
   * Capabilities this container adds after `drop: [ALL]`.
   * @default - none
   */
  readonly capabilities?: CapabilityGrant;
  /**
   * Absolute paths that get an `emptyDir` in this container, besides the pod's
   * `writablePaths` (nginx: `['/var/cache/nginx', '/var/run']`).
   * @default - only the pod's writablePaths
   */
  readonly writablePaths?: string[];
  /**
   * Run privileged. Refused unless the pod passes `allowPrivileged`.
   * @default false
   */
  readonly privileged?: boolean;
}

