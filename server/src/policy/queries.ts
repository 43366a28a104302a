import type { Policy } from './types';

/** The module and each parent, longest first: `a.b.c`, `a.b`, `a`. */
function prefixes(module: string): string[] {
  const parts = module.split('.');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}

/** A dotted module is allowed when it or a parent is listed and neither it nor a parent is denied. */
export function isModuleAllowed(policy: Policy, module: string): boolean {
  if (!module || module.startsWith('.')) return false;
  const chain = prefixes(module);
  if (chain.some((m) => policy.denyModules.has(m))) return false;
  return chain.some((m) => policy.allowModules.has(m));
}

/** The allowed module a dotted name belongs to (`os` for `os.path.join` when `os` is allowed). */
export function allowedModuleOf(policy: Policy, qname: string): string | undefined {
  return prefixes(qname).find((m) => policy.allowModules.has(m));
}

export function isBuiltinAllowed(policy: Policy, name: string): boolean {
  return policy.allowBuiltins.has(name);
}

export function isAttributeAllowed(policy: Policy, name: string): boolean {
  return policy.allowAttributes.has(name);
}
