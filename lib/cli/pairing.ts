/**
 * Reading the objects of a command line and pairing an object with its stored version, as
 * `admit --old` and `check --old` do: by API group, kind, namespace and name (the identity the
 * API server stores an object under; the version may differ).
 */
import { expandOperands, InputError, WalkOptions } from './inputs';
import type { CrdSet } from '../check/crd';
import { lookupKind, splitApiVersion } from '../schema';
import { readYaml } from '../yaml/read';

/** One input object with where it came from. */
export interface Located {
  readonly file: string;
  readonly document: number;
  readonly object: any;
  /** 1-based line where the document starts. */
  readonly line?: number;
}

/**
 * Parses every document of `text` as kubectl reads it (kubectl `List`s are unpacked); a
 * document kubectl would not read is an InputError naming its line.
 */
export function parseObjects(text: string, file: string): Located[] {
  const out: Located[] = [];
  let i = 0;
  for (const doc of readYaml(text)) {
    if (doc.empty) continue;
    i++;
    if (doc.error) throw new InputError(`${file}:${doc.error.line}: document ${i} ${doc.error.syntax ? 'is not valid YAML' : 'cannot be read'}: ${doc.error.message}`);
    const obj: any = doc.value;
    if (obj === null || obj === undefined) continue;
    if (typeof obj !== 'object' || Array.isArray(obj)) throw new InputError(`${file}: document ${i} is not an object`);
    const line = doc.documentLine;
    if (obj.kind === 'List' && Array.isArray(obj.items)) obj.items.forEach((item: any) => out.push({ file, document: i, object: item, line }));
    else out.push({ file, document: i, object: obj, line });
  }
  return out;
}

/** Every object of the files, directories or `-` named by `operands`. */
export function readAll(operands: readonly string[], readStdin: () => string, walk: WalkOptions): Located[] {
  return expandOperands(operands, readStdin, walk).flatMap((input) => parseObjects(input.read(), input.file));
}

/**
 * The identity `--old` pairs objects by: group, kind, namespace (namespaced kinds default to
 * `default`) and name. Whether a kind is namespaced comes from the 1.36 catalog, else from the
 * CRD that defines it, else from whether the object names a namespace.
 */
export function objectIdentity(o: any, crds?: CrdSet): string {
  const apiVersion = String(o?.apiVersion ?? '');
  const kind = String(o?.kind ?? '');
  const known = lookupKind(apiVersion, kind) ?? crds?.lookup(apiVersion, kind);
  const namespaced = known ? known.namespaced : typeof o?.metadata?.namespace === 'string';
  const ns = namespaced ? String(o?.metadata?.namespace ?? 'default') : '';
  return JSON.stringify([splitApiVersion(apiVersion).group, kind, ns, String(o?.metadata?.name ?? '')]);
}

/** The stored objects of an update, by identity; each records whether an input paired with it. */
export class StoredObjects {
  private readonly byIdentity = new Map<string, Located & { paired: boolean }>();

  constructor(objects: readonly Located[], private readonly crds?: CrdSet) {
    // a later object with the same identity replaces an earlier one, as a later apply would
    for (const o of objects) this.byIdentity.set(objectIdentity(o.object, crds), { ...o, paired: false });
  }

  /** The stored version of `obj`, if any (and marks it paired). */
  public pair(obj: unknown): unknown {
    const hit = this.byIdentity.get(objectIdentity(obj, this.crds));
    if (!hit) return undefined;
    hit.paired = true;
    return hit.object;
  }

  /** The stored objects no input paired with. */
  public unpaired(): Located[] {
    return [...this.byIdentity.values()].filter((o) => !o.paired);
  }
}
