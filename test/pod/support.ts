import { App, Chart } from 'cdk8s';

/** Synthesises `chart` the way `cdk8s synth` does: validations first, then every object. */
export function synth(app: App, chart: Chart): any[] {
  const errors = app.node.findAll().flatMap((c) => c.node.validate());
  if (errors.length) throw new Error(errors.join('\n'));
  return chart.toJson();
}

/** Every validation error under `app` (empty when synth would pass). */
export function validationErrors(app: App): string[] {
  return app.node.findAll().flatMap((c) => c.node.validate());
}

export const byKind = (objs: any[], kind: string) => objs.filter((o) => o.kind === kind);

/** Everything that would fail `cdk8s synth`: validation errors, else the error serialising the app throws. */
export function synthProblems(app: App): string {
  const errors = validationErrors(app);
  if (errors.length) return errors.join('\n');
  try {
    app.synthYaml();
    return '';
  } catch (e: any) {
    return String(e?.message ?? e);
  }
}
