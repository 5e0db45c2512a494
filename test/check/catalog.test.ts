/**
 * The check-id catalog (lib/check/catalog.ts) lists exactly the ids the sources report, so
 * that the docs/check-ids.md table and the SARIF rule descriptions cover every finding.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_AREAS, CHECK_CATALOG, describeCheck } from '../../lib/check/catalog';
import { BASELINE_CHECKS, RESTRICTED_CHECKS } from '../../lib/check/pss';

const LIB = path.resolve(__dirname, '..', '..', 'lib');

function sources(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith('.ts') && e.name !== 'catalog.ts' && !e.name.endsWith('.generated.ts')) out.push({ file: path.relative(LIB, p), text: fs.readFileSync(p, 'utf-8') });
  }
  return out;
}

/** Every check id the sources can report: literals, plus the ids built from a rule name. */
function idsInSources(): Map<string, string> {
  const areas = Object.keys(CHECK_AREAS).join('|');
  const found = new Map<string, string>();
  const add = (id: string, file: string) => { if (!found.has(id)) found.set(id, file); };
  for (const { file, text } of sources(LIB)) {
    for (const m of text.matchAll(new RegExp(`'((?:${areas})/[A-Za-z0-9_.-]+)'`, 'g'))) add(m[1], file);
    // Helpers that prefix a rule name: `pod/${rule}` via v('rule', ...), `harden/${rule}` via h('rule', ...).
    for (const [prefix, helper] of [['pod', 'v'], ['harden', 'h']] as const) {
      if (!text.includes(`checkId: \`${prefix}/\${rule}\``)) continue;
      for (const m of text.matchAll(new RegExp(`\\b${helper}\\('([a-z0-9-]+)'`, 'g'))) add(`${prefix}/${m[1]}`, file);
    }
    // Strict file shapes report `<prefix>/field-type` and `<prefix>/unknown-field`.
    for (const m of text.matchAll(/checkFileShape\('([a-z]+)'/g)) {
      add(`${m[1]}/field-type`, file);
      add(`${m[1]}/unknown-field`, file);
    }
  }
  for (const check of [...BASELINE_CHECKS, ...RESTRICTED_CHECKS]) add(`pss/${check}`, 'check/pss.ts');
  return found;
}

describe('check catalog', () => {
  const catalogued = new Set(CHECK_CATALOG.map((c) => c.id));
  const used = idsInSources();

  it('lists every check id the sources report', () => {
    const missing = [...used].filter(([id]) => !catalogued.has(id)).map(([id, file]) => `${id} (${file})`);
    expect(missing).toEqual([]);
  });

  it('lists no id that no source reports', () => {
    expect([...catalogued].filter((id) => !used.has(id))).toEqual([]);
  });

  it('has each id once, in an area with a description, with a one-line meaning', () => {
    expect(CHECK_CATALOG.length).toBe(catalogued.size);
    for (const c of CHECK_CATALOG) {
      expect(CHECK_AREAS[c.id.split('/')[0]], c.id).toBeDefined();
      expect(c.meaning, c.id).toMatch(/^\S.*\.$/);
      expect(c.meaning, c.id).not.toContain('\n');
    }
  });

  it('describes an unlisted id by its area', () => {
    expect(describeCheck('pss/runAsUser')).toBe('Pod Security restricted: a container runs as UID 0.');
    expect(describeCheck('schema/some-new-rule')).toBe('The strict Kubernetes v1.36 schema');
    expect(describeCheck('nope/x')).toBe('cdk8s-haru check');
  });
});
