/**
 * Service server-side rules the schema cannot express: a `targetPort` is a port number or a
 * port name (k8s.io/kubernetes pkg/apis/core/validation/validation.go validateServicePort →
 * ValidatePortNumOrName; apimachinery pkg/util/validation IsValidPortName). A `targetPort`
 * of 0 or "" is not checked: the v1 defaulter (pkg/apis/core/v1/defaults.go
 * SetDefaults_Service) replaces it with `port` first.
 */
import { renderValue, Violation } from '../base/errors';
import { isObject } from '../base/validators';

/** Why `name` is not an IANA_SVC_NAME port name, or `undefined` when it is one. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter (a-z)';
  if (name.includes('--')) return 'must not contain consecutive hyphens';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

/** The rules for one v1 Service. */
export function checkServiceRules(obj: unknown): Violation[] {
  const out: Violation[] = [];
  const spec = isObject(obj) && isObject(obj.spec) ? obj.spec : {};
  if (!Array.isArray(spec.ports)) return out;
  spec.ports.forEach((p: unknown, i: number) => {
    if (!isObject(p)) return;
    const t = p.targetPort;
    const field = `spec.ports[${i}].targetPort`;
    if (typeof t === 'number' && t !== 0 && !(Number.isInteger(t) && t >= 1 && t <= 65535)) {
      out.push({ checkId: 'service/target-port', field, problem: 'must be a port number between 1 and 65535', got: renderValue(t), allowed: '1-65535, or a port name', fix: 'Use the port the pods listen on' });
    } else if (typeof t === 'string' && t !== '') {
      const problem = portNameProblem(t);
      if (problem) {
        const numeric = /^[0-9]+$/.test(t);
        out.push({
          checkId: 'service/target-port',
          field,
          problem: `is not a port name: it ${problem}`,
          got: renderValue(t),
          allowed: 'a port number, or the name of a container port (IANA_SVC_NAME)',
          fix: numeric ? `Write the number without quotes: targetPort: ${t}` : 'Use the name of a container port, or its number',
        });
      }
    }
  });
  return out;
}
