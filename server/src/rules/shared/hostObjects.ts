import type { Node } from '../../parser';
import type { RuleContext } from '../types';
import { mayBeBuiltin } from '../builtins/knownBuiltins';
import type { Value } from '../../semantics/values';

/**
 * Objects the host hands the plugin by name: a global the file never binds (nor imports by a
 * wildcard) that is no builtin — frappe's `frappe`, `doc` and `_dict`, Home Assistant's `hass`
 * and `logger`, IPython's `get_ipython` — and what is reached from one. To the resolver such a
 * name is an unknown builtin (`builtins.hass.bus`).
 */

/** `builtins.hass...`: a qualified name rooted at a global the host provides. */
export function isHostQName(v: Value): boolean {
  if (v.kind !== 'qname' || !v.name.startsWith('builtins.')) return false;
  const dot = v.name.indexOf('.', 9);
  return !mayBeBuiltin(dot < 0 ? v.name.slice(9) : v.name.slice(9, dot));
}

/** A name the host provides (see above), as the resolver reads it. */
export function isHostGlobal(context: RuleContext, identifier: Node): boolean {
  if (identifier.type !== 'identifier') return false;
  const values = context.semantics.resolve(identifier);
  return values.length > 0 && values.every(isHostQName);
}

/**
 * Whether `node` is an object reached from a host's global: the global itself, an attribute,
 * call or item of one (`hass.states`, `get_ipython()`, `ns["x"]`), or a name bound once to such
 * an expression (`shell = get_ipython()`). `throughCalls` false: not what a call of one returns,
 * which may be an object the plugin had the host make for it (`document.createElement("button")`).
 */
export function isHostRooted(context: RuleContext, node: Node | null | undefined, throughCalls = true): boolean {
  let n = node;
  for (let hops = 0; n && hops < 16; hops++) {
    switch (n.type) {
      case 'identifier': {
        if (isHostGlobal(context, n)) return true;
        const bound = context.semantics.valueBoundOnce(n);
        if (!bound) return false;
        n = bound;
        break;
      }
      case 'attribute':
        n = n.childForFieldName('object');
        break;
      case 'call':
        if (!throughCalls) return false;
        n = n.childForFieldName('function');
        break;
      case 'subscript':
        n = n.childForFieldName('value');
        break;
      case 'parenthesized_expression':
        n = n.namedChildren.find((c) => c && c.type !== 'comment') ?? null;
        break;
      default:
        return false;
    }
  }
  return false;
}
