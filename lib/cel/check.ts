import { CelCheckOptions, CelCheckResult, CelEnvironment } from './types';
import type { Violation } from '../check/errors';

// PLACEHOLDER until the real compiler lands.
export function checkCel(_expression: string, _env: CelEnvironment, _options: CelCheckOptions = {}): CelCheckResult {
  return { ok: true, problems: [] };
}
export function celViolations(_field: string, _expression: string, _env: CelEnvironment, _options: CelCheckOptions = {}): Violation[] {
  return [];
}
export function applyConfigurationFieldPaths(_expression: string): string[][] { return []; }
