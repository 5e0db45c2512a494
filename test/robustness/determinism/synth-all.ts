/**
 * Synthesises every examples/<name>/main.ts app twice in this process, into
 * <base>/first/<name> and <base>/second/<name> (CDK8S_OUTDIR), plus the all-constructs app
 * into <base>/{first,second}/all-constructs. Run as a separate process by determinism.test.ts:
 *     node --import tsx test/robustness/determinism/synth-all.ts <base>
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthAllConstructs } from './all-constructs';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const base = process.argv[2];
if (!base) throw new Error('usage: synth-all.ts <output base directory>');
const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((n) => fs.existsSync(path.join(ROOT, 'examples', n, 'main.ts'))).sort();

for (const round of ['first', 'second']) {
  for (const name of examples) {
    const main = path.join(ROOT, 'examples', name, 'main.ts');
    process.env.CDK8S_OUTDIR = path.join(base, round, name);
    delete require.cache[require.resolve(main)];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(main);
  }
  synthAllConstructs(path.join(base, round, 'all-constructs'));
}
delete process.env.CDK8S_OUTDIR;
