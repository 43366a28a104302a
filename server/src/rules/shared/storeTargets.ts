import type { Node } from '../../parser';
import type { Visitor } from '../types';

/** Nodes of a target that hold several targets (`a, b`, `[a, *b]`, `(a)`, `*json.dumps,`): each is stored to. */
export const TARGET_GROUPS: ReadonlySet<string> = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'expression_list', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern', 'list_splat']);

/**
 * Handlers for every statement that stores into a target, each calling `check` with the target as
 * written and the verb of its message: an assignment (`assigning`), an augmented one (`updating`),
 * `del` (`deleting`), a `for` or comprehension target (`looping over`: `for json.dumps in [repr]`,
 * `[0 for m.x in xs]`) and a `with ... as` target (`binding`). Chained assignments are nested
 * assignments, each visited on its own.
 */
export function storeTargetVisitor(check: (target: Node, verb: string) => void): Visitor {
  const left = (verb: string) => (node: Node): void => {
    const target = node.childForFieldName('left');
    if (target) check(target, verb);
  };
  return {
    assignment: left('assigning'),
    augmented_assignment: left('updating'),
    delete_statement(node) {
      for (const c of node.namedChildren) if (c) check(c, 'deleting');
    },
    for_statement: left('looping over'),
    for_in_clause: left('looping over'),
    with_item(node) {
      const value = node.childForFieldName('value');
      const alias = value?.type === 'as_pattern' ? value.childForFieldName('alias') : null;
      const target = alias?.type === 'as_pattern_target' ? alias.namedChild(0) : alias;
      if (target) check(target, 'binding');
    },
  };
}
