/**
 * The app of a golden path: the platform package in ./platform wraps cdk8s-haru with house rules
 * (a HardeningProfile set once on the App) and publishes WebService and GpuJob; the
 * "shop" team uses them in its own chart, with a profile of its own for what it may
 * decide. Output: manifests for the platform (cluster-side objects) and for the team,
 * plus authorization-config.yaml for kube-apiserver.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { GpuDevices, GpuSharing, HardeningProfile, PodSecurity, PodSecurityLevel, TimeSliceInterval } from '../../lib';
import { GpuJob, houseRules, PlatformCluster, REGISTRY, WebService } from './platform';

/** Builds the platform objects and the shop team's chart into `app`. */
export function buildGoldenPath(app: App): void {
  houseRules(app);

  new PlatformCluster(app, 'platform');

  const shop = new Chart(app, 'shop', { namespace: 'shop' });
  // What the team may decide for itself: its own label, and longer GPU time slices for its batch work.
  HardeningProfile.set(shop, {
    podLabels: { 'acme.example/team': 'shop' },
    gpuSharing: GpuSharing.timeSlicing(TimeSliceInterval.LONG),
  });

  const db = kplus.Pods.select(shop, 'Postgres', { labels: { 'app.kubernetes.io/name': 'postgres' } });
  new WebService(shop, 'storefront', {
    image: `${REGISTRY}shop/storefront:2.4.1`,
    port: 8080,
    dependencies: [{ peer: db, port: 5432 }],
  });
  new GpuJob(shop, 'embeddings', {
    image: `${REGISTRY}shop/embedder:0.9.0`,
    command: ['python', '-m', 'embed', '--all'],
    devices: GpuDevices.wholeGpus(),
  });

  PodSecurity.enforce(shop, PodSecurityLevel.RESTRICTED);
}
