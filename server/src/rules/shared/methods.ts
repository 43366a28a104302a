import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';

/** The class whose body defines `fn` directly (a method), if any. */
export function classOfMethod(fn: Node): Node | undefined {
  let p = fn.parent;
  if (p?.type === 'decorated_definition') p = p.parent;
  return p?.type === 'block' && p.parent?.type === 'class_definition' ? p.parent : undefined;
}

/** Name of a function's first parameter (`self`, `cls`), NFKC-normalised. */
export function firstParameter(fn: Node): string | undefined {
  const p = fn.childForFieldName('parameters')?.namedChildren.find((c) => c && c.type !== 'comment');
  if (!p) return undefined;
  const id = p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier');
  return id?.type === 'identifier' ? normalizeIdentifier(id.text) : undefined;
}
