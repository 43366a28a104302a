import type { Policy } from '../../policy/types';

/**
 * True when the policy's per-module member allowlist names this member (`os.getcwd` under
 * rexec's reduced `os`, `sys.exit` under rexec's reduced `sys`). The host that lists a member
 * has decided it is safe, so the host-boundary rules stay silent about it.
 */
export function isMemberAllowed(policy: Policy, qname: string): boolean {
  const parts = qname.split('.');
  for (let i = parts.length - 1; i >= 1; i--) {
    const members = policy.allowMembers.get(parts.slice(0, i).join('.'));
    if (members) return members.has(parts[i]);
  }
  return false;
}

/** `os.system` -> `['os', 'system']`; the module part may be dotted (`http.client.X`). */
export function splitMember(qname: string): { module: string; member: string } {
  const dot = qname.lastIndexOf('.');
  return dot < 0 ? { module: qname, member: '' } : { module: qname.slice(0, dot), member: qname.slice(dot + 1) };
}
