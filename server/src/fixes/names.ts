/**
 * Whether a fix may write a name: `ast.literal_eval` only means the module `ast` where nothing
 * in scope rebinds `ast`, and `except Exception:` only catches the builtin where the plugin has
 * not defined its own `Exception`. A fix that silently refers to the plugin's own object would
 * change what the code does in a way nobody asked for.
 */
import type { Node } from '../parser';
import type { Binding, Semantics } from '../semantics';
import { lookupScope } from '../semantics/scopes';

/** The bindings `name` refers to where `at` (an identifier) is evaluated; empty for a builtin or an unbound name. */
export function bindingsVisibleAt(semantics: Semantics, at: Node, name: string): Binding[] {
  const scope = lookupScope(name, semantics.scopeOf(at), semantics.moduleScope);
  return scope?.bindings.get(name) ?? [];
}

/**
 * How `module` can be named at `at`: `'imported'` when `module` already means the module there
 * (every binding is `import module`), `'free'` when nothing binds the name (an `import` can be
 * added), `'taken'` when something else does.
 */
export function moduleNameAt(semantics: Semantics, at: Node, module: string): 'imported' | 'free' | 'taken' {
  const own = semantics.scopeOf(at);
  const scope = lookupScope(module, own, semantics.moduleScope);
  const bindings = scope?.bindings.get(module) ?? [];
  if (bindings.length === 0) return 'free';
  if (!bindings.every((b) => b.kind === 'import' && b.qname === module)) return 'taken';
  // A function's or class's own `import ast` makes the name local there: whether it has run when
  // `at` does depends on the order of statements (`x = eval(s)` then `import ast` raises
  // UnboundLocalError once rewritten). So does a module-level use before every module import.
  if (scope !== semantics.moduleScope) return 'taken';
  if (own === semantics.moduleScope && !bindings.some((b) => b.node.endIndex <= at.startIndex)) return 'taken';
  return 'imported';
}
