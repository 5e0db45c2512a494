export type { Violation } from './errors';
