import type { Node } from '../parser';
import { memoOf, type NodeMemo } from './memo';
import type { Value } from './values';
import { identifierName, normalizeIdentifier } from './names';
import { classPatternOfKeyword } from './syntax';

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
  | 'unpack'
  /** Entries of the module's call/alias/base index (see `INDEX`), not names of the program. */
  | 'index';

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
  /**
   * The part of `value` (or of an element of `elementOf`) the name takes, outermost step first:
   * `case [f]` is item 0 of the match subject, `case {"k": f}` its item under `"k"`, `case
   * Box(item=f)` its attribute `item`; `_, m = pair` item 1 of `pair`.
   */
  subjectPath?: SubjectStep[];
  scope: Scope;
  /**
   * The values the binding gives its name, worked out once for every reference to it
   * (semantics/index.ts): for an import, a def or a class, always; for an assignment, while
   * `valuesFrom` is the complete answer for its value.
   */
  values?: Value[];
  valuesFrom?: Value[];
}

/** A `Binding`, all of whose fields are set in one order: one hidden class for every binding. */
class BindingRecord implements Binding {
  name: string;
  kind: BindingKind;
  node: Node;
  value: Node | undefined;
  elementOf: Node | undefined;
  qname: string | undefined;
  definition: Node | undefined;
  subjectPath: SubjectStep[] | undefined;
  scope: Scope;
  values: Value[] | undefined = undefined;
  valuesFrom: Value[] | undefined = undefined;

  constructor(b: Omit<Binding, 'scope' | 'values' | 'valuesFrom'>, scope: Scope) {
    this.name = b.name;
    this.kind = b.kind;
    this.node = b.node;
    this.value = b.value;
    this.elementOf = b.elementOf;
    this.qname = b.qname;
    this.definition = b.definition;
    this.subjectPath = b.subjectPath;
    this.scope = scope;
  }
}

/** One step from a value to the part of it a nested target or capture takes. */
export type SubjectStep =
  | { kind: 'index'; index: number }
  | { kind: 'element' }
  | { kind: 'key'; key: Node }
  | { kind: 'attribute'; name: string }
  // A starred target's part, as a list: `value[start:len(value) + stop]` (`stop` is 0 or negative).
  | { kind: 'slice'; start: number; stop: number };

/**
 * Pseudo-names under which the module scope indexes what a resolution needs to find from the
 * other end: the calls of a function by the name they call (`#call:render`), the names bound
 * to another name (`#alias:render` for `r = render`), the classes naming a base (`#base:Base`)
 * the assignments to an attribute by its name (`#attr:tpl`, for `self.tpl = ...`) and to an item by
 * the name of its holder (`#item:table`, for `table["run"] = ...`). They are
 * bindings so that a lookup of them is observed like any other (incremental/ learns that a
 * function's parameters depend on the statements calling it); `#` keeps them apart from names.
 * `#id:ns` is no binding: a question that reads every identifier of a name in the file looks it
 * up (`Semantics.dictUnchanged`), and incremental/ counts it changed with any statement holding one.
 */
export const INDEX = {
  call: (name: string): string => indexKey(CALL_KEYS, '#call:', name),
  alias: (name: string): string => indexKey(ALIAS_KEYS, '#alias:', name),
  base: (name: string): string => indexKey(BASE_KEYS, '#base:', name),
  attribute: (name: string): string => indexKey(ATTRIBUTE_KEYS, '#attr:', name),
  item: (holder: string): string => indexKey(ITEM_KEYS, '#item:', holder),
  identifier: (name: string): string => indexKey(IDENTIFIER_KEYS, '#id:', name),
};

/**
 * The index's keys, one string per name: every call and attribute assignment of every file is
 * indexed, and a key made anew each time was a string to allocate and hash for each (bounded:
 * the names of a server's documents come and go).
 */
const CALL_KEYS = new Map<string, string>();
const ALIAS_KEYS = new Map<string, string>();
const BASE_KEYS = new Map<string, string>();
const ATTRIBUTE_KEYS = new Map<string, string>();
const IDENTIFIER_KEYS = new Map<string, string>();
const ITEM_KEYS = new Map<string, string>();
const MAX_INDEX_KEYS = 20_000;

