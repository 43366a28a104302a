import type { Node } from '../parser';
import { memoOf } from './memo';
import type { Value } from './values';
import { normalizeIdentifier } from './names';

export type ScopeKind = 'module' | 'class' | 'function' | 'lambda' | 'comprehension';

export type BindingKind =
  | 'import'
  | 'assign'
  | 'augassign'
  | 'walrus'
  | 'param'
  | 'def'
  | 'class'
  | 'for'
  | 'with'
  | 'except'
  | 'del'
  | 'pattern'
  | 'unpack';

export interface Binding {
  /** NFKC form of the bound name. */
  name: string;
  kind: BindingKind;
  /** The identifier (or, for `import a.b`, the dotted name) that binds. */
  node: Node;
  /** The expression whose value is bound (assignments, walrus, parameter defaults). */
  value?: Node;
  /** The bound value is an element of this iterable (`for x in [...]`). */
  elementOf?: Node;
  /** Imports: the qualified name bound (`import os.path as p` binds `os.path`). */
  qname?: string;
  /** `def`/`class`/lambda node for function and class bindings. */
  definition?: Node;
  scope: Scope;
  /**
   * The values the binding gives its name, worked out once for every reference to it
   * (semantics/index.ts): for an import, always; for an assignment, while `valuesFrom` is the
   * complete answer for its value.
   */
  values?: Value[];
  valuesFrom?: Value[];
}

export class Scope {
  // Replaced, not cleared, when an incremental analysis refills the module scope (`reset`).
  bindings = new Map<string, Binding[]>();
  globals = new Set<string>();
  nonlocals = new Set<string>();
  /** Modules imported with `from m import *` into this scope. */
  wildcardImports: string[] = [];
  /** For the module scope: what the statement being walked adds to it (see `StatementScopes`). */
  recording: StatementScopes | undefined;

  constructor(
    readonly kind: ScopeKind,
    /** The def, lambda, class or comprehension; for the module scope, the root (the newest tree's, see `reset`). */
    public node: Node,
    readonly parent: Scope | undefined,
  ) {}

  bind(binding: Omit<Binding, 'scope'>): void {
    this.add({ ...binding, scope: this } as Binding);
  }

  /** Adds a binding made before, in a statement an incremental analysis did not walk again. */
  add(binding: Binding): void {
    const list = this.bindings.get(binding.name);
    if (list) list.push(binding);
    else this.bindings.set(binding.name, [binding]);
    this.recording?.bindings.push(binding);
  }

  addGlobal(name: string): void {
    this.globals.add(name);
    this.recording?.globals.push(name);
  }

  addNonlocal(name: string): void {
    this.nonlocals.add(name);
    this.recording?.nonlocals.push(name);
  }

  addWildcardImport(module: string): void {
    this.wildcardImports.push(module);
    this.recording?.wildcardImports.push(module);
  }

  /** Empties the scope to be filled again (new objects: the old ones may still be observed). */
  reset(node: Node): void {
    this.node = node;
    this.bindings = new Map();
    this.globals = new Set();
    this.nonlocals = new Set();
    this.wildcardImports = [];
  }
}

/**
 * What one top-level statement puts in the module scope, in order. The statement's own scopes
 * (functions, classes, comprehensions) and the scope of each of its names depend on nothing
 * else, so an incremental analysis keeps them for a statement an edit did not touch and adds
 * this to the module scope instead of walking the statement again.
 */
export interface StatementScopes {
  bindings: Binding[];
  globals: string[];
  nonlocals: string[];
  wildcardImports: string[];
}

export const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

export interface ScopeTable {
  module: Scope;
  /** What each top-level statement (a child of the root) put in the module scope. */
  statements: Map<Node, StatementScopes>;
}

/** Scopes an incremental analysis keeps: the module scope object and the statements it need not walk again. */
export interface KeptScopes {
  module: Scope;
  statements: ReadonlyMap<Node, StatementScopes>;
}

function dottedText(node: Node): string {
  return normalizeIdentifier(node.text.replace(/\s+/g, ''));
}

/** `from ..a import b` -> module text `..a` */
function importFromModule(node: Node): string {
  const mod = node.childForFieldName('module_name');
  return mod ? dottedText(mod) : '';
}

