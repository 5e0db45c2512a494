export { AdmissionEngine } from './engine';
export { AdmissionOperation } from './operation';
export type {
  AdmissionEngineOptions, AdmissionEngineProps, AdmissionResult, AdmissionUser, AuthorizationCheck, IAdmissionAuthorizer, PolicyTrace,
} from './engine';
export type { ValidationTrace } from './validating';
