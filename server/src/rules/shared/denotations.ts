import type { Node } from '../../parser';
import type { Value } from '../../semantics';
import { DENOTATION, type RuleContext, type Visitor } from '../types';
import { shortened } from './messageText';

export type QNameValue = Extract<Value, { kind: 'qname' }>;

/** What a matcher says about a denoted name: the message to report, or nothing. */
export type DenotationMatcher = (value: QNameValue, node: Node) => string | undefined;

/** The node a chain continues into: `a` in `a.b`, `a[0]`. */
function isChainObject(node: Node): Node | undefined {
  const p = node.parent;
  if (!p) return undefined;
  if (p.type === 'attribute' && p.childForFieldName('object')?.id === node.id) return p;
  if (p.type === 'subscript' && p.childForFieldName('value')?.id === node.id) return p;
  return undefined;
}

/**
 * Visits every expression that can denote a module, member or builtin (names, attribute and
 * subscript chains, call results) and reports those the matcher names. In a chain only the
 * outermost match is reported, so `os.system` is one finding, not one for `os` and one more.
 */
export function denotationVisitor(context: RuleContext, match: DenotationMatcher): Visitor {
  const { semantics } = context;
  const matchNode = (node: Node): { message: string; value: QNameValue } | undefined => {
    // Every rule of this kind asks this of every name, attribute and call: the names are
    // resolved once (kept on the node) and most nodes denote none.
    const values = semantics.qnameValues(node);
    for (let i = 0; i < values.length; i++) {
      const message = match(values[i], node);
      if (message) return { message, value: values[i] };
    }
    return undefined;
  };
  const visit = (node: Node): void => {
    if (node.type === 'identifier' && !semantics.isNameRead(node)) return;
    const hit = matchNode(node);
    if (!hit) return;
    const outer = isChainObject(node);
    if (outer && matchNode(outer)) return;
    const related = hit.value.alias && hit.value.alias.id !== node.id && node.type === 'identifier'
      ? [{ range: context.rangeOf(hit.value.alias), message: `'${node.text}' is bound here` }]
      : undefined;
    context.report({ node, message: hit.message, related });
  };
  // The engine calls `denotation` handlers for the names read, attributes, subscripts and calls
  // that denote at least one qualified name (engine/analyze.ts): it resolves each node once for
  // every rule of this kind, and most nodes reach no handler at all.
  return { [DENOTATION]: visit };
}

/** `'eval'`, or `'eval' (as 'e')` when the code spells it differently. */
export function describeAs(name: string, node: Node): string {
  const text = shortened(node.text);
  return text === name ? `'${name}'` : `'${name}' (as '${text.replace(/\s+/g, ' ')}')`;
}