/**
 * One pass over the tree (explicit stack, no recursion) that creates the scopes and records
 * every binding and the scope each identifier is evaluated in. Python's rules: defaults,
 * decorators, annotations, base classes and a comprehension's first iterable are evaluated in
 * the enclosing scope; class scopes are invisible to the functions nested in them.
 *
 * Top-level statements are walked one after the other (which is the order one walk of the
 * whole tree takes too), each recording what it adds to the module scope; with `kept`, the
 * statements kept from an earlier build are not walked again, their records are replayed.
 */
export function buildScopes(root: Node, owner: number, kept?: KeptScopes): ScopeTable {
  const module = kept?.module ?? new Scope('module', root, undefined);
  module.reset(root);
  const statements = new Map<Node, StatementScopes>();
  // Two parallel stacks rather than one of pairs: a pair per node was most of this pass's garbage.
  const stack: Node[] = [];
  const scopes: Scope[] = [];
  /** The scope each identifier is evaluated in, and the scope each definition makes, kept on the node (see memo.ts). */
  const scopeOfIdentifier = {
    set(identifier: Node, scope: Scope): void {
      const memo = memoOf(identifier, owner);
      memo.scopesOf = module;
      memo.scope = scope;
    },
  };
  const scopeOfDefinition = {
    set(definition: Node, scope: Scope): void {
      const memo = memoOf(definition, owner);
      memo.scopesOf = module;
      memo.definedScope = scope;
    },
  };

  const push = (node: Node | null | undefined, scope: Scope): void => {
    if (node) {
      stack.push(node);
      scopes.push(scope);
    }
  };
  const pushChildren = (node: Node, scope: Scope): void => {
    // The named children, read from `children` so that no `namedChildren` array is made for every node.
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      if (children[i].isNamed) {
        stack.push(children[i]);
        scopes.push(scope);
      }
    }
  };
  /** The scope a walrus binds in: the nearest one that is not a comprehension (PEP 572). */
  const walrusScope = (scope: Scope): Scope => {
    let s = scope;
    while (s.kind === 'comprehension' && s.parent) s = s.parent;
    return s;
  };

  /** `global g` / `nonlocal g` in a function make its assignments to `g` bind outside it. */
  const bindingScope = (scope: Scope, name: string): Scope => {
    if (scope.globals.has(name)) return module;
    if (scope.nonlocals.has(name)) {
      for (let s = scope.parent; s; s = s.parent) if (s.kind !== 'class' && s.kind !== 'module' && s.bindings.has(name)) return s;
    }
    return scope;
  };

  /** Binds every name in an assignment target; pairs names with values when shapes match. */
  const bindTarget = (target: Node, scope: Scope, kind: BindingKind, value: Node | undefined, elementOf?: Node): void => {
    // Most targets are one name: bound without the work list below.
    if (target.type === 'identifier') {
      scopeOfIdentifier.set(target, scope);
      const name = normalizeIdentifier(target.text);
      bindingScope(scope, name).bind({ name, kind, node: target, value, elementOf });
      return;
    }
    const work: [Node, Node | undefined, Node | undefined][] = [[target, value, elementOf]];
    while (work.length) {
      const [t, v, el] = work.pop()!;
      switch (t.type) {
        case 'identifier': {
          scopeOfIdentifier.set(t, scope);
          const name = normalizeIdentifier(t.text);
          bindingScope(scope, name).bind({ name, kind, node: t, value: v, elementOf: el });
          break;
        }
        case 'pattern_list':
        case 'tuple_pattern':
        case 'list_pattern':
        case 'tuple':
        case 'list':
        case 'expression_list':
        case 'parenthesized_expression': {
          const targets = t.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
          const values =
            v && ['expression_list', 'tuple', 'list', 'pattern_list'].includes(v.type)
              ? v.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment')
              : undefined;
          const paired = values && values.length === targets.length && !targets.some((x) => x.type === 'list_splat_pattern');
          targets.forEach((sub, i) => work.push([sub, paired ? values[i] : undefined, undefined]));
          break;
        }
        case 'list_splat_pattern':
        case 'list_splat': {
          const inner = t.namedChild(0);
          if (inner) work.push([inner, undefined, undefined]);
          break;
        }
        default:
          // Attribute and subscript targets bind no name; their parts are references.
          push(t, scope);
      }
    }
  };

  const bindParameters = (params: Node | null, inner: Scope, outer: Scope): void => {
    if (!params) return;
    for (const p of params.namedChildren) {
      if (!p) continue;
      switch (p.type) {
        case 'identifier':
          bindTarget(p, inner, 'param', undefined);
          break;
        case 'default_parameter':
        case 'typed_default_parameter': {
          const name = p.childForFieldName('name');
          const value = p.childForFieldName('value');
          if (name) bindTarget(name, inner, 'param', value ?? undefined);
          push(value, outer);
          push(p.childForFieldName('type'), outer);
          break;
        }
        case 'typed_parameter':
          for (const c of p.namedChildren) {
            if (!c) continue;
            if (c.type === 'type') push(c, outer);
            else bindTarget(c.type === 'identifier' ? c : (c.namedChild(0) ?? c), inner, 'param', undefined);
          }
          break;
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern':
        case 'tuple_pattern': {
          const ids = p.descendantsOfType('identifier');
          for (const id of ids) if (id) bindTarget(id, inner, 'param', undefined);
          break;
        }
        default:
          break;
      }
    }
  };

  const tops = root.children;
  for (let top = 0; top < tops.length; top++) {
    const statement = tops[top];
    // What the walk of the root would push: its named children.
    if (!statement.isNamed) continue;
    const record = kept?.statements.get(statement);
    if (record) {
      for (const b of record.bindings) module.add(b);
      for (const name of record.globals) module.addGlobal(name);
      for (const name of record.nonlocals) module.addNonlocal(name);
      for (const m of record.wildcardImports) module.addWildcardImport(m);
      statements.set(statement, record);
      continue;
    }
    const recording: StatementScopes = { bindings: [], globals: [], nonlocals: [], wildcardImports: [] };
    module.recording = recording;
    stack.push(statement);
    scopes.push(module);
    walkStatement();
    module.recording = undefined;
    statements.set(statement, recording);
  }
  return { module, statements };

  function walkStatement(): void {
    while (stack.length) {
      const node = stack.pop()!;
      const scope = scopes.pop()!;
      switch (node.type) {
        case 'identifier':
          scopeOfIdentifier.set(node, scope);
          break;
        case 'function_definition': {
          const name = node.childForFieldName('name');
          const inner = new Scope('function', node, scope);
          scopeOfDefinition.set(node, inner);
          if (name) {
            scopeOfIdentifier.set(name, scope);
            scope.bind({ name: normalizeIdentifier(name.text), kind: 'def', node: name, definition: node });
          }
          bindParameters(node.childForFieldName('parameters'), inner, scope);
          push(node.childForFieldName('return_type'), scope);
          push(node.childForFieldName('type_parameters'), inner);
          push(node.childForFieldName('body'), inner);
          break;
        }
        case 'lambda': {
          const inner = new Scope('lambda', node, scope);
          scopeOfDefinition.set(node, inner);
          bindParameters(node.childForFieldName('parameters'), inner, scope);
          push(node.childForFieldName('body'), inner);
          break;
        }
        case 'class_definition': {
          const name = node.childForFieldName('name');
          const inner = new Scope('class', node, scope);
          scopeOfDefinition.set(node, inner);
          if (name) {
            scopeOfIdentifier.set(name, scope);
            scope.bind({ name: normalizeIdentifier(name.text), kind: 'class', node: name, definition: node });
          }
          push(node.childForFieldName('superclasses'), scope);
          push(node.childForFieldName('type_parameters'), inner);
          push(node.childForFieldName('body'), inner);
          break;
        }
        case 'list_comprehension':
        case 'set_comprehension':
        case 'dictionary_comprehension':
        case 'generator_expression': {
          const inner = new Scope('comprehension', node, scope);
          scopeOfDefinition.set(node, inner);
          let first = true;
          for (const c of node.namedChildren) {
            if (!c) continue;
            if (c.type === 'for_in_clause') {
              const left = c.childForFieldName('left');
              const right = c.childForFieldName('right');
              if (left) bindTarget(left, inner, 'for', undefined, right ?? undefined);
              push(right, first ? scope : inner);
              first = false;
            } else push(c, inner);
          }
          break;
        }
        case 'assignment': {
          let right = node.childForFieldName('right');
          while (right && right.type === 'assignment') right = right.childForFieldName('right');
          const left = node.childForFieldName('left');
          if (left) bindTarget(left, scope, 'assign', right ?? undefined);
          push(node.childForFieldName('type'), scope);
          const direct = node.childForFieldName('right');
          if (direct && direct.type === 'assignment') {
            // `a = b = v`: bind `b` to the same value and walk `v` once.
            const inner = direct.childForFieldName('left');
            if (inner) bindTarget(inner, scope, 'assign', right ?? undefined);
            let r = direct.childForFieldName('right');
            while (r && r.type === 'assignment') {
              const l = r.childForFieldName('left');
              if (l) bindTarget(l, scope, 'assign', right ?? undefined);
              r = r.childForFieldName('right');
            }
          }
          push(right, scope);
          break;
        }
        case 'augmented_assignment': {
          const left = node.childForFieldName('left');
          if (left?.type === 'identifier') {
            scopeOfIdentifier.set(left, scope);
            scope.bind({ name: normalizeIdentifier(left.text), kind: 'augassign', node: left });
          } else push(left, scope);
          push(node.childForFieldName('right'), scope);
          break;
        }
        case 'named_expression': {
          const name = node.childForFieldName('name');
          const value = node.childForFieldName('value');
          if (name) bindTarget(name, walrusScope(scope), 'walrus', value ?? undefined);
          push(value, scope);
          break;
        }
        case 'for_statement': {
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          if (left) bindTarget(left, scope, 'for', undefined, right ?? undefined);
          push(right, scope);
          push(node.childForFieldName('body'), scope);
          push(node.childForFieldName('alternative'), scope);
          break;
        }
        case 'as_pattern': {
          // `with x as y`, `except E as e`, `case P as name`
          // In a `case`, the grammar gives the captured name no field: it is the last child.
          const alias = node.childForFieldName('alias') ?? (node.parent?.type === 'case_pattern' && node.lastNamedChild?.type === 'identifier' ? node.lastNamedChild : null);
          const kind: BindingKind = node.parent?.type === 'except_clause' ? 'except' : node.parent?.type === 'with_item' ? 'with' : 'pattern';
          for (const c of node.namedChildren) if (c && c.id !== alias?.id) push(c, scope);
          if (alias) {
            const target = alias.type === 'as_pattern_target' ? alias.namedChild(0) : alias;
            if (target) bindTarget(target, scope, kind, kind === 'pattern' ? wholeSubjectOf(node.parent) : undefined);
          }
          break;
        }
        case 'except_clause': {
          // Python 2: `except E, e:` binds `e`.
          const values = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'block' && c.type !== 'comment');
          if (values.length === 2 && values[0].type !== 'as_pattern' && values[1].type === 'identifier') {
            push(values[0], scope);
            bindTarget(values[1], scope, 'except', undefined);
            for (const c of node.namedChildren) if (c && c.type === 'block') push(c, scope);
          } else pushChildren(node, scope);
          break;
        }
        case 'keyword_pattern': {
          // `case C(attr=name)`: the value is a capture when it is a plain name.
          const [key, value] = node.namedChildren;
          if (key) scopeOfIdentifier.set(key, scope);
          if (value?.type === 'dotted_name' && value.namedChildCount === 1) bindTarget(value.namedChild(0)!, scope, 'pattern', undefined);
          else push(value, scope);
          break;
        }
        case 'case_pattern': {
          const only = node.namedChildCount === 1 ? node.namedChild(0) : null;
          if (only?.type === 'dotted_name' && only.namedChildCount === 1 && only.text !== '_') bindTarget(only.namedChild(0)!, scope, 'pattern', wholeSubjectOf(node));
          else pushChildren(node, scope);
          break;
        }
        case 'splat_pattern': {
          const id = node.namedChild(0);
          if (id?.type === 'identifier') bindTarget(id, scope, 'pattern', undefined);
          break;
        }
        case 'import_statement': {
          for (const c of node.namedChildren) {
            if (!c) continue;
            if (c.type === 'dotted_name') {
              const full = dottedText(c);
              const first = c.namedChild(0);
              if (first) scopeOfIdentifier.set(first, scope);
              scope.bind({ name: full.split('.')[0], kind: 'import', node: c, qname: full.split('.')[0] });
            } else if (c.type === 'aliased_import') {
              const name = c.childForFieldName('name');
              const alias = c.childForFieldName('alias');
              if (name && alias) {
                scopeOfIdentifier.set(alias, scope);
                scope.bind({ name: normalizeIdentifier(alias.text), kind: 'import', node: alias, qname: dottedText(name) });
              }
            }
          }
          break;
        }
        case 'import_from_statement': {
          const mod = importFromModule(node);
          const moduleNode = node.childForFieldName('module_name');
          for (const c of node.namedChildren) {
            if (!c || c.id === moduleNode?.id) continue;
            if (c.type === 'wildcard_import') scope.addWildcardImport(mod);
            else if (c.type === 'dotted_name') {
              const name = dottedText(c);
              scope.bind({ name, kind: 'import', node: c, qname: joinModule(mod, name) });
            } else if (c.type === 'aliased_import') {
              const name = c.childForFieldName('name');
              const alias = c.childForFieldName('alias');
              if (name && alias) {
                scopeOfIdentifier.set(alias, scope);
                scope.bind({ name: normalizeIdentifier(alias.text), kind: 'import', node: alias, qname: joinModule(mod, dottedText(name)) });
              }
            }
          }
          break;
        }
        case 'global_statement':
        case 'nonlocal_statement':
          for (const c of node.namedChildren) {
            if (c?.type !== 'identifier') continue;
            scopeOfIdentifier.set(c, scope);
            if (node.type === 'global_statement') scope.addGlobal(normalizeIdentifier(c.text));
            else scope.addNonlocal(normalizeIdentifier(c.text));
          }
          break;
        case 'delete_statement':
          for (const c of node.namedChildren) {
            if (!c) continue;
            const targets = c.type === 'expression_list' ? c.namedChildren : [c];
            for (const t of targets) {
              if (t?.type === 'identifier') {
                scopeOfIdentifier.set(t, scope);
                scope.bind({ name: normalizeIdentifier(t.text), kind: 'del', node: t });
              } else if (t) push(t, scope);
            }
          }
          break;
        default:
          pushChildren(node, scope);
      }
    }
  }
}