function indexKey(keys: Map<string, string>, prefix: string, name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    if (keys.size >= MAX_INDEX_KEYS) keys.clear();
    keys.set(name, (key = prefix + name));
  }
  return key;
}

/** The name an expression is written as, for the index: `f` for `f` and for `a.b.f`. */
function indexedNameOf(node: Node | null | undefined): string | undefined {
  if (node?.type === 'identifier') return identifierName(node);
  if (node?.type === 'attribute') {
    const attr = node.childForFieldName('attribute');
    return attr ? identifierName(attr) : undefined;
  }
  return undefined;
}

/**
 * The `globals` and `nonlocals` of a scope that declares none (nearly all): one shared empty set,
 * replaced by a scope's own on its first declaration. Never added to.
 */
const NO_DECLARATIONS: ReadonlySet<string> = new Set<string>();

export class Scope {
  // Replaced, not cleared, when an incremental analysis refills the module scope (`reset`).
  bindings = new Map<string, Binding[]>();
  globals: ReadonlySet<string> = NO_DECLARATIONS;
  nonlocals: ReadonlySet<string> = NO_DECLARATIONS;
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

  /**
   * Adds a binding of this scope. The fields given are copied into a `BindingRecord`: object
   * literals with different sets of fields, completed with `scope` here and `values` later,
   * were a dozen hidden classes at every read of a binding, which kept V8 deoptimising and
   * recompiling the resolver ("wrong map").
   */
  bind(binding: Omit<Binding, 'scope' | 'values' | 'valuesFrom'>): void {
    this.add(new BindingRecord(binding, this));
  }

  /** Adds a binding made before, in a statement an incremental analysis did not walk again. */
  add(binding: Binding): void {
    const list = this.bindings.get(binding.name);
    if (list) list.push(binding);
    else this.bindings.set(binding.name, [binding]);
    this.recording?.bindings.push(binding);
  }

  addGlobal(name: string): void {
    if (this.globals === NO_DECLARATIONS) this.globals = new Set();
    (this.globals as Set<string>).add(name);
    this.recording?.globals.push(name);
  }

