export * from './flow-simulator';
export * from './authz-simulator';
