export { Violation } from './errors';
