import type { Node } from '../../parser';
import type { RuleContext } from '../types';

/**
 * The strings an expression may be. When it does not fold to one set of strings (a parameter
 * whose default is a template, a name bound to a template on one path and to input on another)
 * the strings it is known to take on still count: each is checked. Undefined when they are not
 * all known though some are (see `foldStringsAtCalls`), and when none is known.
 */
export function possibleStrings(context: RuleContext, node: Node): string[] | undefined {
  const folded = context.semantics.foldStrings(node);
  if (folded) return folded;
  const out: string[] = [];
  for (const v of context.semantics.resolve(node)) if (v.kind === 'const' && v.value.t === 'str' && !out.includes(v.value.v)) out.push(v.value.v);
  if (out.length) return out;
  // Built from parameters (`"".join(parts)` in `def render(*parts)`): what each call of the file
  // makes of it; undefined when the calls are too many to fold each (one past them may pass a
  // field that walks into an attribute).
  return context.semantics.foldStringsAtCalls(node);
}
