/**
 * What RestrictedPython's `check_name` sees, found in a tree-sitter tree. RestrictedPython
 * (8.x, `transformer.py`) checks every variable name it meets — reads, writes, deletes — and
 * the names a statement binds: function and class names, parameters, imported names and
 * their aliases, `except ... as` targets. It does *not* check keyword-argument names, `global`
 * names or the module of `from m import x`. PC701 and PC702 share this walk so both mirror the
 * same positions; PC402 and PC303 use it to find every form that binds a name they guard
 * (`bindingVerb` words the binding, `isBoundName` leaves out what binds nothing).
 */
import type { Node } from '../../parser';
import { identifierName, normalizeIdentifier } from '../../semantics';
import { isNameReference, isPatternCapture, isStoreTarget } from '../../semantics/syntax';
import type { Visitor } from '../types';

/** Method names `check_name` lets a function definition use when it is not at column 0. */
export const RP_ALLOWED_FUNC_NAMES: ReadonlySet<string> = new Set(['__init__', '__contains__', '__lt__', '__le__', '__eq__', '__ne__', '__gt__', '__ge__']);

/** `FORBIDDEN_FUNC_NAMES` of RestrictedPython 8.x (4.x had only `print` and `printed`). */
export const RP_RESERVED_NAMES: ReadonlySet<string> = new Set(['print', 'printed', 'builtins', 'breakpoint']);

/**
 * `INSPECT_ATTRIBUTES` of RestrictedPython 8.x: attributes of frames, tracebacks, code objects,
 * generators and coroutines that `visit_Attribute` refuses (CVE-2023-37271 walked them).
 */
export const RP_INSPECT_ATTRIBUTES: ReadonlySet<string> = new Set([
  'tb_frame', 'tb_next',
  'f_back', 'f_builtins', 'f_code', 'f_generator', 'f_globals', 'f_locals', 'f_trace',
  'co_code',
  'gi_frame', 'gi_code', 'gi_yieldfrom',
  'cr_await', 'cr_frame', 'cr_code', 'cr_origin',
]);

export type CheckedNameKind = 'load' | 'store' | 'function' | 'class' | 'parameter' | 'import';

export interface CheckedName {
  /** The node to underline: an identifier, or the dotted name of `import a.b`. */
  node: Node;
  /** NFKC form (Python's own), dotted for `import a.b` as `check_name` receives it. */
  name: string;
  kind: CheckedNameKind;
  /** For `function`: the `def` starts at column 0, where no method name is allowed. */
  atColumnZero?: boolean;
}

/** `a.b` as Python's `alias.name` spells it, whatever whitespace the source has. */
function dottedName(node: Node): string {
  if (node.type !== 'dotted_name') return normalizeIdentifier(node.text);
  return node.namedChildren
    .filter((c): c is Node => c?.type === 'identifier')
    .map((c) => normalizeIdentifier(c.text))
    .join('.');
}

/**
 * Parameter names of a `parameters` or `lambda_parameters` node (defaults and annotations are
 * expressions, reached by the `identifier` walk). Python 2 tuple parameters nest, hence the stack.
 */
export function parameterNames(params: Node): Node[] {
  const names: Node[] = [];
  const stack: Node[] = [...params.namedChildren].filter((c): c is Node => !!c).reverse();
  while (stack.length) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'identifier':
        names.push(node);
        break;
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = node.childForFieldName('name');
        if (name) stack.push(name);
        break;
      }
      case 'typed_parameter':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
      case 'tuple_pattern':
      case 'list_pattern':
        // The annotation of a typed parameter is a `type` child; only the bound name counts.
        for (let i = node.namedChildCount - 1; i >= 0; i--) {
          const child = node.namedChild(i);
          if (child && child.type !== 'type') stack.push(child);
        }
        break;
      default:
        break;
    }
  }
  return names;
}

/** Names bound by an import statement: `import a.b as c` gives `a.b` and `c`. */
function importedNames(statement: Node): Node[] {
  const out: Node[] = [];
  for (const name of statement.childrenForFieldName('name')) {
    if (!name) continue;
    if (name.type === 'aliased_import') {
      const original = name.childForFieldName('name');
      const alias = name.childForFieldName('alias');
      if (original) out.push(original);
      if (alias) out.push(alias);
    } else {
      out.push(name);
    }
  }
  return out;
}

/**
 * Whether a node starts at column 0 (`startPosition.column === 0`, without the position): at
 * the text's start or after a line break (`\n`, `\r\n` or a lone `\r`, as LineIndex counts them).
 */
function startsLine(node: Node): boolean {
  const text = node.tree.source;
  const at = Math.max(0, Math.min(node.startIndex, text.length));
  if (at === 0) return true;
  const before = text.charCodeAt(at - 1);
  return before === 10 || (before === 13 && text.charCodeAt(at) !== 10);
}

