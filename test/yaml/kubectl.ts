/** Runs the real kubectl (v1.32 decodes YAML with sigs.k8s.io/yaml + go-yaml v2) on a file, without a cluster. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Whether kubectl can be run here. */
export function hasKubectl(): boolean {
  const r = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf-8' });
  return r.status === 0;
}

/** `kubectl label --local -f FILE x=y -o json`: the objects kubectl read, or its error. */
export function kubectlDecode(text: string): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haru-kubectl-'));
  const file = path.join(dir, 'in.yaml');
  fs.writeFileSync(file, text);
  try {
    const r = spawnSync('kubectl', ['label', '--local', '-f', file, 'corpus.example/x=y', '-o', 'json'], { encoding: 'utf-8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    if (r.status === 0) return { ok: true, output: r.stdout };
    return { ok: false, output: (r.stderr || r.stdout).split('\n')[0].replace(file, 'FILE') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
