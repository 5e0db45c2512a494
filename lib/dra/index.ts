export * from './devices';
export * from './claim';
