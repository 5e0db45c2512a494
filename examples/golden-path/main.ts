/**
 * A golden path: a platform package (./platform) with house rules set once on the App,
 * used by an application team (./app.ts). `npm run synth` writes manifests/golden-path/.
 */
import { App } from 'cdk8s';
import { buildGoldenPath } from './app';

const app = new App();
buildGoldenPath(app);
app.synth();
