import type { Node } from '../parser';
import { syntaxMemoOf } from './memo';

/**
 * Python compares identifiers after NFKC normalisation (PEP 3131), so `ｅｖａｌ` and `__𝘤𝘭𝘢𝘴𝘴__`
 * are `eval` and `__class__` to the interpreter. Every rule matches on this form.
 */
export function normalizeIdentifier(text: string): string {
  // NFKC leaves ASCII as it is, and nearly every identifier is ASCII: skip the normaliser,
  // which allocates, for them (it showed in profiles: every rule normalises every name).
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return text.normalize('NFKC');
  return detached(text);
}

/**
 * `normalizeIdentifier` of an identifier's text, kept on the node: every rule with an identifier
 * handler and the resolver ask it of every name, and each asking sliced the text out of the
 * source and scanned it again. Other nodes (a dotted name) are normalised each time.
 */
export function identifierName(node: Node): string {
  if (node.type !== 'identifier') return normalizeIdentifier(node.text);
  const memo = syntaxMemoOf(node);
  let name = memo.name;
  if (name === undefined) memo.name = name = normalizeIdentifier(node.text);
  return name;
}

/**
 * A copy of `text` that holds nothing else. V8 makes a slice of 13 or more characters a view of
 * the whole string it was cut from: a name kept by a statement an edit did not touch (on its
 * node, as a key of its scope's bindings, in a rule's cache) kept the document's whole text of
 * that time alive, and a long editing session one old text per statement edited. Joining a
 * character makes a string that the slice flattens into a copy.
 */
function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

export function isDunder(name: string): boolean {
  return name.length > 4 && name.startsWith('__') && name.endsWith('__');
}

/** Names Python mangles or treats as private (`_x`, `__x`, `_Class__x`), dunders excluded. */
export function isPrivateName(name: string): boolean {
  return name.startsWith('_') && !isDunder(name) && name !== '_';
}
