/**
 * Inputs the robustness fuzzer found that synthesised objects a 1.36 API server refuses.
 * Each test is the shrunk counter-example, now refused at synth.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Authorizer, AuthzConfig, HardenedPod, ImagePullPolicy, Probe, Protocol, RestartPolicy, WebhookConnection } from '../../lib';
import { isHaruValidationError } from '../../lib/base/errors';
import { checkObject } from '../../lib/check/registry';

/** The message of the error building (and synthesising) the chart throws. */
function refusal(fn: (chart: Chart) => void): string {
  const chart = Testing.chart();
  try {
    fn(chart);
    Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}

describe('fuzzer regressions', () => {
  it('fails when a probe port does not fit an int32 (readiness httpGet port 2^53)', () => {
    const msg = refusal((chart) => new HardenedPod(chart, 'p', { containers: [{ image: 'nginx:1.27', readiness: Probe.httpGet('/', 2 ** 53) }] }));
    expect(msg).toContain('[schema/type] containers[0].readiness.httpGet.port: must fit in a 32-bit integer (got 9007199254740992; allowed: -2147483648..2147483647). Use a smaller value.');
  });

  it('fails when a probe port is outside 1-65535 (tcpSocket port 0)', () => {
    const msg = refusal((chart) => new HardenedPod(chart, 'p', { containers: [{ image: 'nginx:1.27', liveness: Probe.tcpSocket(0) }] }));
    expect(msg).toContain('[pod/port] containers[0].liveness.tcpSocket.port: must be a port number between 1 and 65535 (got 0; allowed: 1-65535 or a container port name). Probe the port the container listens on.');
  });

  it('fails when a container port is outside 1-65535 (containerPort 65536)', () => {
    const msg = refusal((chart) => new HardenedPod(chart, 'p', { containers: [{ image: 'nginx:1.27', ports: [{ number: 65536 }] }] }));
    expect(msg).toContain('[pod/port] containers[0].ports[0].number: must be a port number between 1 and 65535 (got 65536; allowed: 1-65535). Use the port the container listens on.');
  });

  it('an int-or-string field accepts an int32 and a name', () => {
    const pod = (port: unknown) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'a:1', readinessProbe: { httpGet: { path: '/', port } } }] } });
    expect(checkObject(pod(8080))).toEqual([]);
    expect(checkObject(pod('http'))).toEqual([]);
    expect(checkObject(pod(2 ** 31)).map((v) => v.checkId)).toEqual(['schema/type', 'pod/port']);
  });

  it('fails when a webhook duration is a fraction of a millisecond (timeout Duration.millis(5e-324))', () => {
    let err: unknown;
    try {
      Authorizer.webhook({ name: 'wh', connection: WebhookConnection.kubeConfigFile('/etc/k.kubeconfig'), timeout: Duration.millis(5e-324) });
    } catch (e) {
      err = e;
    }
    expect(isHaruValidationError(err)).toBe(true);
    expect((err as Error).message).toContain('[authz/duration] timeout: must be a whole number of milliseconds (got 5e-324ms). Use e.g. Duration.seconds(3) or Duration.millis(500).');
  });

  it('fails when restartPolicy is an empty string', () => {
    const msg = refusal((chart) => new HardenedPod(chart, 'p', { restartPolicy: '' as RestartPolicy, containers: [{ image: 'nginx:1.27' }] }));
    expect(msg).toContain('[api/wrong-type] restartPolicy: must be a value of RestartPolicy (got ""; allowed: RestartPolicy.ALWAYS ("Always"), RestartPolicy.ON_FAILURE ("OnFailure"), RestartPolicy.NEVER ("Never")).');
  });

  it('fails when a kube-apiserver file name is longer than 255 bytes (AuthzConfig fileName of 300 characters)', () => {
    const msg = refusal((chart) => new AuthzConfig(chart, 'a', { fileName: 'x'.repeat(300) }));
    expect(msg).toContain('[authz/file-name] fileName: must be at most 255 bytes long');
    expect(msg).toContain('Use a shorter name such as authorization-config.yaml.');
    expect(msg).not.toContain('ENAMETOOLONG');
  });

  it('fails when imagePullPolicy or a port protocol is an empty string', () => {
    const msg = refusal((chart) => new HardenedPod(chart, 'p').addContainer({ image: 'nginx:1.27', imagePullPolicy: '' as ImagePullPolicy, ports: [{ number: 80, protocol: '' as Protocol }] }));
    expect(msg).toContain('[api/wrong-type] addContainer(container).imagePullPolicy: must be a value of ImagePullPolicy (got ""; allowed: ImagePullPolicy.ALWAYS ("Always"), ImagePullPolicy.IF_NOT_PRESENT ("IfNotPresent"), ImagePullPolicy.NEVER ("Never")).');
    expect(msg).toContain('[api/wrong-type] addContainer(container).ports[0].protocol: must be a value of Protocol (got ""; allowed: Protocol.TCP ("TCP"), Protocol.UDP ("UDP"), Protocol.SCTP ("SCTP")).');
  });
});
