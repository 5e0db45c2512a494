export * from './read';
export * from './write';
export { resolve, isGoTimestamp, formatFloat32, keyString, ResolveError } from './resolve';
