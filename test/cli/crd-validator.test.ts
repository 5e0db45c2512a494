/**
 * CustomResourceValidator: the public form of `check --crd` and `check --crd --old`.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CustomResourceValidator } from '../../lib';
import { HaruValidationError } from '../../lib/base/errors';

const FIX = 'test/cli/fixtures/update';
const widget = (name: string, spec: Record<string, unknown>): any => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: 'shop' }, spec });

describe('CustomResourceValidator', () => {
  const v = CustomResourceValidator.fromYaml(fs.readFileSync(`${FIX}/crd.yaml`, 'utf-8'));

  it('lists the kinds its definitions serve', () => {
    expect(v.kinds).toEqual(['example.com/v1 Widget']);
  });

  it('validates a create: transition rules do not run', () => {
    expect(v.validate(widget('a', { replicas: 2, class: 'silver' }))).toEqual([]);
  });

  it('validates an update: transition rules run on the correlated old values', () => {
    const out = v.validateUpdate(widget('a', { replicas: 2, class: 'silver' }), widget('a', { replicas: 3, class: 'gold' }));
    expect(out.map((x) => `${x.checkId} ${x.field}: ${x.problem}`)).toEqual([
      'crd/rule spec.replicas: replicas may not decrease',
      'crd/rule spec.class: class is immutable',
    ]);
  });

  it('ratchets an unchanged value into a warning', () => {
    const out = v.validateUpdate(widget('b', { size: 'huge', replicas: 2 }), widget('b', { size: 'huge', replicas: 1 }));
    expect(out.map((x) => x.checkId)).toEqual(['crd/rule-ratcheted']);
  });

  it('reports a kind no definition serves as not checked', () => {
    expect(v.validate({ apiVersion: 'other.example.com/v1', kind: 'Gadget', metadata: { name: 'g' } }).map((x) => x.checkId)).toEqual(['cli/not-checked']);
  });

  it('fails when the stored object is not an object', () => {
    expect(() => v.validateUpdate(widget('a', {}), 'a')).toThrow(HaruValidationError);
  });

  it('fromManifests ignores what is not a CustomResourceDefinition', () => {
    expect(CustomResourceValidator.fromManifests([{ apiVersion: 'v1', kind: 'ConfigMap' }]).kinds).toEqual([]);
  });
});
