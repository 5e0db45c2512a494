import { HaruValidationError, Violation } from '../base/errors';
import { CrdSet } from '../check/crd';
import { checkObject, notCheckedReason } from '../check/registry';
import { readYaml } from '../yaml/read';

function isObj(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/**
 * Validates custom resources against their CustomResourceDefinitions as a 1.36 API server
 * does, offline: the checks of `cdk8s-haru check --crd` (schema, `x-kubernetes-validations`
 * rules, metadata) on a create, and on an update also the transition rules (rules that read
 * `oldSelf`) and validation ratcheting, as `cdk8s-haru check --crd ... --old ...` does.
 */
export class CustomResourceValidator {
  /** From YAML text holding CustomResourceDefinitions (other documents are ignored). */
  public static fromYaml(text: string): CustomResourceValidator {
    const objects: any[] = [];
    for (const doc of readYaml(String(text))) {
      if (doc.empty) continue;
      if (doc.error) throw new HaruValidationError('CustomResourceValidator.fromYaml', [{ checkId: doc.error.checkId, field: `line ${doc.error.line}`, problem: doc.error.message }]);
      const o = doc.value as any;
      if (isObj(o)) {
        if (o.kind === 'List' && Array.isArray(o.items)) objects.push(...o.items);
        else objects.push(o);
      }
    }
    return new CustomResourceValidator(objects);
  }

  /** From parsed manifests; the apiextensions.k8s.io/v1 CustomResourceDefinitions among them are used. */
  public static fromManifests(manifests: any[]): CustomResourceValidator {
    return new CustomResourceValidator(manifests);
  }

  /** The served `apiVersion`/`kind` pairs the definitions define, e.g. `example.com/v1 Widget`. */
  public readonly kinds: string[];
  private readonly crds = new CrdSet();

  private constructor(manifests: any[]) {
    if (!Array.isArray(manifests)) {
      throw new HaruValidationError('CustomResourceValidator', [{ checkId: 'cli/input', field: 'manifests', problem: 'must be a list of objects', got: typeof manifests }]);
    }
    const kinds: string[] = [];
    for (const m of manifests) {
      if (!CrdSet.isCrd(m)) continue;
      this.crds.add(m);
      const spec = m.spec;
      for (const v of Array.isArray(spec?.versions) ? spec.versions : []) {
        if (isObj(v) && typeof v.name === 'string' && v.served !== false && typeof spec.group === 'string') kinds.push(`${spec.group}/${v.name} ${spec.names?.kind}`);
      }
    }
    this.kinds = kinds;
  }

  /**
   * What the API server reports when `manifest` is created: errors, warnings (check ids whose
   * severity is `warning`) and, for a kind no definition serves, a `cli/not-checked` notice.
   */
  public validate(manifest: any): Violation[] {
    return this.run(manifest, undefined);
  }

  /**
   * What the API server reports when the stored `oldManifest` is updated to `manifest`:
   * transition rules run where the old value correlates, unchanged values ratchet (their
   * schema errors are dropped, their failing rules are `crd/rule-ratcheted` warnings).
   */
  public validateUpdate(manifest: any, oldManifest: any): Violation[] {
    if (!isObj(oldManifest)) {
      throw new HaruValidationError('CustomResourceValidator.validateUpdate', [{
        checkId: 'cli/input', field: 'oldManifest', problem: 'must be an object (the stored version of the manifest)', got: typeof oldManifest, fix: 'Pass the stored object, or call validate() for a create',
      }]);
    }
    return this.run(manifest, oldManifest);
  }

  private run(manifest: any, old: any): Violation[] {
    const reason = notCheckedReason(manifest, this.crds);
    if (reason !== undefined) {
      return [{ checkId: 'cli/not-checked', field: '', problem: `not checked: ${reason}`, fix: 'Give the CustomResourceDefinition that serves it' }];
    }
    return checkObject(manifest, { crds: this.crds, old });
  }
}