  addNonlocal(name: string): void {
    if (this.nonlocals === NO_DECLARATIONS) this.nonlocals = new Set();
    (this.nonlocals as Set<string>).add(name);
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
    this.globals = NO_DECLARATIONS;
    this.nonlocals = NO_DECLARATIONS;
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
  /** For an incremental analysis: what each top-level class's statement added, part by part (`ClassScopes`). */
  classes: Map<Node, ClassScopes>;
}

/** Scopes an incremental analysis keeps: the module scope object and the statements it need not walk again. */
export interface KeptScopes {
  module: Scope;
  statements: ReadonlyMap<Node, StatementScopes>;
  /**
   * The top-level classes as their statements were walked (by statement). A class statement that
   * is the same node but not among `statements` had methods replaced (incremental/fragment.ts
   * keeps the class around a method parsed alone): its other parts are replayed into its kept
   * class scope, and only the body's new children are walked. A class statement copied again
   * (a new node) may be given the parts of the one it replaced (incremental/analyzer.ts, when
   * the copy took that one's methods over, syntaxTree.ts): its header and the body's new
   * children are walked, the methods taken over replayed, into that class's scope emptied.
   */
  classes?: ReadonlyMap<Node, ClassScopes>;
}

/**
 * What the walk of a top-level class statement added to the module scope and to the class's
 * scope, part by part in walk order: what comes before its body (decorators, the class's name,
 * its bases' index entries), each child of its body, then what comes after (type parameters,
 * bases). A body child's part depends on that child and the class scope only.
 */
export interface ClassScopes {
  scope: Scope;
  before: ScopePart;
  children: Map<Node, ScopePart>;
  after: ScopePart;
}

interface ScopePart {
  module: Binding[];
  cls: Binding[];
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
 * statements kept from an earlier build are not walked again, their records are replayed. The
 * memos taken over are added to `taken` (see memo.ts `forgetAnswers`).
 */
export function buildScopes(root: Node, owner: number, kept?: KeptScopes, taken?: NodeMemo[], recordClasses = false): ScopeTable {
  const module = kept?.module ?? new Scope('module', root, undefined);
  module.reset(root);
  const statements = new Map<Node, StatementScopes>();
  const classes = new Map<Node, ClassScopes>();
  // Two parallel stacks rather than one of pairs: a pair per node was most of this pass's garbage.
  const stack: Node[] = [];
  const scopes: Scope[] = [];
  /** The scope each identifier is evaluated in, and the scope each definition makes, kept on the node (see memo.ts). */
  const scopeOfIdentifier = {
    set(identifier: Node, scope: Scope): void {
      const memo = memoOf(identifier, owner, taken);
      memo.scopesOf = module;
      memo.scope = scope;
    },
  };
  const scopeOfDefinition = {
    set(definition: Node, scope: Scope): void {
      const memo = memoOf(definition, owner, taken);
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
      // Not bound there yet: the enclosing function binds it later in its body (`def on_quit():
      // nonlocal done` before `done = False`); Python resolves `nonlocal` against the whole body.
      for (let s = scope.parent; s; s = s.parent) if (s.kind === 'function') return s;
    }
    return scope;
  };

  /** Binds where an assignment of the name binds (`bindingScope`). */
  const bindWhereAssigned = (scope: Scope, binding: Omit<Binding, 'scope' | 'values' | 'valuesFrom'>): void => bindingScope(scope, binding.name).bind(binding);

  /** Binds every name in an assignment target; pairs names with values when shapes match. */
  const bindTarget = (target: Node, scope: Scope, kind: BindingKind, value: Node | undefined, elementOf?: Node, subjectPath?: SubjectStep[]): void => {
    // Most targets are one name: bound without the work list below.
    if (target.type === 'identifier') {
      scopeOfIdentifier.set(target, scope);
      const name = identifierName(target);
      bindingScope(scope, name).bind({ name, kind, node: target, value, elementOf, subjectPath });
      return;
    }
    const work: [Node, Node | undefined, Node | undefined, SubjectStep[] | undefined][] = [[target, value, elementOf, subjectPath]];
    while (work.length) {
      const [t, v, el, path] = work.pop()!;
      switch (t.type) {
        case 'identifier': {
          scopeOfIdentifier.set(t, scope);
          const name = identifierName(t);
          bindingScope(scope, name).bind({ name, kind, node: t, value: v, elementOf: el, subjectPath: path });
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
          // Unpaired (`a, b = pair`, `for k, f in table`): each name takes its item of the value.
          const unpacked = !paired && (v || el);
          // `head, *body, tail = xs`: the targets after the star count from the end, and the star takes the list between.
          const star = targets.findIndex((x) => x.type === 'list_splat_pattern' || x.type === 'list_splat');
          const stepOf = (i: number): SubjectStep =>
            star < 0 || i < star ? { kind: 'index', index: i } : i === star ? { kind: 'slice', start: i, stop: i + 1 - targets.length } : { kind: 'index', index: i - targets.length };
          targets.forEach((sub, i) => {
            if (paired) work.push([sub, values[i], undefined, undefined]);
            else if (unpacked) work.push([sub, v, el, [...(path ?? []), stepOf(i)]]);
            else work.push([sub, undefined, undefined, undefined]);
          });
          break;
        }
        case 'list_splat_pattern':
        case 'list_splat': {
          // Its part of the value is the step its tuple gave it (a slice), or nothing known.
          const inner = t.namedChild(0);
          if (inner) work.push(path?.[path.length - 1]?.kind === 'slice' ? [inner, v, el, path] : [inner, undefined, undefined, undefined]);
          break;
        }
        default:
          // Attribute and subscript targets bind no name; their parts are references. An
          // attribute target is indexed by its name (`self.tpl = v`: what instances hold).
          if (t.type === 'attribute') {
            const attr = indexedNameOf(t);
            if (attr) module.bind({ name: INDEX.attribute(attr), kind, node: t, value: v, elementOf: el });
          } else if (t.type === 'subscript') {
            // `table["run"] = exec`: indexed by the name of what is subscripted (what dicts hold).
            const holder = indexedNameOf(t.childForFieldName('value'));
            if (holder) module.bind({ name: INDEX.item(holder), kind, node: t, value: v, elementOf: el });
          }
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

  /** While a top-level class statement is walked in parts (`walkClassStatement`): where each part starts. */
  let segment: { starts: number[]; classStarts: number[]; nodes: Node[] } | undefined;
  let segmentClass: Node | undefined;
  let segmentBody: Node | undefined;
  let segmentScope: Scope | undefined;
  let segmentRecording: StatementScopes | undefined;
  /** The parts of the class statement a copied one replaced, whose body children it took over (see `KeptScopes.classes`). */
  let segmentReplay: ClassScopes | undefined;

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
      const parts = kept!.classes?.get(statement);
      if (parts) classes.set(statement, parts);
      continue;
    }
    const recording: StatementScopes = { bindings: [], globals: [], nonlocals: [], wildcardImports: [] };
    module.recording = recording;
    const cls = recordClasses ? classOfStatement(statement) : undefined;
    const body = cls?.childForFieldName('body');
    if (cls && body) {
      const parts = walkClassStatement(statement, cls, body, kept?.classes?.get(statement), recording);
      if (parts) classes.set(statement, parts);
    } else {
      stack.push(statement);
      scopes.push(module);
      walkStatement();
    }
    module.recording = undefined;
    statements.set(statement, recording);
  }
  return { module, statements, classes };

  /**
   * Walks a top-level class statement as `walkStatement` does, noting what each part adds
   * (`ClassScopes`); with `before` (the same class statement, some body children replaced since),
   * replays the parts of the children it had into its kept scope and walks only the others.
   * Undefined when the statement cannot be replayed so (a declaration or wildcard import in the
   * class's own scope, or one made in the module scope: those are not split by part).
   */
  function walkClassStatement(statement: Node, cls: Node, body: Node, before: ClassScopes | undefined, recording: StatementScopes): ClassScopes | undefined {
    const moduleMark = (): number => recording.bindings.length;
    if (before && before.scope.node === cls) {
      const inner = before.scope;
      inner.reset(cls);
      scopeOfDefinition.set(cls, inner);
      const classRecording: StatementScopes = { bindings: [], globals: [], nonlocals: [], wildcardImports: [] };
      inner.recording = classRecording;
      try {
        const replay = (part: ScopePart): void => {
          for (const b of part.module) module.add(b);
          for (const b of part.cls) inner.add(b);
        };
        replay(before.before);
        const children = new Map<Node, ScopePart>();
        for (const child of body.children) {
          // What the walk of the body pushes: its named children.
          if (!child.isNamed) continue;
          let part = before.children.get(child);
          if (part) replay(part);
          else {
            const m = moduleMark();
            const c = classRecording.bindings.length;
            stack.push(child);
            scopes.push(inner);
            walkStatement();
            part = { module: recording.bindings.slice(m), cls: classRecording.bindings.slice(c) };
          }
          children.set(child, part);
        }
        replay(before.after);
        if (!replayable(recording, classRecording)) return undefined;
        return { scope: inner, before: before.before, children, after: before.after };
      } finally {
        inner.recording = undefined;
      }
    }
    // A fresh walk, cut into parts where a child of the body (then what follows the body) starts:
    // the walk takes the body's children one after the other, each with all below it. With the
    // parts of the class statement this one replaced, the children it had are replayed instead.
    segmentClass = cls;
    segmentBody = body;
    segmentReplay = before;
    segment = { starts: [], nodes: [], classStarts: [] };
    try {
      stack.push(statement);
      scopes.push(module);
      walkStatement();
      const inner = segmentScope;
      if (!inner || !segmentRecording) return undefined;
      const classRecording = segmentRecording;
      if (!replayable(recording, classRecording)) return undefined;
      const { starts, nodes, classStarts } = segment;
      const ends = [...starts.slice(1), recording.bindings.length];
      const classEnds = [...classStarts.slice(1), classRecording.bindings.length];
      const partOf = (k: number): ScopePart => ({ module: recording.bindings.slice(starts[k], ends[k]), cls: classRecording.bindings.slice(classStarts[k], classEnds[k]) });
      // Part 0 is what comes before the body; a part whose node is not a child of the body, what follows it.
      const children = new Map<Node, ScopePart>();
      let after: ScopePart = { module: [], cls: [] };
      let first: ScopePart = { module: recording.bindings.slice(0, starts.length ? starts[0] : recording.bindings.length), cls: classRecording.bindings.slice(0, classStarts.length ? classStarts[0] : classRecording.bindings.length) };
      for (let k = 0; k < nodes.length; k++) {
        const part = partOf(k);
        if (nodes[k].parent === body) children.set(nodes[k], part);
        else after = { module: [...after.module, ...part.module], cls: [...after.cls, ...part.cls] };
      }
      return { scope: inner, before: first, children, after };
    } finally {
      if (segmentScope) segmentScope.recording = undefined;
      segmentClass = undefined;
      segmentBody = undefined;
      segmentScope = undefined;
      segmentRecording = undefined;
      segmentReplay = undefined;
      segment = undefined;
    }
  }

  // One small function per kind of node rather than one switch holding every case: V8 compiled
  // the whole walk as one function of ~6 KB of bytecode (250-500 ms of TurboFan each time) and
  // compiled it again after each deopt in any case (a rare construct seen late, an allocation
  // site tenured while compiling); now each part is compiled, and recompiled, on its own.
  function walkStatement(): void {
    while (stack.length) {
      const node = stack.pop()!;
      const scope = scopes.pop()!;
      if (segment !== undefined && (node.parent === segmentBody || (node.parent === segmentClass && node !== segmentBody))) {
        segment.starts.push(module.recording!.bindings.length);
        segment.classStarts.push(segmentRecording ? segmentRecording.bindings.length : 0);
        segment.nodes.push(node);
        // A child the replaced class statement had: what it added, replayed (see `KeptScopes.classes`).
        const part = segmentReplay !== undefined && node.parent === segmentBody ? segmentReplay.children.get(node) : undefined;
        if (part !== undefined) {
          for (const b of part.module) module.add(b);
          for (const b of part.cls) segmentScope!.add(b);
          continue;
        }
      }
      switch (node.type) {
        case 'identifier':
          scopeOfIdentifier.set(node, scope);
          break;
        case 'function_definition':
          walkFunctionDefinition(node, scope);
          break;
        case 'lambda':
          walkLambda(node, scope);
          break;
        case 'class_definition':
          walkClassDefinition(node, scope);
          break;
        case 'list_comprehension':
        case 'set_comprehension':
        case 'dictionary_comprehension':
        case 'generator_expression':
          walkComprehension(node, scope);
          break;
        case 'call':
          walkCall(node, scope);
          break;
        case 'assignment':
          walkAssignment(node, scope);
          break;
        case 'augmented_assignment':
          walkAugmentedAssignment(node, scope);
          break;
        case 'named_expression':
          walkNamedExpression(node, scope);
          break;
        case 'for_statement':
          walkForStatement(node, scope);
          break;
        case 'as_pattern':
          walkAsPattern(node, scope);
          break;
        case 'except_clause':
          walkExceptClause(node, scope);
          break;
        case 'keyword_pattern':
          walkKeywordPattern(node, scope);
          break;
        case 'case_pattern':
          walkCasePattern(node, scope);
          break;
        case 'splat_pattern':
          walkSplatPattern(node, scope);
          break;
        case 'import_statement':
          walkImportStatement(node, scope);
          break;
        case 'import_from_statement':
          walkImportFromStatement(node, scope);
          break;
        case 'global_statement':
        case 'nonlocal_statement':
          walkDeclaration(node, scope);
          break;
        case 'delete_statement':
          walkDeleteStatement(node, scope);
          break;
        default:
          pushChildren(node, scope);
      }
    }
  }

  function walkFunctionDefinition(node: Node, scope: Scope): void {
    const inner = new Scope('function', node, scope);
    scopeOfDefinition.set(node, inner);
    bindDefinedName(node, 'def', scope);
    bindParameters(node.childForFieldName('parameters'), inner, scope);
    push(node.childForFieldName('return_type'), scope);
    push(node.childForFieldName('type_parameters'), inner);
    push(node.childForFieldName('body'), inner);
  }

  /** The name a `def` or `class` binds, in the scope around it. */
  function bindDefinedName(node: Node, kind: 'def' | 'class', scope: Scope): void {
    const name = node.childForFieldName('name');
    if (!name) return;
    scopeOfIdentifier.set(name, scope);
    // Under `global g` (or `nonlocal g`), `def g` and `class g` bind where an assignment would (as
    // imports and `del` do).
    const bound = normalizeIdentifier(name.text);
    bindWhereAssigned(scope, { name: bound, kind, node: name, definition: node });
  }

  function walkLambda(node: Node, scope: Scope): void {
    const inner = new Scope('lambda', node, scope);
    scopeOfDefinition.set(node, inner);
    bindParameters(node.childForFieldName('parameters'), inner, scope);
    push(node.childForFieldName('body'), inner);
  }

  function walkClassDefinition(node: Node, scope: Scope): void {
    let inner: Scope;
    if (node === segmentClass && segmentReplay !== undefined && segmentReplay.scope.parent === scope) {
      // The scope of the class statement this one replaced, emptied: the scopes of the children
      // replayed into it hang from it.
      inner = segmentReplay.scope;
      inner.reset(node);
    } else {
      if (node === segmentClass) segmentReplay = undefined;
      inner = new Scope('class', node, scope);
    }
    scopeOfDefinition.set(node, inner);
    if (node === segmentClass) {
      segmentScope = inner;
      inner.recording = segmentRecording = { bindings: [], globals: [], nonlocals: [], wildcardImports: [] };
    }
    bindDefinedName(node, 'class', scope);
    for (const base of node.childForFieldName('superclasses')?.namedChildren ?? []) {
      const baseName = indexedNameOf(base);
      if (baseName) module.bind({ name: INDEX.base(baseName), kind: 'index', node });
    }
    push(node.childForFieldName('superclasses'), scope);
    push(node.childForFieldName('type_parameters'), inner);
    push(node.childForFieldName('body'), inner);
  }

  function walkComprehension(node: Node, scope: Scope): void {
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
  }

  function walkCall(node: Node, scope: Scope): void {
    const called = indexedNameOf(node.childForFieldName('function'));
    if (called) module.bind({ name: INDEX.call(called), kind: 'index', node });
    pushChildren(node, scope);
  }

  function walkAssignment(node: Node, scope: Scope): void {
    let right = node.childForFieldName('right');
    while (right && right.type === 'assignment') right = right.childForFieldName('right');
    const left = node.childForFieldName('left');
    if (left) bindTarget(left, scope, 'assign', right ?? undefined);
    const aliased = left?.type === 'identifier' ? indexedNameOf(right) : undefined;
    if (aliased) module.bind({ name: INDEX.alias(aliased), kind: 'index', node: left! });
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
  }

  function walkAugmentedAssignment(node: Node, scope: Scope): void {
    const left = node.childForFieldName('left');
    if (left?.type === 'identifier') {
      scopeOfIdentifier.set(left, scope);
      // `global x` … `x += 1`: the update binds the module's `x`, as an assignment would.
      const name = normalizeIdentifier(left.text);
      bindingScope(scope, name).bind({ name, kind: 'augassign', node: left });
    } else push(left, scope);
    push(node.childForFieldName('right'), scope);
  }

  function walkNamedExpression(node: Node, scope: Scope): void {
    const name = node.childForFieldName('name');
    const value = node.childForFieldName('value');
    if (name) bindTarget(name, walrusScope(scope), 'walrus', value ?? undefined);
    push(value, scope);
  }

  function walkForStatement(node: Node, scope: Scope): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left) bindTarget(left, scope, 'for', undefined, right ?? undefined);
    push(right, scope);
    push(node.childForFieldName('body'), scope);
    push(node.childForFieldName('alternative'), scope);
  }

