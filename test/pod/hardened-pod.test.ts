import { ApiObject, App, Chart, IResolver, JsonPatch, ResolutionContext, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { describe, expect, it } from 'vitest';
import { byKind, synth, synthProblems, validationErrors } from './support';
import {
  AppArmorProfile, CapabilityGrant, HardenedPod, NetworkIsolation, OptOut, PodSecurityLevel, Probe, ProbeScheme, RunAs, SeccompProfile,
  TaintEffect, TolerationOperator, UserNamespace, Volume,
} from '../../lib';
import { checkPodSecurity } from '../../lib/check/pss';
import { expectValid } from '../support/oracle';

function setup() {
  const app = Testing.app();
  const chart = new Chart(app, 'c', { namespace: 'apps' });
  return { app, chart };
}

function only(image = 'nginx:1.27', props: any = {}) {
  const { app, chart } = setup();
  const pod = new HardenedPod(chart, 'web', { containers: [{ image }], ...props });
  const objs = synth(app, chart);
  return { app, chart, pod, objs, p: byKind(objs, 'Pod')[0] };
}

describe('HardenedPod defaults', () => {
  it('synthesises a Pod, ServiceAccount and NetworkPolicy that pass the oracle and PSS restricted', async () => {
    const { objs, p } = only();
    expect(objs.map((o) => o.kind)).toEqual(['Pod', 'ServiceAccount', 'NetworkPolicy']);
    await expectValid(objs);
    expect(checkPodSecurity(p, 'restricted')).toEqual([]);
  });

  it('exposes the resolved defaults', () => {
    const { pod } = only();
    expect(pod.writablePaths).toEqual(['/tmp']);
    expect(pod.isolated).toBe(true);
    expect(pod.restartPolicy).toBe('Always');
    expect(pod.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    expect(pod.seccompProfile).toBeInstanceOf(SeccompProfile);
  });

  it('writes every documented @default', () => {
    const { p, objs } = only();
    const s = p.spec;
    // HardeningOptions defaults
    expect(s.hostUsers).toBe(false); // userNamespace: UserNamespace.own()
    expect(s.securityContext).toEqual({ // runAs: RunAs.user(65532, 65532), seccomp/appArmor RuntimeDefault
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
      appArmorProfile: { type: 'RuntimeDefault' },
    });
    expect(s.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]); // writablePaths ['/tmp'], writablePathSizeLimit '64Mi'
    expect(s.automountServiceAccountToken).toBe(false); // mountServiceAccountToken
    expect(s.restartPolicy).toBe('Always'); // restartPolicy: RestartPolicy.ALWAYS
    expect(s.hostNetwork).toBeUndefined();
    const c = s.containers[0];
    expect(c.name).toBe('nginx'); // name derived from the image
    expect(c.imagePullPolicy).toBe('Always'); // ImagePullPolicy.ALWAYS
    expect(c.resources).toEqual({ // ContainerResources defaults
      requests: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
    });
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
    });
    expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(p.metadata.annotations).toBeUndefined(); // nothing opted out
    // serviceAccountName: a dedicated ServiceAccount without token
    const sa = byKind(objs, 'ServiceAccount')[0];
    expect(s.serviceAccountName).toBe(sa.metadata.name);
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(sa.metadata.namespace).toBe('apps');
    // networkIsolation: NetworkIsolation.defaultDeny()
    const np = byKind(objs, 'NetworkPolicy')[0];
    expect(np.spec).toEqual({
      podSelector: { matchLabels: p.metadata.labels },
      policyTypes: ['Ingress', 'Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      }],
    });
  });

  it('derives stable, unique container names from images', () => {
    const { app, chart } = setup();
    const pod = new HardenedPod(chart, 'p', { containers: [{ image: 'ghcr.io/org/My_App:1.0@sha256:' + 'a'.repeat(64) }, { image: 'ghcr.io/org/my_app:2' }] });
    pod.addInitContainer({ image: 'busybox:1.36' });
    expect(pod.containerNames).toEqual(['my-app', 'my-app-2']);
    expect(pod.initContainerNames).toEqual(['busybox']);
    expect(validationErrors(app)).toEqual([]);
  });

  it('mounts container writable paths (nginx) next to /tmp', async () => {
    const { app, chart } = setup();
    new HardenedPod(chart, 'p', { containers: [{ image: 'nginx:1.27', writablePaths: ['/var/cache/nginx', '/var/run'] }] });
    const objs = synth(app, chart);
    const p = byKind(objs, 'Pod')[0];
    expect(p.spec.containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp', '/var/cache/nginx', '/var/run']);
    expect(p.spec.volumes.map((v: any) => v.name)).toEqual(['tmp', 'var-cache-nginx', 'var-run']);
    await expectValid(objs);
  });

  it('renders typed containers, volumes and probes', async () => {
    const { app, chart } = setup();
    new HardenedPod(chart, 'p', {
      volumes: [Volume.configMap('conf', 'app-conf'), Volume.secret('creds', 'app-creds'), Volume.emptyDir('cache', { sizeLimit: '1Gi', memory: true })],
      containers: [{
        name: 'app',
        image: 'registry.example/app:1.2.3',
        command: ['/app'],
        args: ['--port=8080'],
        workingDir: '/srv',
        env: [{ name: 'MODE', value: 'prod' }, { name: 'POD', fieldPath: 'metadata.name' }],
        ports: [{ number: 8080, name: 'http' }],
        volumeMounts: [{ volume: 'conf', mountPath: '/etc/app', readOnly: true }, { volume: 'cache', mountPath: '/cache' }],
        resources: { memoryRequest: '1Gi' },
        readiness: Probe.httpGet('/ready', 8080),
        liveness: Probe.tcpSocket(8080, { periodSeconds: 20 }),
        startup: Probe.exec(['/app', 'check'], { failureThreshold: 30 }),
      }],
    });
    const objs = synth(app, chart);
    const c = byKind(objs, 'Pod')[0].spec.containers[0];
    expect(c.resources.requests.memory).toBe('1Gi');
    expect(c.resources.limits.memory).toBe('1Gi'); // limit raised to the request, never below
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080 } });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 8080 }, periodSeconds: 20 });
    expect(c.env[1]).toEqual({ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    await expectValid(objs);
  });
});

