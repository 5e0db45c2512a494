import * as fs from 'node:fs';
import { checkText, collectCrds, DEFAULT_PSS, Finding, PSS_OPTIONS, PssOption } from './core';
import { Suppression, suppressedLine, todayUtc } from './suppress';
import { resolveSuppressions } from './suppressed';
import { checkArguments } from '../base/arguments';
import { HaruValidationError } from '../base/errors';
import { atLeast, describeCheck, Severity, severityOf } from '../check/catalog';
import { CrdSet } from '../check/crd';

/**
 * A resource that violates a rule, in the shape cdk8s-cli's validation report takes.
 * @see https://cdk8s.io/docs/latest/cli/synth/#validation
 */
export interface ValidationViolatingResource {
  /** `metadata.name` of the object (cdk8s-cli maps it to the construct path). */
  readonly resourceName: string;
  /** Where in the object the rule is violated: one message per field. */
  readonly locations: string[];
  /** The manifest file the object is in. */
  readonly manifestPath: string;
}

/**
 * One rule violated by one or more resources, in the shape cdk8s-cli's validation report takes.
 * @see https://cdk8s.io/docs/latest/cli/synth/#validation
 */
export interface ValidationViolation {
  /** The check id, e.g. `pss/runAsNonRoot`. */
  readonly ruleName: string;
  /** What the rule requires. */
  readonly recommendation: string;
  /** How to resolve the violation. */
  readonly fix: string;
  /** The resources that violate the rule. */
  readonly violatingResources: ValidationViolatingResource[];
}

/** The report a validation plugin fills (cdk8s-cli's `ValidationReport`). */
export interface IValidationReport {
  /** Adds one violated rule with its resources. */
  addViolation(violation: ValidationViolation): void;
  /**
   * Completes the report.
   * @param status `success` or `failure`
   * @param metadata extra key/value pairs shown in the report summary
   */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/** What cdk8s-cli hands a validation plugin (the part of `ValidationContext` this plugin reads). */
export interface IValidationContext {
  /** Paths of the synthesised manifest files. */
  readonly manifests: string[];
  /** The report to fill. */
  readonly report: IValidationReport;
}

/** Properties of {@link HaruValidationPlugin}, set under `properties:` in `cdk8s.yaml`. */
export interface HaruValidationPluginProps {
  /**
   * Pod Security Standards level every object with a pod spec must pass:
   * `restricted`, `baseline` or `none` (no Pod Security check).
   * @default 'restricted'
   */
  readonly pss?: string;
  /**
   * Check ids to ignore; an id ending in `/` ignores a whole area (e.g. `pss/`).
   * @default - every check runs
   */
  readonly skip?: string[];
  /**
   * The least severe finding that fails synth: `error` (what the API server refuses) or
   * `warning` (also what it accepts with a warning). Warnings are always reported.
   * @default 'error'
   */
  readonly failOn?: string;
}

/**
 * A cdk8s validation plugin that runs the checks of `cdk8s-haru check` on every manifest
 * `cdk8s synth` writes, so that synth fails on what a 1.36 cluster would refuse or the Pod
 * Security level forbids, whichever library produced the YAML. List it in `cdk8s.yaml`:
 *
 * ```yaml
 * validations:
 *   - package: cdk8s-haru
 *     version: 1.2.3          # the exact version installed (no ranges)
 *     class: HaruValidationPlugin
 *     properties:
 *       pss: restricted
 * ```
 * @see https://cdk8s.io/docs/latest/cli/synth/#validation
 */
export class HaruValidationPlugin {
  /** The Pod Security level applied. */
  public readonly pss: string;
  /** The check ids ignored. */
  public readonly skip: string[];
  /** The least severe finding that fails synth (`error` or `warning`). */
  public readonly failOn: string;

