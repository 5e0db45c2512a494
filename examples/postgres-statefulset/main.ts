/**
 * postgres:17 as a cdk8s-plus StatefulSet, hardened: each replica gets its own 10Gi
 * PersistentVolumeClaim from a volume claim template, the processes run as the image's
 * fixed postgres UID/GID 999 (recorded as the opt-out low-uid; fsGroup 999 makes the
 * volume writable), in their own user namespace, with a read-only root filesystem. The
 * password comes from an existing Secret `postgres-credentials` (key `password`) mounted
 * as a file. Passes Pod Security Standards restricted.
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { PodSecurity, PodSecurityLevel, RunAs, WorkloadHardening } from '../../lib';

const app = new App();
const chart = new Chart(app, 'postgres-statefulset', { namespace: 'apps' });

const service = new kplus.Service(chart, 'headless', { clusterIP: 'None', ports: [{ port: 5432, name: 'postgres' }] });
const credentials = kplus.Volume.fromSecret(chart, 'credentials',
  kplus.Secret.fromSecretName(chart, 'postgres-credentials', 'postgres-credentials'), { defaultMode: 0o400 });
const db = new kplus.StatefulSet(chart, 'db', {
  service,
  replicas: 1,
  volumes: [credentials],
  containers: [{
    name: 'postgres',
    image: 'postgres:17',
    portNumber: 5432,
    envVariables: {
      PGDATA: kplus.EnvValue.fromValue('/var/lib/postgresql/data/pgdata'),
      POSTGRES_PASSWORD_FILE: kplus.EnvValue.fromValue('/run/secrets/postgres/password'),
    },
    resources: {
      cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(2) },
      memory: { request: Size.gibibytes(1), limit: Size.gibibytes(1) },
    },
    readiness: kplus.Probe.fromCommand(['pg_isready', '-U', 'postgres', '-h', '127.0.0.1']),
    volumeMounts: [{ path: '/run/secrets/postgres', volume: credentials, readOnly: true }],
  }],
});

WorkloadHardening.apply(db, {
  runAs: RunAs.user(999, 999, 'the postgres image owns its files as UID/GID 999'),
  // unix socket directory
  writablePaths: ['/tmp', '/var/run/postgresql'],
  volumeClaimTemplates: [{
    name: 'data',
    storage: '10Gi',
    mounts: [{ mountPath: '/var/lib/postgresql/data' }],
  }],
}).allowFrom(db, [kplus.NetworkPolicyPort.tcp(5432)]);

PodSecurity.enforce(chart, PodSecurityLevel.RESTRICTED);
app.synth();
