export { TimeSliceInterval, GpuSharingStrategy, MpsOptions, GpuSharing } from './sharing';
export {
  IDeviceClass, DeviceClassRef, DeviceAllocationMode, GpuDeviceType, GpuSelector, GpuDeviceOptions, WholeGpuOptions,
  MigDeviceOptions, GpuDevices, GpuDeviceClassProps, GpuDeviceClass,
} from './devices';
export { GpuClaimScope, GpuRequestOptions, GpuTimeSliceClaimProps, GpuClaimAttachOptions, GpuTimeSliceClaim } from './claim';
