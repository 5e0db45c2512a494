import type { SchemaField, SchemaObjectType } from './types';

// PLACEHOLDER until the generated catalog lands.
export function lookupType(_name: string): SchemaObjectType | undefined { return undefined; }
export function rootTypeName(_apiVersion: string, _kind: string): string | undefined { return undefined; }
export function resolvePath(_typeName: string, _path: readonly string[]): SchemaField | undefined { return undefined; }
