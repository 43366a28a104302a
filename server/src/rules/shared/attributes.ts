import type { Policy } from '../../policy/types';
import { isAttributeAllowed } from '../../policy/queries';
import { isDunder } from '../../semantics';

/**
 * Non-dunder attributes that expose interpreter internals: Python 2 function attributes,
 * generator/coroutine frames, frame and traceback links, code object fields.
 */
export const INTERNAL_ATTRIBUTES = new Set([
  'func_code', 'func_globals', 'func_closure', 'func_defaults', 'func_dict', 'func_name',
  'im_func', 'im_self', 'im_class',
  'gi_frame', 'gi_code', 'gi_yieldfrom', 'gi_running',
  'cr_frame', 'cr_code', 'cr_await', 'cr_origin',
  'ag_frame', 'ag_code', 'ag_await',
  'f_back', 'f_globals', 'f_locals', 'f_builtins', 'f_code', 'f_trace', 'f_lasti',
  'tb_frame', 'tb_next', 'tb_lasti',
  'co_code', 'co_consts', 'co_names', 'co_varnames', 'co_filename', 'co_freevars', 'co_cellvars', 'co_lnotab', 'co_linetable', 'co_exceptiontable',
  'mro',
]);

/** `_Printer__filenames`: Python's mangled form of a class-private `__name`. */
export function isMangledPrivate(name: string): boolean {
  return /^_[A-Za-z0-9]\w*__\w+$/.test(name) && !isDunder(name);
}

export type AttributeVerdict = { forbidden: true; reason: string } | { forbidden: false };

/** Whether a plugin may read or write the attribute `name` under `policy`, and why not. */
export function attributeVerdict(policy: Policy, name: string): AttributeVerdict {
  if (isDunder(name)) return isAttributeAllowed(policy, name) ? { forbidden: false } : { forbidden: true, reason: 'a dunder attribute' };
  if (INTERNAL_ATTRIBUTES.has(name)) return { forbidden: true, reason: 'an interpreter-internal attribute' };
  if (isMangledPrivate(name)) return { forbidden: true, reason: 'a name-mangled private attribute' };
  if (name.startsWith('_') && name !== '_') return { forbidden: true, reason: 'a private attribute' };
  return { forbidden: false };
}
