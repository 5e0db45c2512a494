import type { Violation } from '../check/errors';

/** Options for {@link checkSchema}. */
export interface SchemaCheckOptions {
  /** Prefix for reported field paths. */
  readonly pathPrefix?: string;
}

// PLACEHOLDER until the strict checker lands.
export function checkSchema(_obj: unknown, _opts: SchemaCheckOptions = {}): Violation[] { return []; }
