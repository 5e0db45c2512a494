/**
 * API documentation rules checked on the source with ts-morph:
 *  - every optional property of an exported struct documents its default with `@default`;
 *  - every exported class, interface, enum and their public members carry a JSDoc comment.
 * jsii-docgen turns these comments into API.md, so a gap here is a gap for users of every
 * language binding.
 */
import { resolve } from 'node:path';
import { Node, Project, Scope } from 'ts-morph';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..');
const project = new Project({ tsConfigFilePath: resolve(root, 'tsconfig.json'), skipAddingFilesFromTsConfig: true });
project.addSourceFilesAtPaths([`${root}/lib/**/*.ts`, `!${root}/lib/**/*.generated.ts`]);

/** The declarations reachable from lib/index.ts — the public API. */
function publicDeclarations(): Node[] {
  const index = project.getSourceFileOrThrow(resolve(root, 'lib/index.ts'));
  const out: Node[] = [];
  for (const [, decls] of index.getExportedDeclarations()) out.push(...decls);
  return out;
}

function hasDoc(node: Node): boolean {
  return Node.isJSDocable(node) && node.getJsDocs().some((d) => d.getDescription().trim().length > 0 || d.getTags().length > 0);
}

function isPublicMember(m: Node): boolean {
  if (Node.isScoped(m) && m.getScope() !== Scope.Public) return false;
  const name = (m as { getName?: () => string }).getName?.() ?? '';
  return !name.startsWith('_') && !name.startsWith('#');
}

describe('public API documentation', () => {
  const decls = publicDeclarations();

  it('every optional struct property documents @default', () => {
    const missing: string[] = [];
    for (const d of decls) {
      if (!Node.isInterfaceDeclaration(d)) continue;
      if (/^I[A-Z]/.test(d.getName())) continue; // behavioural interfaces have no defaults
      for (const p of d.getProperties()) {
        if (!p.hasQuestionToken()) continue;
        const tags = p.getJsDocs().flatMap((j) => j.getTags().map((t) => t.getTagName()));
        if (!tags.includes('default')) missing.push(`${d.getName()}.${p.getName()}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every exported type and public member has a JSDoc comment', () => {
    const missing: string[] = [];
    for (const d of decls) {
      if (!(Node.isClassDeclaration(d) || Node.isInterfaceDeclaration(d) || Node.isEnumDeclaration(d))) continue;
      const name = d.getName() ?? '(anonymous)';
      if (!hasDoc(d)) missing.push(name);
      const members: Node[] = Node.isEnumDeclaration(d)
        ? d.getMembers()
        : Node.isInterfaceDeclaration(d)
          ? [...d.getProperties(), ...d.getMethods()]
          : [...d.getProperties(), ...d.getMethods(), ...d.getGetAccessors()].filter(isPublicMember);
      for (const m of members) {
        if (!hasDoc(m)) missing.push(`${name}.${(m as any).getName?.() ?? '?'}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

