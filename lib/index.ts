// Public surface of cdk8s-haru. Only what is exported here is part of the API.
import * as admission from './admission';
import * as admit from './admit';
import * as authz from './authz';
import * as cel from './cel';
import * as celProgram from './cel/program';
import * as check from './check';
import { guardPublicApi } from './check/arguments';
import * as cli from './cli';
import * as dra from './dra';
import * as flowcontrol from './flowcontrol';
import * as pod from './pod';
import * as profile from './profile';

export * from './check';
export * from './admission';
export * from './admit';
export * from './authz';
export * from './flowcontrol';
export * from './pod';
export * from './dra';
export * from './profile';
export * from './cli';
export { CelEnvironment, checkCel } from './cel';
export type { CelCheckOptions, CelCheckResult, CelProblem } from './cel';
export * from './cel/program';

// Every public method checks its arguments at run time (constructors do it themselves):
// JavaScript callers and the jsii languages are not checked by the TypeScript compiler.
guardPublicApi({
  ...check,
  ...admission,
  ...admit,
  ...authz,
  ...flowcontrol,
  ...pod,
  ...dra,
  ...profile,
  ...cli,
  ...celProgram,
  CelEnvironment: cel.CelEnvironment,
});
