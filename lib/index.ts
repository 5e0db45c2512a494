// Public surface of cdk8s-haru. Only what is exported here is part of the API.
import * as admission from './admission';
import * as admit from './admit';
import * as authz from './authz';
import { guardPublicApi } from './base/arguments';
import { EnumValue } from './base/enum-value';
import * as base from './base/errors';
import * as cel from './cel';
import * as celProgram from './cel/program';
import * as cli from './cli';
import * as dra from './dra';
import * as explain from './explain';
import * as flowcontrol from './flowcontrol';
import * as pod from './pod';
import * as profile from './profile';
import * as values from './values';

export type { Violation } from './base/errors';
export { Violations } from './base/errors';
export { EnumValue } from './base/enum-value';
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

// Every public method checks its arguments at run time (constructors do it themselves):
// JavaScript callers and the jsii languages are not checked by the TypeScript compiler.
guardPublicApi({
  Violations: base.Violations,
  EnumValue,
  ...admission,
  ...admit,
  ...explain,
  ...authz,
  ...flowcontrol,
  ...pod,
  ...dra,
  ...values,
  ...profile,
  ...cli,
  ...celProgram,
  CelEnvironment: cel.CelEnvironment,
});
