/**
 * AuthorizationConfiguration: cost of the loader-rule checker (strict shape + rules + CEL of
 * the match conditions) and of building and synthesising an AuthzConfig to its file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Duration } from 'cdk8s';
import { header, measure, table } from './util';
import { Authorizer, AuthzConfig, AuthzMatchCondition, WebhookConnection } from '../lib';
import { checkAuthorizationConfiguration } from '../lib/check/authz';

function webhook(i: number, conditions: number): Authorizer {
  return Authorizer.webhook({
    name: `policy-${i}.example.com`,
    connection: WebhookConnection.kubeConfigFile(`/etc/kubernetes/webhook-${i}.kubeconfig`),
    timeout: Duration.seconds(3),
    matchConditions: Array.from({ length: conditions }, (_, c) => AuthzMatchCondition.cel(`has(request.resourceAttributes) && request.resourceAttributes.namespace != 'ns-${c}'`)),
  });
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'authz-bench-'));
const example = new AuthzConfig(new App({ outdir }), 'authz', { authorizers: [webhook(0, 1)] }).toJson();
const large = new AuthzConfig(new App({ outdir }), 'authz', { authorizers: Array.from({ length: 10 }, (_, i) => webhook(i, 63)) }).toJson();

header('AuthzConfig');
table([
  measure('check: Node, RBAC, 1 webhook (2 match conditions)', 1000, () => {
    for (let i = 0; i < 1000; i++) checkAuthorizationConfiguration(example);
  }),
  measure('check: 10 webhooks x 64 match conditions', 10, () => {
    for (let i = 0; i < 10; i++) checkAuthorizationConfiguration(large);
  }),
  measure('construct + app.synth() to file (1 webhook)', 100, () => {
    for (let i = 0; i < 100; i++) {
      const app = new App({ outdir });
      new AuthzConfig(app, 'authz', { authorizers: [webhook(0, 1)] });
      app.synth();
    }
  }),
]);
fs.rmSync(outdir, { recursive: true, force: true });
