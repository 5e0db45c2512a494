export * from './flow-simulator';
export * from './authz-simulator';
export * from './dra-simulator';
