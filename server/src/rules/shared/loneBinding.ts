import type { Node } from '../../parser';
import type { Binding } from '../../semantics';
import { unparenthesized } from '../../semantics/narrowing';
import type { RuleContext } from '../types';

/**
 * `t = value` (parentheses aside): the name and its binding, when that is the name's one binding,
 * made alone (`keep = t = value` binds a second name) and outside a class body (an enum, a
 * dataclass or a named tuple hands its class attributes out by position, without their name).
 * The callers then ask whether every other identifier so spelled uses the value harmlessly.
 */
export function loneBindingOf(context: RuleContext, value: Node): { name: Node; binding: Binding } | undefined {
  let up = value.parent;
  while (up?.type === 'parenthesized_expression') up = up.parent;
  const name = up?.type === 'assignment' && up.parent?.type !== 'assignment' && unparenthesized(up.childForFieldName('right'))?.id === value.id ? up.childForFieldName('left') : null;
  const bindings = name?.type === 'identifier' ? context.semantics.bindingsOf(name) : [];
  return bindings.length === 1 && bindings[0].scope.kind !== 'class' ? { name: name!, binding: bindings[0] } : undefined;
}
