import type { Node } from '../../parser';
import { identifierName } from '../../semantics';
import type { RuleContext } from '../types';

/**
 * True when an expression is made by a call to one of `factories`, directly or through a name
 * bound once: `loop = asyncio.get_event_loop()`, `df = pd.DataFrame(...)`, `pd.read_csv(p).to_csv`.
 * A name bound again from itself keeps what it is (`df = df.query("a > 1")`, `df = df[df.a > 0]`,
 * `path = path.resolve()`): it is made so when every other binding is, one at least.
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
      const name = identifierName(n);
      const others = values.length > 1 ? values.filter((v) => !fromItself(v, name)) : values;
      if (others.length !== 1) return false;
      n = others[0];
    } else return false;
  }
  return false;
}

/** `df.query(...)`, `df[mask]`, `df.dropna().reset_index()`: a method call or item of `name` itself. */
function fromItself(value: Node, name: string): boolean {
  let n: Node | null = value;
  for (let guard = 0; n && guard < 16; guard++) {
    if (n.type === 'call') n = n.childForFieldName('function');
    else if (n.type === 'attribute' || n.type === 'subscript') n = n.childForFieldName(n.type === 'attribute' ? 'object' : 'value');
    else return n.type === 'identifier' && identifierName(n) === name && value.type !== 'identifier';
  }
  return false;
}