  function walkAsPattern(node: Node, scope: Scope): void {
    // `with x as y`, `except E as e`, `case P as name`
    // In a `case`, the grammar gives the captured name no field: it is the last child.
    const alias = node.childForFieldName('alias') ?? (node.parent?.type === 'case_pattern' && node.lastNamedChild?.type === 'identifier' ? node.lastNamedChild : null);
    const kind: BindingKind = node.parent?.type === 'except_clause' ? 'except' : node.parent?.type === 'with_item' ? 'with' : 'pattern';
    for (const c of node.namedChildren) if (c && c.id !== alias?.id) push(c, scope);
    if (alias) {
      const target = alias.type === 'as_pattern_target' ? alias.namedChild(0) : alias;
      const reached = kind === 'pattern' ? subjectOf(node.parent) : undefined;
      if (target) bindTarget(target, scope, kind, reached?.subject, undefined, reached?.path);
    }
  }

  function walkExceptClause(node: Node, scope: Scope): void {
    // Python 2: `except E, e:` binds `e`.
    const values = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'block' && c.type !== 'comment');
    if (values.length === 2 && values[0].type !== 'as_pattern' && values[1].type === 'identifier') {
      push(values[0], scope);
      bindTarget(values[1], scope, 'except', undefined);
      for (const c of node.namedChildren) if (c && c.type === 'block') push(c, scope);
    } else pushChildren(node, scope);
  }

