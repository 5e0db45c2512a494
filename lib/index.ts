// Public surface of cdk8s-haru. Only what is exported here is part of the API.
export * from './check';
export * from './cli';
export * from './dra';
export * from './flowcontrol';
export * from './authz';
export * from './pod';
export * from './admission';
