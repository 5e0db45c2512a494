export * from './authorizer';
export * from './authz-config';
export * from './audit-policy';