  function walkKeywordPattern(node: Node, scope: Scope): void {
    // `case C(attr=name)`: the value is a capture when it is a plain name.
    const [key, value] = node.namedChildren;
    if (key) scopeOfIdentifier.set(key, scope);
    if (value?.type === 'dotted_name' && value.namedChildCount === 1) {
      const reached = key ? subjectOf(node, { kind: 'attribute', name: normalizeIdentifier(key.text) }) : undefined;
      bindTarget(value.namedChild(0)!, scope, 'pattern', reached?.subject, undefined, reached?.path);
    }
    else push(value, scope);
  }

  function walkCasePattern(node: Node, scope: Scope): void {
    const only = node.namedChildCount === 1 ? node.namedChild(0) : null;
    if (only?.type === 'dotted_name' && only.namedChildCount === 1 && only.text !== '_') {
      const reached = subjectOf(node);
      bindTarget(only.namedChild(0)!, scope, 'pattern', reached?.subject, undefined, reached?.path);
    }
    else pushChildren(node, scope);
  }

  function walkSplatPattern(node: Node, scope: Scope): void {
    const id = node.namedChild(0);
    if (id?.type === 'identifier') bindTarget(id, scope, 'pattern', undefined);
  }

  function walkImportStatement(node: Node, scope: Scope): void {
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'dotted_name') {
        const full = dottedText(c);
        const first = c.namedChild(0);
        if (first) scopeOfIdentifier.set(first, scope);
        bindWhereAssigned(scope, { name: full.split('.')[0], kind: 'import', node: c, qname: full.split('.')[0] });
      } else if (c.type === 'aliased_import') {
        const name = c.childForFieldName('name');
        const alias = c.childForFieldName('alias');
        if (name && alias) {
          scopeOfIdentifier.set(alias, scope);
          bindWhereAssigned(scope, { name: normalizeIdentifier(alias.text), kind: 'import', node: alias, qname: dottedText(name) });
        }
      }
    }
  }

  function walkImportFromStatement(node: Node, scope: Scope): void {
    const mod = importFromModule(node);
    const moduleNode = node.childForFieldName('module_name');
    for (const c of node.namedChildren) {
      if (!c || c.id === moduleNode?.id) continue;
      if (c.type === 'wildcard_import') scope.addWildcardImport(mod);
      else if (c.type === 'dotted_name') {
        const name = dottedText(c);
        bindWhereAssigned(scope, { name, kind: 'import', node: c, qname: joinModule(mod, name) });
      } else if (c.type === 'aliased_import') {
        const name = c.childForFieldName('name');
        const alias = c.childForFieldName('alias');
        if (name && alias) {
          scopeOfIdentifier.set(alias, scope);
          bindWhereAssigned(scope, { name: normalizeIdentifier(alias.text), kind: 'import', node: alias, qname: joinModule(mod, dottedText(name)) });
        }
      }
    }
  }

  function walkDeclaration(node: Node, scope: Scope): void {
    for (const c of node.namedChildren) {
      if (c?.type !== 'identifier') continue;
      scopeOfIdentifier.set(c, scope);
      if (node.type === 'global_statement') scope.addGlobal(normalizeIdentifier(c.text));
      else scope.addNonlocal(normalizeIdentifier(c.text));
    }
  }

  function walkDeleteStatement(node: Node, scope: Scope): void {
    for (const c of node.namedChildren) {
      if (!c) continue;
      const targets = c.type === 'expression_list' ? c.namedChildren : [c];
      for (const t of targets) {
        if (t?.type === 'identifier') {
          scopeOfIdentifier.set(t, scope);
          bindWhereAssigned(scope, { name: normalizeIdentifier(t.text), kind: 'del', node: t });
        } else if (t) push(t, scope);
      }
    }
  }
}