describe('HardenedPod opt-outs are recorded', () => {
  const cases: Array<[string, any, string]> = [
    ['run-as-root', { runAs: RunAs.rootInUserNamespace(OptOut.because('nginx master runs as root')) }, 'nginx master runs as root'],
    ['image-user', { runAs: RunAs.imageUser(OptOut.because('image has USER 10001')) }, 'image has USER 10001'],
    ['host-users', { userNamespace: UserNamespace.host(OptOut.because('kernel 5.15 nodes')) }, 'kernel 5.15 nodes'],
    ['seccomp-localhost', { seccompProfile: SeccompProfile.localhost('profiles/app.json', 'audited profile') }, 'audited profile'],
    ['seccomp-unconfined', { seccompProfile: SeccompProfile.unconfined(OptOut.because('legacy syscalls')) }, 'legacy syscalls'],
    ['apparmor-localhost', { appArmorProfile: AppArmorProfile.localhost('k8s-custom') }, 'node-local AppArmor profile k8s-custom'],
    ['apparmor-unconfined', { appArmorProfile: AppArmorProfile.unconfined(OptOut.because('debugging')) }, 'debugging'],
    ['net-bind-service', { addCapabilities: CapabilityGrant.netBindService(OptOut.because('binds :80')) }, 'binds :80'],
    ['capabilities', { addCapabilities: CapabilityGrant.of(['CHOWN', 'SETUID'], OptOut.because('entrypoint chowns')) }, 'entrypoint chowns'],
    ['privilege-escalation', { allowPrivilegeEscalation: OptOut.because('setuid helper') }, 'setuid helper'],
    ['read-only-root-filesystem', { writableRootFilesystem: OptOut.because('legacy app writes everywhere') }, 'legacy app writes everywhere'],
    ['service-account-token', { mountServiceAccountToken: OptOut.because('talks to the API') }, 'talks to the API'],
    ['network-isolation', { networkIsolation: NetworkIsolation.none(OptOut.because('mesh handles it')) }, 'mesh handles it'],
  ];
  it.each(cases)('records %s', async (name, props, reason) => {
    const { p, objs } = only('nginx:1.27', props);
    expect(p.metadata.annotations[`haru.cdk8s.io/opt-out.${name}`]).toBe(reason);
    await expectValid(objs);
  });

  it('runs root inside the user namespace and stays restricted', () => {
    const { p, pod } = only('nginx:1.27', { runAs: RunAs.rootInUserNamespace(OptOut.because('nginx master runs as root')) });
    expect(p.spec.securityContext).toMatchObject({ runAsUser: 0, runAsGroup: 0, runAsNonRoot: false });
    expect(p.spec.containers[0].securityContext.runAsNonRoot).toBe(false);
    expect(p.spec.hostUsers).toBe(false);
    expect(pod.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
  });

  it('reports a pod with extra capabilities as baseline', () => {
    const { p, pod } = only('nginx:1.27', { addCapabilities: CapabilityGrant.of(['CHOWN'], OptOut.because('chown')) });
    expect(pod.podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
    expect(p.metadata.annotations['haru.cdk8s.io/pod-security-level']).toBe('baseline');
    expect(p.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['CHOWN'] });
  });

  it('reports a privileged pod as privileged', () => {
    const { app, chart } = setup();
    const pod = new HardenedPod(chart, 'p', { userNamespace: UserNamespace.host(OptOut.because('device plugin')), allowPrivileged: OptOut.because('device plugin'), containers: [{ image: 'x:1', privileged: true }] });
    const p = byKind(synth(app, chart), 'Pod')[0];
    expect(pod.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    expect(p.metadata.annotations).toMatchObject({ 'haru.cdk8s.io/opt-out.privileged': 'device plugin', 'haru.cdk8s.io/pod-security-level': 'privileged' });
  });

  it('leaves the UID to the image but keeps runAsNonRoot', () => {
    const { p } = only('app:1', { runAs: RunAs.imageUser(OptOut.because('image has USER 10001')) });
    expect(p.spec.securityContext.runAsUser).toBeUndefined();
    expect(p.spec.securityContext.runAsNonRoot).toBe(true);
  });

  it('fails when an opt-out has no reason', () => {
    expect(() => OptOut.because(' ')).toThrow('reason: an opt-out needs a reason (got " "; allowed: a non-empty sentence). Say why the default is relaxed, e.g. OptOut.because("nginx binds port 80").');
  });
});

describe('HardenedPod refusals', () => {
  const make = (props: any) => () => new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1' }], ...props });
  it('fails when root is asked for outside a user namespace', () => {
    expect(make({ runAs: RunAs.rootInUserNamespace(OptOut.because('root')), userNamespace: UserNamespace.host(OptOut.because('old kernel')) }))
      .toThrow("[harden/run-as-root] spec.hostUsers: root is only allowed inside the pod's own user namespace (got \"UserNamespace.host(reason)\"; allowed: UserNamespace.own()). Drop the userNamespace opt-out, or run as a non-root user with RunAs.user(uid).");
  });
  it('fails when hostNetwork is asked for', () => {
    expect(make({ hostNetwork: true })).toThrow("hostNetwork: must not share a host namespace in a hardened pod (got true; allowed: false or unset). Remove hostNetwork, or pass allowHostNamespaces: OptOut.because('<reason>') with userNamespace: UserNamespace.host(reason) (the pod is then reported as not restricted).");
  });
  it('fails when hostPID is opted in but the pod keeps its user namespace (API server rule)', () => {
    expect(make({ hostPid: true, allowHostNamespaces: OptOut.because('node agent') }))
      .toThrow("[harden/host-namespaces] hostPid: needs the host user namespace: the API server forbids host namespaces with hostUsers: false (got true; allowed: false or unset, or userNamespace: UserNamespace.host(reason)). Pass userNamespace: UserNamespace.host(OptOut.because('<reason>')) as well, or remove hostPID.");
  });
  it('fails when a hostPath volume is added', () => {
    expect(make({ volumes: [Volume.hostPath('h', '/var/log')] })).toThrow("volumes[0]: must not mount a host path in a hardened pod (got {\"path\":\"/var/log\"}; allowed: emptyDir, configMap, secret, persistentVolumeClaim, projected, csi, ephemeral, image). Use another volume type, or pass allowHostPath: OptOut.because('<reason>') (the pod is then reported as not restricted).");
  });
  it('fails when a host port is asked for', () => {
    expect(() => new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1', ports: [{ number: 80, hostPort: 80 }] }] }))
      .toThrow("containers[0].ports[0].hostPort: must not use a host port in a hardened pod (got 80; allowed: 0 or unset). Expose the port through a Service, or pass allowHostPorts: OptOut.because('<reason>') (the pod is then reported as not restricted).");
  });
  it('fails when a container asks to be privileged', () => {
    expect(() => new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1', privileged: true }] }))
      .toThrow("containers[0].privileged: must not be true in a hardened pod (got true; allowed: false). Remove it, or pass allowPrivileged: OptOut.because('<reason>') (the pod is then reported as not restricted).");
  });
  it('names the prop the user wrote, not the rendered field: sidecars and init containers by their own lists', () => {
    const props = {
      sidecars: [{ image: 's:1' }],
      initContainers: [{ image: 'i:1' }, { image: 'j:1', privileged: true }],
      containers: [{ image: 'x:1', ports: [{ number: 8080, hostPort: 80 }] }],
    };
    expect(() => new HardenedPod(setup().chart, 'p', props)).toThrow('[harden/privileged] initContainers[1].privileged: must not be true');
    expect(() => new HardenedPod(setup().chart, 'p', props)).toThrow('[harden/host-ports] containers[0].ports[0].hostPort: must not use a host port');
    expect(() => new HardenedPod(setup().chart, 'q', { sidecars: [{ image: 's:1', privileged: true }], containers: [{ image: 'x:1' }] }))
      .toThrow('[harden/privileged] sidecars[0].privileged: must not be true');
  });
  it('fails when a profile is Unconfined without an opt-out (value classes need one)', () => {
    expect(() => SeccompProfile.unconfined(OptOut.because(''))).toThrow('an opt-out needs a reason');
  });
  it('fails when a seccomp Localhost path escapes the profile directory', () => {
    expect(() => SeccompProfile.localhost('/etc/x.json')).toThrow('seccompProfile.localhostProfile: must be a descending path relative to the kubelet seccomp directory (got "/etc/x.json"; allowed: a relative path without parent-directory segments). e.g. SeccompProfile.localhost("profiles/app.json").');
  });
  it('fails when an Unconfined container profile comes in through a JSON patch', () => {
    const { app, chart } = setup();
    const pod = new HardenedPod(chart, 'p', { containers: [{ image: 'x:1' }] });
    ApiObject.of(pod).addJsonPatch(JsonPatch.add('/spec/containers/0/securityContext/seccompProfile', { type: 'Unconfined' }));
    expect(synthProblems(app)).toContain('[pss/seccompProfile_restricted] spec.containers[0].securityContext.seccompProfile.type: must be RuntimeDefault or Localhost (got "Unconfined"');
  });
  it('fails when a JSON patch sets localhostProfile without type Localhost', () => {
    const { app, chart } = setup();
    const pod = new HardenedPod(chart, 'p', { containers: [{ image: 'x:1' }] });
    ApiObject.of(pod).addJsonPatch(JsonPatch.add('/spec/securityContext/appArmorProfile/localhostProfile', 'k8s-custom'));
    expect(synthProblems(app)).toContain('[pod/localhost-profile] spec.securityContext.appArmorProfile.localhostProfile: may only be set when type is Localhost (got "k8s-custom"; allowed: unset). Set appArmorProfile.type: Localhost or remove localhostProfile.');
  });
  it('fails when a capability is added without a grant', () => {
    const { app, chart } = setup();
    const pod = new HardenedPod(chart, 'p', { containers: [{ image: 'x:1' }] });
    ApiObject.of(pod).addJsonPatch(JsonPatch.add('/spec/containers/0/securityContext/capabilities/add', ['SYS_ADMIN']));
    expect(synthProblems(app)).toContain('[pss/capabilities_restricted] spec.containers[0].securityContext.capabilities.add[0]: must not add a capability other than NET_BIND_SERVICE (got "SYS_ADMIN"; allowed: NET_BIND_SERVICE).');
  });
  it('fails when a container name is taken', () => {
    const pod = new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1', name: 'app' }] });
    expect(() => pod.addContainer({ image: 'y:1', name: 'app' })).toThrow('containers[1].name: must be unique across init and app containers (got "app"; allowed: a new name). Rename the container.');
  });
  it('fails when a volume name is taken', () => {
    const pod = new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1' }], volumes: [Volume.emptyDir('data')] });
    expect(() => pod.addVolume(Volume.configMap('data', 'cm'))).toThrow('volumes[1]: already has a volume with this name (got "data"; allowed: a new name). Rename the volume.');
  });
  it('fails when a UID is 0 or lower', () => {
    expect(() => RunAs.user(0)).toThrow("[RunAs.user] invalid input:\n  - [harden/input] runAsUser: must be an integer from 1 to 2147483647 (got 0; allowed: 1 to 2147483647). Run as root only inside the user namespace with RunAs.rootInUserNamespace(OptOut.because('<reason>')), or pick a non-root ID.");
  });
  it('fails at synth when the pod has no app container', () => {
    const { app, chart } = setup();
    new HardenedPod(chart, 'p');
    expect(validationErrors(app)).toEqual(['[harden/containers] containers: a pod needs at least one app container (got none; allowed: one or more containers). Pass containers or call addContainer().']);
  });
});

describe('addResourceClaim', () => {
  it('renders spec.resourceClaims and resources.claims on all app containers by default', async () => {
    const { app, chart } = setup();
    const pod = new HardenedPod(chart, 'p', { containers: [{ image: 'cuda:12', name: 'train' }, { image: 'side:1', name: 'side' }], initContainers: [{ image: 'init:1' }] });
    pod.addResourceClaim({ name: 'gpu', resourceClaimTemplateName: 'one-gpu' });
    pod.addResourceClaim({ name: 'shared', resourceClaimName: 'shared-gpu', containers: ['train'], request: 'gpu' });
    const p = byKind(synth(app, chart), 'Pod')[0];
    expect(p.spec.resourceClaims).toEqual([{ name: 'gpu', resourceClaimTemplateName: 'one-gpu' }, { name: 'shared', resourceClaimName: 'shared-gpu' }]);
    expect(p.spec.containers[0].resources.claims).toEqual([{ name: 'gpu' }, { name: 'shared', request: 'gpu' }]);
    expect(p.spec.containers[1].resources.claims).toEqual([{ name: 'gpu' }]);
    expect(p.spec.initContainers[0].resources.claims).toBeUndefined();
    await expectValid(p);
  });
  it('fails when both claim names are given', () => {
    const pod = new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1' }] });
    expect(() => pod.addResourceClaim({ name: 'gpu', resourceClaimName: 'a', resourceClaimTemplateName: 'b' })).toThrow('resourceClaims[gpu]: must set exactly one of resourceClaimName and resourceClaimTemplateName');
  });
  it('fails when a claim name repeats for another claim', () => {
    const pod = new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1' }] });
    pod.addResourceClaim({ name: 'gpu', resourceClaimName: 'a' });
    expect(() => pod.addResourceClaim({ name: 'gpu', resourceClaimName: 'b' })).toThrow('[harden/duplicate] resourceClaims[].name: is already used by the pod for ResourceClaim "a" (got "gpu" for ResourceClaim "b"; allowed: a name no other claim of the pod uses). Give this claim another pod claim name; to give more containers ResourceClaim "a", call again with the same name and claim.');
  });
  it('splits one claim between containers by request: one resourceClaims entry, {name, request} per container', async () => {
    const { chart } = setup();
    const pod = new HardenedPod(chart, 'p', { containers: [{ name: 'app', image: 'x:1' }, { name: 'llm', image: 'y:1' }] });
    pod.addResourceClaim({ name: 'gpu', resourceClaimTemplateName: 't', containers: ['app'], request: 'small' });
    pod.addResourceClaim({ name: 'gpu', resourceClaimTemplateName: 't', containers: ['llm'], request: 'large' });
    const spec = Testing.synth(chart).find((o: any) => o.kind === 'Pod').spec;
    expect(spec.resourceClaims).toEqual([{ name: 'gpu', resourceClaimTemplateName: 't' }]);
    expect(spec.containers.map((c: any) => c.resources.claims)).toEqual([[{ name: 'gpu', request: 'small' }], [{ name: 'gpu', request: 'large' }]]);
  });
  it('fails when the same container gets the same request of a claim twice, without advising a second claim', () => {
    const pod = new HardenedPod(setup().chart, 'p', { containers: [{ name: 'app', image: 'x:1' }, { name: 'llm', image: 'y:1' }] });
    pod.addResourceClaim({ name: 'gpu', resourceClaimTemplateName: 't', containers: ['app', 'llm'], request: 'small' });
    let message = '';
    try {
      pod.addResourceClaim({ name: 'gpu', resourceClaimTemplateName: 't', containers: ['llm'], request: 'small' });
    } catch (e: any) {
      message = e.message;
    }
    expect(message).toContain('[harden/duplicate] resourceClaims[gpu].containers: already gives request "small" of pod claim "gpu" to this container (got ["llm"]; allowed: containers that do not have it yet). Drop the repeated call; to split the claim\'s devices between containers, give each container a different request.');
    expect(message).not.toMatch(/[Rr]ename/);
  });
  it('fails at synth when a claim names an unknown container, and passes once it is added', () => {
    const { app, chart } = setup();
    const pod = new HardenedPod(chart, 'p', { containers: [{ image: 'x:1', name: 'app' }] });
    pod.addResourceClaim({ name: 'gpu', resourceClaimName: 'a', containers: ['trainer'] });
    expect(validationErrors(app)).toEqual(['[harden/resource-claim] resourceClaims[gpu].containers: names no container of the pod (got "trainer"; allowed: app). Add the container first or fix the name.']);
    pod.addContainer({ image: 'cuda:12', name: 'trainer' });
    expect(validationErrors(app)).toEqual([]);
  });
});

describe('cdk8s-plus interop', () => {
  it('a kplus Service selects the pod and kplus policies use it as a peer', async () => {
    const { app, chart } = setup();
    const pod = new HardenedPod(chart, 'web', { containers: [{ image: 'nginx:1.27', ports: [{ number: 8080 }] }] });
    const client = new kplus.Pod(chart, 'client', { containers: [{ image: 'curl:8' }] });
    new kplus.Service(chart, 'svc', { selector: pod, ports: [{ port: 80, targetPort: 8080 }] });
    pod.allowFrom(client, [kplus.NetworkPolicyPort.tcp(8080)]);
    client.connections.allowTo(pod, { isolation: kplus.PodConnectionsIsolation.POD });
    const objs = synth(app, chart);
    const podObj = byKind(objs, 'Pod').find((o) => o.metadata.name.includes('web'));
    const svc = byKind(objs, 'Service')[0];
    expect(svc.spec.selector).toEqual(podObj.metadata.labels);
    const policies = byKind(objs, 'NetworkPolicy');
    const own = policies.find((n) => n.spec.podSelector.matchLabels['cdk8s.io/metadata.addr'] === podObj.metadata.labels['cdk8s.io/metadata.addr']);
    expect(own.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { 'cdk8s.io/metadata.addr': client.toPodSelectorConfig().labelSelector._toKube().matchLabels!['cdk8s.io/metadata.addr'] } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
    const clientPolicy = policies.find((n) => n.spec.egress && n.spec.podSelector.matchLabels['cdk8s.io/metadata.addr'] !== podObj.metadata.labels['cdk8s.io/metadata.addr']);
    expect(JSON.stringify(clientPolicy.spec.egress)).toContain(podObj.metadata.labels['cdk8s.io/metadata.addr']);
    await expectValid([podObj, svc, ...policies]);
  });
});

describe('eager checks through lib/check', () => {
  it('fails in the constructor when a resource quantity is not a quantity', () => {
    expect(() => new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1', resources: { memoryLimit: '512MB' } }] }))
      .toThrow('containers[0].resources.memoryLimit');
  });
  it('fails in addContainer when a request exceeds its limit', () => {
    const pod = new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1' }] });
    expect(() => pod.addContainer({ image: 'y:1', resources: { cpuRequest: '2', cpuLimit: '1' } }))
      .toThrow('[pod/resources] containers[1].resources.cpuRequest: must be less than or equal to the cpu limit (got "2"; allowed: <= 1). Lower the request or raise the limit.');
  });
});

describe('the final check at serialisation', () => {
  // The spec is checked once, eagerly; at serialisation only what can still change is
  // checked again, unless the spec itself may differ from what was checked.
  it('still sees a label added to the Pod after construction', () => {
    const { app, chart } = setup();
    const pod = new HardenedPod(chart, 'p', { containers: [{ image: 'x:1' }] });
    pod.apiObject.metadata.addLabel('bad key', 'v');
    expect(synthProblems(app)).toContain('[schema/metadata] metadata.labels["bad key"]: label key');
  });
  it('still sees a deprecated AppArmor annotation that disables AppArmor', () => {
    const { app, chart } = setup();
    const pod = new HardenedPod(chart, 'p', { containers: [{ image: 'x:1' }] });
    pod.apiObject.metadata.addAnnotation('container.apparmor.security.beta.kubernetes.io/x', 'unconfined');
    expect(synthProblems(app)).toContain('[pss/appArmorProfile] metadata.annotations["container.apparmor.security.beta.kubernetes.io/x"]: must not disable AppArmor');
  });
  it('checks the whole spec again when a custom resolver could have changed it', () => {
    class Escalate implements IResolver {
      public resolve(ctx: ResolutionContext): void {
        if (ctx.key[ctx.key.length - 1] === 'allowPrivilegeEscalation' && ctx.value === false) ctx.replaceValue(true);
      }
    }
    const app = new App({ resolvers: [new Escalate()], outdir: Testing.app().outdir });
    const chart = new Chart(app, 'c');
    new HardenedPod(chart, 'p', { containers: [{ image: 'x:1' }] });
    expect(synthProblems(app)).toContain('[pss/allowPrivilegeEscalation] spec.containers[0].securityContext.allowPrivilegeEscalation: must be set to false (got true; allowed: false).');
  });
  it('checks the whole spec again when an eager refusal was caught and ignored', () => {
    const { app, chart } = setup();
    const pod = new HardenedPod(chart, 'p', { containers: [{ image: 'x:1' }] });
    expect(() => pod.addContainer({ image: 'y:1', resources: { cpuRequest: '2', cpuLimit: '1' } })).toThrow('[pod/resources]');
    expect(synthProblems(app)).toContain('[pod/resources] spec.containers[1].resources.requests["cpu"]: must be less than or equal to the cpu limit');
  });
  it('renders the same JSON as cdk8s would for the Pod, ServiceAccount and NetworkPolicy', () => {
    const { chart } = setup();
    const pod = new HardenedPod(chart, 'p', { containers: [{ image: 'x:1', env: [{ name: 'A', value: 'b' }] }], volumes: [Volume.emptyDir('data')] });
    pod.allowFrom(kplus.Pods.select(chart, 'peer', { labels: { app: 'peer' } }), [kplus.NetworkPolicyPort.tcp(8080)]);
    const objs = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    expect(objs.length).toBe(3);
    for (const o of objs) expect(JSON.stringify(o.toJson())).toBe(JSON.stringify(ApiObject.prototype.toJson.call(o)));
  });
});

describe('environment sources', () => {
  it('renders ConfigMap keys, resource fields and envFrom ConfigMaps', async () => {
    const { app, chart } = setup();
    new HardenedPod(chart, 'p', {
      containers: [{
        name: 'app',
        image: 'x:1',
        env: [
          { name: 'LEVEL', configMapKey: { name: 'app-conf', key: 'log-level' } },
          { name: 'OPT', configMapKey: { name: 'app-conf', key: 'extra', optional: true } },
          { name: 'MEM', resourceField: 'limits.memory' },
        ],
        envFrom: [{ configMap: 'app-env', prefix: 'APP_' }, { configMap: 'more-env', optional: true }],
      }],
    });
    const objs = synth(app, chart);
    const c = byKind(objs, 'Pod')[0].spec.containers[0];
    expect(c.env).toEqual([
      { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'app-conf', key: 'log-level' } } },
      { name: 'OPT', valueFrom: { configMapKeyRef: { name: 'app-conf', key: 'extra', optional: true } } },
      { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
    ]);
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'app-env' }, prefix: 'APP_' }, { configMapRef: { name: 'more-env', optional: true } }]);
    await expectValid(objs);
  });
  it('fails when a Secret key goes into the environment without an opt-out', () => {
    expect(() => new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1', env: [{ name: 'PW', secretKey: { name: 'db', key: 'password' } }] }] }))
      .toThrow("[harden/secret-env] containers[0].env[0].secretKey: must not put a Secret value into the environment of a hardened container (got {\"name\":\"db\",\"key\":\"password\"}; allowed: a Secret mounted as a volume). Mount the Secret with Volume.secret and read the file (many images take <VAR>_FILE), or pass allowSecretsInEnv: OptOut.because('<reason>').");
  });
  it('fails when envFrom takes a whole Secret without an opt-out', () => {
    expect(() => new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1', envFrom: [{ secret: 'db' }] }] }))
      .toThrow('[harden/secret-env] containers[0].envFrom[0].secret: must not put a Secret value into the environment');
  });
  it('renders Secret environment sources with allowSecretsInEnv and records secret-env', async () => {
    const { p, objs } = only('x:1', {
      allowSecretsInEnv: OptOut.because('vendor image reads DB_PASSWORD only'),
      containers: [{ image: 'x:1', env: [{ name: 'DB_PASSWORD', secretKey: { name: 'db', key: 'password' } }], envFrom: [{ secret: 'api-keys', prefix: 'KEY_' }] }],
    });
    const c = p.spec.containers[0];
    expect(c.env).toEqual([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }]);
    expect(c.envFrom).toEqual([{ secretRef: { name: 'api-keys' }, prefix: 'KEY_' }]);
    expect(p.metadata.annotations['haru.cdk8s.io/opt-out.secret-env']).toBe('vendor image reads DB_PASSWORD only');
    expect(checkPodSecurity(p, 'restricted')).toEqual([]);
    await expectValid(objs);
  });
  it('fails when an environment variable names two sources', () => {
    expect(() => new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1', env: [{ name: 'A', value: 'x', configMapKey: { name: 'c', key: 'k' } }] }] }))
      .toThrow('[harden/env] containers[0].env[0]: must set exactly one source (got ["value","configMapKey"]; allowed: one of value, fieldPath, resourceField, configMapKey, secretKey). Keep one source for "A".');
  });
  it('fails when an envFrom entry names both a ConfigMap and a Secret, or neither', () => {
    expect(() => new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1', envFrom: [{ configMap: 'a', secret: 'b' }] }] }))
      .toThrow('[harden/env] containers[0].envFrom[0]: must name exactly one of configMap and secret');
    expect(() => new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1', envFrom: [{ prefix: 'P_' }] }] }))
      .toThrow('[harden/env] containers[0].envFrom[0]: must name exactly one of configMap and secret');
  });
});

describe('scheduling props', () => {
  it('renders nodeSelector, tolerations, imagePullSecrets, priorityClassName and terminationGracePeriodSeconds', async () => {
    const { p, objs } = only('x:1', {
      nodeSelector: { 'kubernetes.io/arch': 'arm64' },
      tolerations: [
        { key: 'nvidia.com/gpu', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE },
        { key: 'node.kubernetes.io/unreachable', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_EXECUTE, tolerationSeconds: 30 },
      ],
      imagePullSecrets: ['registry-creds'],
      priorityClassName: 'high',
      terminationGracePeriodSeconds: 10,
    });
    expect(p.spec.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64' });
    expect(p.spec.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
    ]);
    expect(p.spec.imagePullSecrets).toEqual([{ name: 'registry-creds' }]);
    expect(p.spec.priorityClassName).toBe('high');
    expect(p.spec.terminationGracePeriodSeconds).toBe(10);
    await expectValid(objs);
  });
  it('fails in the constructor when a toleration breaks the API server rules', () => {
    expect(() => new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1' }], tolerations: [{ key: 'k', effect: TaintEffect.NO_SCHEDULE, tolerationSeconds: 5 }] }))
      .toThrow("[pod/toleration] tolerations[0].effect: must be 'NoExecute' when tolerationSeconds is set");
  });
  it('fails when a toleration enum, the grace period or a pull secret name is not valid', () => {
    expect(() => new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1' }], tolerations: [{ operator: 'Gt' as TolerationOperator }] }))
      .toThrow('[api/wrong-type] tolerations[0].operator: must be a value of TolerationOperator (got "Gt"; allowed: TolerationOperator.EQUAL ("Equal"), TolerationOperator.EXISTS ("Exists")).');
    expect(() => new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1' }], terminationGracePeriodSeconds: -1 }))
      .toThrow('[harden/input] terminationGracePeriodSeconds: must be a whole number of seconds, 0 or more (got -1; allowed: 0, 1, 2, ...). Use e.g. 30, or leave it unset.');
    expect(() => new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1' }], imagePullSecrets: ['Bad_Name'] }))
      .toThrow('[harden/input] imagePullSecrets[0]:');
  });
});

describe('sidecars and init containers', () => {
  it('renders sidecars as hardened init containers with restartPolicy Always, before the init containers', async () => {
    const { app, chart } = setup();
    const pod = new HardenedPod(chart, 'p', {
      initContainers: [{ image: 'busybox:1.36', name: 'migrate', command: ['/migrate'] }],
      sidecars: [{ image: 'fluent/fluent-bit:3.1', name: 'logs', readiness: Probe.httpGet('/health', 2020) }],
      containers: [{ image: 'x:1' }],
    });
    const late = pod.addSidecar({ image: 'envoyproxy/envoy:v1.31' });
    expect(late).toBe('envoy');
    expect(pod.sidecarNames).toEqual(['logs', 'envoy']);
    expect(pod.initContainerNames).toEqual(['logs', 'migrate', 'envoy']);
    const objs = synth(app, chart);
    const p = byKind(objs, 'Pod')[0];
    expect(p.spec.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['logs', 'Always'], ['migrate', undefined], ['envoy', 'Always']]);
    const logs = p.spec.initContainers[0];
    expect(logs.readinessProbe).toEqual({ httpGet: { path: '/health', port: 2020 } });
    expect(logs.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true });
    expect(checkPodSecurity(p, 'restricted')).toEqual([]);
    await expectValid(objs);
  });
  it('fails when an init container that is not a sidecar has a probe', () => {
    expect(() => new HardenedPod(setup().chart, 'p', { initContainers: [{ image: 'busybox:1.36', readiness: Probe.exec(['true']) }], containers: [{ image: 'x:1' }] }))
      .toThrow('[pod/init-container] initContainers[0].readiness: may not be set for init containers without restartPolicy=Always (got {"exec":{"command":["true"]}}; allowed: unset, or restartPolicy: Always (a sidecar)). Remove readinessProbe, or make the container a sidecar with restartPolicy: Always.');
  });
});

describe('probes', () => {
  it('renders gRPC probes, HTTPS probes and successThreshold', async () => {
    const { p, objs } = only('x:1', {
      containers: [{
        image: 'x:1',
        readiness: Probe.grpc(9090, { service: 'ready', successThreshold: 2 }),
        liveness: Probe.httpGet('/healthz', 8443, { scheme: ProbeScheme.HTTPS, periodSeconds: 20 }),
        startup: Probe.grpc(9090),
      }],
    });
    const c = p.spec.containers[0];
    expect(c.readinessProbe).toEqual({ grpc: { port: 9090, service: 'ready' }, successThreshold: 2 });
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 8443, scheme: 'HTTPS' }, periodSeconds: 20 });
    expect(c.startupProbe).toEqual({ grpc: { port: 9090 } });
    await expectValid(objs);
  });
  it('fails in the constructor when a liveness probe wants more than one success', () => {
    expect(() => new HardenedPod(setup().chart, 'p', { containers: [{ image: 'x:1', liveness: Probe.tcpSocket(80, { successThreshold: 2 }) }] }))
      .toThrow('[pod/probe] containers[0].liveness.successThreshold: must be 1 (got 2; allowed: 1).');
  });
});
