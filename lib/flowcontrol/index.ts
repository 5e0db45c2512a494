export * from './subject';
export * from './priority-level';
export * from './flow-schema';
