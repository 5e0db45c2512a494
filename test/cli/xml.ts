/** Parses XML with a strict parser (Python's expat, as CI report readers are strict). */
import { spawnSync } from 'node:child_process';

/** `{ok, error}` from expat; undefined when python3 is not on the machine. */
export function expatParse(xml: string): { ok: boolean; error: string } | undefined {
  const r = spawnSync('python3', ['-c', 'import sys, xml.dom.minidom\ntry:\n  xml.dom.minidom.parseString(sys.stdin.buffer.read()); print("ok")\nexcept Exception as e:\n  print(e)'], { input: xml, encoding: 'utf-8' });
  if (r.error || r.status !== 0) return undefined;
  return { ok: r.stdout.trim() === 'ok', error: r.stdout.trim() };
}
