// Public surface of cdk8s-haru. Only what is exported here is part of the API.
export * from './check';
export * from './authz';
export * from './admission';
export * from './dra';
export * from './pod';
export * from './flowcontrol';
export * from './profile';
export * from './cli';
