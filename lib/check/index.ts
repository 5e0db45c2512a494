export type { Violation } from './errors';
export { Violations } from './errors';
