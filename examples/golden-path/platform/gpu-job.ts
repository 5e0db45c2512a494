import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { GpuClaimScope, GpuDevices, GpuTimeSliceClaim, WorkloadHardening } from '../../../lib';

/** Props of {@link GpuJob}. */
export interface GpuJobProps {
  /** Image, from the platform registry. */
  readonly image: string;
  /** Command of the job's container. @default - the image's entrypoint */
  readonly command?: string[];
  /** The GPU devices each pod of the job gets. @default GpuDevices.wholeGpus() */
  readonly devices?: GpuDevices;
}

/**
 * The platform's batch GPU job: a hardened Job whose pods each get their own GPU claim
 * (a ResourceClaimTemplate), shared inside the pod the way the HardeningProfile says
 * (time-slicing by default). No network access besides DNS.
 */
export class GpuJob extends Construct {
  /** The Job. */
  public readonly job: kplus.Job;
  /** The claim template its pods use. */
  public readonly claim: GpuTimeSliceClaim;

  constructor(scope: Construct, id: string, props: GpuJobProps) {
    super(scope, id);
    this.claim = new GpuTimeSliceClaim(this, 'Gpu', { claimScope: GpuClaimScope.PER_POD, devices: props.devices });
    this.job = new kplus.Job(this, 'Job', {
      backoffLimit: 2,
      containers: [{ image: props.image, command: props.command }],
    });
    WorkloadHardening.apply(this.job);
    this.claim.attachToWorkload(this.job);
  }
}