/**
 * A visitor that calls `onName` for every name RestrictedPython's `check_name` would check.
 * Combine it with a rule's own handlers; it only uses the node types listed here. `wants` may
 * leave out, early, the identifiers whose name `onName` would pass over anyway.
 */
export function checkedNameVisitor(onName: (checked: CheckedName) => void, wants: (name: string) => boolean = () => true): Visitor {
  return {
    identifier(node) {
      // Every identifier comes here: the name, which is cheap, decides first whether its
      // position, which takes walks up the tree, is worth finding out (`wants`).
      const name = identifierName(node);
      if (!wants(name)) return;
      // `a, *rest = x` puts `rest` in a list_splat_pattern, which syntax.ts counts as a binding
      // position (it is one in a parameter list); in an assignment it is a stored variable.
      const starredTarget = node.parent?.type === 'list_splat_pattern' && isStoreTarget(node);
      // `case _getattr_:` stores the subject in the name as an assignment would.
      const captured = isPatternCapture(node);
      if (!isNameReference(node) && !starredTarget && !captured) return;
      onName({ node, name, kind: captured || isStoreTarget(node) ? 'store' : 'load' });
    },
    function_definition(node) {
      const name = node.childForFieldName('name');
      if (name) {
        onName({ node: name, name: normalizeIdentifier(name.text), kind: 'function', atColumnZero: startsLine(node) });
      }
      const params = node.childForFieldName('parameters');
      if (params) for (const p of parameterNames(params)) onName({ node: p, name: normalizeIdentifier(p.text), kind: 'parameter' });
    },
    lambda(node) {
      const params = node.childForFieldName('parameters');
      if (params) for (const p of parameterNames(params)) onName({ node: p, name: normalizeIdentifier(p.text), kind: 'parameter' });
    },
    class_definition(node) {
      const name = node.childForFieldName('name');
      if (name) onName({ node: name, name: normalizeIdentifier(name.text), kind: 'class' });
    },
    import_statement(node) {
      for (const n of importedNames(node)) onName({ node: n, name: dottedName(n), kind: 'import' });
    },
    import_from_statement(node) {
      for (const n of importedNames(node)) onName({ node: n, name: dottedName(n), kind: 'import' });
    },
    future_import_statement(node) {
      for (const n of importedNames(node)) onName({ node: n, name: dottedName(n), kind: 'import' });
    },
  };
}

/**
 * How a statement binds a name, for a message about the binding (PC402's guards and
 * `__builtins__`, PC303's module metadata). Every binding form counts: a guard shadowed by
 * `def _getattr_`, `import json as _getiter_`, `for _write_ in ...` or `with ... as _getitem_` is
 * as switched off as one shadowed by an assignment.
 */
export function bindingVerb(checked: CheckedName): string {
  switch (checked.kind) {
    case 'function':
      return 'defining function';
    case 'class':
      return 'defining class';
    case 'import':
      return 'importing as';
    case 'parameter':
      return 'parameter';
    default:
      break;
  }
  const form = bindingFormOf(checked.node);
  switch (form?.type) {
    case 'assignment':
      return 'assigning';
    case 'augmented_assignment':
      return 'updating';
    case 'delete_statement':
      return 'deleting';
    case 'named_expression':
      return 'assigning';
    case 'for_statement':
    case 'for_in_clause':
      return 'looping over';
    case 'as_pattern':
      return form.parent?.type === 'case_pattern' ? 'capturing' : 'binding';
    case 'case_pattern':
    case 'keyword_pattern':
      return 'capturing';
    default:
      return 'binding';
  }
}

/** What a stored name may be the target of, nearest first (see `bindingFormOf`). */
const BINDING_FORMS = new Set(['assignment', 'augmented_assignment', 'delete_statement', 'named_expression', 'for_statement', 'for_in_clause', 'with_item', 'as_pattern', 'case_pattern', 'keyword_pattern']);

/**
 * The form that binds a stored name (`isStoreTarget`, or a `case` capture): its assignment,
 * augmented assignment, `del`, walrus, `for` or comprehension clause, `with` item, `as` pattern
 * (of a `with`, an `except` or a `case`) or case pattern.
 */
export function bindingFormOf(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (BINDING_FORMS.has(p.type)) return p;
  return undefined;
}

/**
 * Whether a checked name is one the statement binds: not the original of an aliased import
 * (`__file__` in `from email import __file__ as path`, which binds only `path`), which
 * RestrictedPython checks too, nor the target of an annotation without a value.
 */
export function isBoundName(checked: CheckedName): boolean {
  const parent = checked.node.parent;
  if (checked.kind === 'import' && parent?.type === 'aliased_import' && parent.childForFieldName('name')?.id === checked.node.id) return false;
  // `__module__: str` in a class body: an annotation alone binds nothing.
  return !(parent?.type === 'assignment' && parent.childForFieldName('left')?.id === checked.node.id && !parent.childForFieldName('right'));
}
