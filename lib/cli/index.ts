// Only the cdk8s validation plugin is public; the `cdk8s-haru` command lives in main.ts.
export * from './plugin';
