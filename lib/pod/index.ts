export * from './container';
export * from './volume';
export * from './hardened-pod';
export * from './pod-security';
export * from './workload';
export * from './scheduling';