/**
 * The match subject a case pattern captures from, and the steps to its part: `match eval:
 * case f:` and `case _ as f` bind `f` to the subject itself, an alias as plain as `f = eval`;
 * `case [f]` to its item 0, `case {"k": f}` to its item under `"k"`, `case Box(item=f)` to its
 * attribute. `first` is the step of a keyword pattern to its value. Several subjects
 * (`match a, b:`) and positional class patterns (`__match_args__`) reach nothing known.
 */
export function subjectOf(pattern: Node | null, first?: SubjectStep): { subject: Node; path: SubjectStep[] | undefined } | undefined {
  const steps: SubjectStep[] = first ? [first] : [];
  let node = pattern;
  for (let hops = 0; node && hops < 64; hops++) {
    const parent: Node | null = node.parent;
    if (!parent) return undefined;
    if (node.type === 'keyword_pattern') {
      // A keyword pattern met on the way up (`object(sys=object(modules=m))`) is a step of its
      // own: its attribute of what the class pattern holding it matched.
      const key = node.namedChild(0);
      if ((hops > 0 || !first) && key?.type === 'identifier') steps.push({ kind: 'attribute', name: normalizeIdentifier(key.text) });
      // `Box(item=...)`: go on from the case pattern holding the class pattern.
      const holder = classPatternOfKeyword(node);
      if (!holder) return undefined;
      node = holder.parent;
      continue;
    }
    if (node.type !== 'case_pattern') {
      if (node.type === 'as_pattern' || node.type === 'union_pattern') {
        node = parent;
        continue;
      }
      return undefined;
    }
    switch (parent.type) {
      case 'case_clause': {
        const match = parent.parent?.type === 'block' ? parent.parent.parent : parent.parent;
        if (match?.type !== 'match_statement') return undefined;
        const subjects = match.childrenForFieldName('subject').filter((c): c is Node => !!c);
        return subjects.length === 1 ? { subject: subjects[0], path: steps.length ? steps.reverse() : undefined } : undefined;
      }
      case 'as_pattern':
      case 'union_pattern':
        node = parent;
        continue;
      case 'list_pattern':
      case 'tuple_pattern': {
        let index = 0;
        let known = true;
        for (const c of parent.namedChildren) {
          if (!c || c.id === node.id) break;
          if (c.type !== 'case_pattern') continue;
          if (c.namedChild(0)?.type === 'splat_pattern') known = false;
          index++;
        }
        steps.push(known ? { kind: 'index', index } : { kind: 'element' });
        node = parent.parent;
        continue;
      }
      case 'dict_pattern': {
        // The value's key is the sibling before it.
        const siblings = parent.namedChildren;
        const at = siblings.findIndex((c) => c?.id === node!.id);
        const key = at > 0 ? siblings[at - 1] : null;
        if (!key || key.type === 'case_pattern' || key.type === 'splat_pattern') return undefined;
        steps.push({ kind: 'key', key });
        node = parent.parent;
        continue;
      }
      default:
        return undefined;
    }
  }
  return undefined;
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

/** The class a top-level statement defines (decorated or not), if any. */
export function classOfStatement(statement: Node): Node | undefined {
  if (statement.type === 'class_definition') return statement;
  if (statement.type !== 'decorated_definition') return undefined;
  const definition = statement.childForFieldName('definition');
  return definition?.type === 'class_definition' ? definition : undefined;
}

/** Whether a class statement's parts can be replayed: it declared nothing and imported no `*`, in its scope or the module's. */
function replayable(recording: StatementScopes, classRecording: StatementScopes): boolean {
  return (
    recording.globals.length === 0 &&
    recording.nonlocals.length === 0 &&
    recording.wildcardImports.length === 0 &&
    classRecording.globals.length === 0 &&
    classRecording.nonlocals.length === 0 &&
    classRecording.wildcardImports.length === 0
  );
}
