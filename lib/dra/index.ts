export * from './sharing';
export * from './devices';
export * from './claim';