  constructor(props: HaruValidationPluginProps = {}) {
    const pss = props.pss ?? DEFAULT_PSS;
    if (!PSS_OPTIONS.includes(pss as PssOption)) {
      throw new HaruValidationError('HaruValidationPlugin', [{
        checkId: 'cli/plugin-properties',
        field: 'properties.pss',
        problem: 'is not a Pod Security level',
        got: JSON.stringify(pss),
        allowed: PSS_OPTIONS.join(', '),
        fix: 'Set properties.pss in cdk8s.yaml to restricted, baseline or none',
      }]);
    }
    const skip = props.skip ?? [];
    if (!Array.isArray(skip) || skip.some((s) => typeof s !== 'string')) {
      throw new HaruValidationError('HaruValidationPlugin', [{
        checkId: 'cli/plugin-properties',
        field: 'properties.skip',
        problem: 'must be a list of check ids',
        got: JSON.stringify(skip),
        fix: 'Write skip as a YAML list, e.g. [pss/runAsUser]',
      }]);
    }
    const failOn = props.failOn ?? 'error';
    if (failOn !== 'error' && failOn !== 'warning') {
      throw new HaruValidationError('HaruValidationPlugin', [{
        checkId: 'cli/plugin-properties',
        field: 'properties.failOn',
        problem: 'is not a severity',
        got: JSON.stringify(failOn),
        allowed: 'error, warning',
        fix: 'Set properties.failOn in cdk8s.yaml to error or warning',
      }]);
    }
    // The properties come from cdk8s.yaml: the checks above name them as written there; the rest
    // (unknown keys, other types) is the generic argument check.
    checkArguments('HaruValidationPlugin.constructor', undefined, [props]);
    this.pss = pss;
    this.skip = [...skip];
    this.failOn = failOn;
  }

  /**
   * Checks every manifest of `context`, adds one violation per check id to its report
   * (warnings and notices too, their rule description starting with the severity) and
   * submits the report: `failure` when a finding is at least as severe as `failOn`.
   */
  public async validate(context: IValidationContext): Promise<void> {
    const raw: Finding[] = [];
    const annotated: Suppression[] = [];
    let documents = 0;
    const texts = context.manifests.map((manifest) => ({ manifest, text: fs.readFileSync(manifest, 'utf-8') }));
    const crds = new CrdSet();
    for (const { text } of texts) collectCrds(text, crds);
    for (const { manifest, text } of texts) {
      const result = checkText(text, manifest, { pss: this.pss as PssOption, skip: this.skip, crds });
      documents += result.documents;
      raw.push(...result.findings);
      annotated.push(...result.suppressions);
    }
    // haru.cdk8s.io/suppress.* annotations apply here as in `check` (the plugin takes no suppression file).
    const { findings, suppressed } = resolveSuppressions(raw, annotated, todayUtc());

    const byRule = new Map<string, Finding[]>();
    for (const f of findings) {
      const list = byRule.get(f.checkId) ?? [];
      list.push(f);
      byRule.set(f.checkId, list);
    }
    for (const [ruleName, list] of [...byRule.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const resources = new Map<string, { resourceName: string; manifestPath: string; locations: string[] }>();
      for (const f of list) {
        const key = `${f.file}#${f.document}`;
        const r = resources.get(key) ?? { resourceName: f.name ?? `(document ${f.document})`, manifestPath: f.file, locations: [] };
        r.locations.push(`line ${f.line}: ${f.message}`);
        resources.set(key, r);
      }
      const fixes = [...new Set(list.map((f) => f.violation.fix).filter((x): x is string => Boolean(x)))];
      context.report.addViolation({
        ruleName,
        recommendation: `${severityOf(ruleName)}: ${describeCheck(ruleName)}`,
        fix: fixes.length === 1 ? fixes[0] : 'See the message at each location.',
        violatingResources: [...resources.values()],
      });
    }
    const failing = findings.filter((f) => f.severity !== 'notice' && atLeast(f.severity, this.failOn as Severity));
    context.report.submit(failing.length > 0 ? 'failure' : 'success', {
      'Pod Security level': this.pss,
      'Documents checked': String(documents),
      'Findings': String(findings.length),
      'Errors': String(findings.filter((f) => f.severity === 'error').length),
      'Warnings': String(findings.filter((f) => f.severity === 'warning').length),
      ...(suppressed.length > 0 ? {
        Suppressed: suppressed.map((x) => `${x.finding.file}:${x.finding.line} [${x.finding.checkId}] ${x.finding.kind ?? ''} ${x.finding.name ?? ''}: ${suppressedLine(x.suppression)}`).join('\n'),
      } : {}),
    });
  }
}
