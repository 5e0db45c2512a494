export * from './pod';
export * from './harden-options';
export * from './gpu-sharing';
export * from './failure-policies';
export * from './quantity';
