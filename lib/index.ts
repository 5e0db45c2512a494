// Public surface of cdk8s-haru. Only what is exported here is part of the API.
export type { Violation } from './base/errors';
export * from './admission';
export * from './admit';
export * from './explain';
export * from './authz';
export * from './flowcontrol';
export * from './pod';
export * from './dra';
export * from './values';
export * from './profile';
export * from './cli';
export { CelEnvironment, checkCel } from './cel';
export type { CelCheckOptions, CelCheckResult, CelProblem } from './cel';
export * from './cel/program';
