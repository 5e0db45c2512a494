export * from './flow-simulator';
