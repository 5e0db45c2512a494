export * from './match';
export * from './cel-value';
export { Mutation, PatchOperation, ResourceValues, SidecarProps, DefaultResourcesProps, HardenPodsProps } from './mutation';
export * from './policy';
