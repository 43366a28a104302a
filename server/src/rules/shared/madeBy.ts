import type { Node } from '../../parser';
import type { RuleContext } from '../types';

/**
 * True when an expression is made by a call to one of `factories`, directly or through a name
 * bound once: `loop = asyncio.get_event_loop()`, `df = pd.DataFrame(...)`, `pd.read_csv(p).to_csv`.
 * Methods of such objects can reach the host although the module itself is allowlisted.
 */
export function isMadeBy(context: RuleContext, node: Node, factories: (q: string) => boolean): boolean {
  let n: Node | null = node;
  for (let guard = 0; n && guard < 16; guard++) {
    if (n.type === 'parenthesized_expression') n = n.namedChildren.find((c) => c && c.type !== 'comment') ?? null;
    else if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      return !!fn && context.semantics.qualifiedNames(fn).some(factories);
    } else if (n.type === 'identifier') {
      const values: Node[] = context.semantics.bindingsOf(n).map((b) => b.value).filter((v): v is Node => !!v);
      if (values.length !== 1) return false;
      n = values[0];
    } else return false;
  }
  return false;
}
