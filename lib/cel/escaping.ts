/**
 * Property names of CRD schemas as CEL names (k8s.io/apiserver pkg/cel/escaping.go) and the
 * type-meta view of resource roots (pkg/cel/common/schemas.go WithTypeAndObjectMeta).
 */

const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** apiserver pkg/cel/escaping.go Escape: the CEL name of a property, or undefined when it has none. */
export function celEscape(ident: string): string | undefined {
  if (ident.length === 0 || (ident[0] >= '0' && ident[0] <= '9')) return undefined;
  if (RESERVED.has(ident)) return `__${ident}__`;
  if (!/^[A-Za-z0-9_./-]*$/.test(ident)) return undefined;
  return ident.replace(/__|[-./]/g, (s) => (s === '__' ? '__underscores__' : s === '.' ? '__dot__' : s === '-' ? '__dash__' : '__slash__'));
}

/** apiserver pkg/cel/escaping.go Unescape: the property name of a CEL name, or undefined. */
export function celUnescape(escaped: string): string | undefined {
  let ok = true;
  const out = escaped.replace(/__[^_]+__/g, (s) => {
    const c = s.slice(2, -2);
    switch (c) {
      case 'underscores': return '__';
      case 'dot': return '.';
      case 'dash': return '-';
      case 'slash': return '/';
    }
    if (RESERVED.has(c)) {
      if (s.length !== escaped.length) ok = false;
      return c;
    }
    ok = false;
    return '';
  });
  return ok ? out : undefined;
}

function isObj(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function hasType(s: unknown, t: string): boolean {
  return isObj(s) && s.type === t;
}

/**
 * schemas.go WithTypeAndObjectMeta: the schema with `kind`, `apiVersion` and `metadata.name` /
 * `metadata.generateName` as strings, as rules at the resource root and on embedded resources see it.
 */
export function withTypeAndObjectMeta(s: any): any {
  if (!isObj(s)) return s;
  const p = isObj(s.properties) ? s.properties : undefined;
  if (p && hasType(p.kind, 'string') && hasType(p.apiVersion, 'string') && hasType(p.metadata, 'object') && isObj(p.metadata.properties)
    && hasType(p.metadata.properties.name, 'string') && hasType(p.metadata.properties.generateName, 'string')) {
    return s;
  }
  return {
    ...s,
    properties: {
      ...(p ?? {}),
      kind: { type: 'string' },
      apiVersion: { type: 'string' },
      metadata: { type: 'object', properties: { name: { type: 'string' }, generateName: { type: 'string' } } },
    },
  };
}