/**
 * The subject a case pattern captures whole: `match eval: case f:` and `case _ as f` bind `f`
 * to the subject itself, an alias as plain as `f = eval`. Nested captures (`case [f]`) and
 * several subjects (`match a, b:`) capture parts, which stay unknown.
 */
function wholeSubjectOf(pattern: Node | null): Node | undefined {
  if (pattern?.type !== 'case_pattern' || pattern.parent?.type !== 'case_clause') return undefined;
  const match = pattern.parent.parent?.type === 'block' ? pattern.parent.parent.parent : pattern.parent.parent;
  if (match?.type !== 'match_statement') return undefined;
  const subjects = match.childrenForFieldName('subject').filter((c): c is Node => !!c);
  return subjects.length === 1 ? subjects[0] : undefined;
}

export function joinModule(mod: string, name: string): string {
  if (!mod) return name;
  return mod.endsWith('.') ? mod + name : `${mod}.${name}`;
}

/** The scope whose binding a name refers to from `scope`, or undefined for a builtin/global miss. */
export function lookupScope(name: string, scope: Scope, module: Scope): Scope | undefined {
  if (scope.globals.has(name)) return module.bindings.has(name) ? module : undefined;
  if (scope.nonlocals.has(name)) {
    for (let s = scope.parent; s; s = s.parent) if (s.kind !== 'class' && s.kind !== 'module' && s.bindings.has(name)) return s;
    return undefined;
  }
  if (scope.bindings.has(name)) return scope;
  for (let s = scope.parent; s; s = s.parent) {
    if (s.kind === 'class') continue;
    if (s.globals.has(name)) return module.bindings.has(name) ? module : undefined;
    if (s.bindings.has(name)) return s;
  }
  return undefined;
}
