// The platform package: what application teams import instead of the raw constructs.
export * from './house-rules';
export * from './web-service';
export * from './gpu-job';
export * from './cluster';
