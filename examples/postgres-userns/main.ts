/**
 * postgres:16 with a 10Gi PersistentVolumeClaim, in its own user namespace, as UID/GID
 * 65532 (the image's entrypoint supports arbitrary UIDs), read-only root filesystem.
 * The password comes from an existing Secret `postgres-credentials` (key `password`)
 * mounted as a file — never as an environment variable.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { HardenedPod, PodSecurity, PodSecurityLevel, Probe, Volume } from '../../lib';

const app = new App();
const chart = new Chart(app, 'postgres-userns', { namespace: 'apps' });

const pvc = new ApiObject(chart, 'data', {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
});

new HardenedPod(chart, 'db', {
  volumes: [
    Volume.persistentVolumeClaim('data', pvc.name),
    Volume.secret('credentials', 'postgres-credentials'),
  ],
  containers: [{
    image: 'postgres:16',
    ports: [{ number: 5432, name: 'postgres' }],
    env: [
      { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
      { name: 'POSTGRES_PASSWORD_FILE', value: '/run/secrets/postgres/password' },
    ],
    volumeMounts: [
      { volume: 'data', mountPath: '/var/lib/postgresql/data' },
      { volume: 'credentials', mountPath: '/run/secrets/postgres', readOnly: true },
    ],
    // unix socket directory
    writablePaths: ['/var/run/postgresql'],
    resources: { cpuRequest: '500m', cpuLimit: '2', memoryRequest: '1Gi', memoryLimit: '1Gi', ephemeralStorageLimit: '1Gi' },
    readiness: Probe.exec(['pg_isready', '-U', 'postgres', '-h', '127.0.0.1']),
    liveness: Probe.tcpSocket(5432, { periodSeconds: 20 }),
  }],
});

PodSecurity.enforce(chart, PodSecurityLevel.RESTRICTED);
app.synth();
