import { ApiObjectMetadata } from 'cdk8s';

/** `metadata` with `name` set only when one was given (cdk8s generates it otherwise). */
export function withName(metadata: ApiObjectMetadata | undefined, name: string | undefined, annotations?: Record<string, string>): ApiObjectMetadata {
  const out: Record<string, unknown> = { ...metadata };
  if (name !== undefined) out.name = name;
  if (annotations && Object.keys(annotations).length > 0) out.annotations = annotations;
  return out as ApiObjectMetadata;
}
