// Public: the cdk8s validation plugin and the custom resource validator; the `cdk8s-haru` command lives in main.ts.
export * from './plugin';
export * from './crd-validator';
