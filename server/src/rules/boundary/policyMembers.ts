import type { Policy } from '../../policy/types';

/**
 * True when the policy's per-module member allowlist names this member (`os.getcwd` under
 * rexec's reduced `os`, `sys.exit` under rexec's reduced `sys`). The host that lists a member
 * has decided it is safe, so the host-boundary rules stay silent about it.
 */
export function isMemberAllowed(policy: Policy, qname: string): boolean {
  // Asked of every name several rules meet: most policies list no members at all, and the
  // prefixes are cut from the name itself rather than split and joined.
  if (policy.allowMembers.size === 0) return false;
  for (let end = qname.lastIndexOf('.'); end >= 0; end = end === 0 ? -1 : qname.lastIndexOf('.', end - 1)) {
    const members = policy.allowMembers.get(qname.slice(0, end));
    if (members) {
      const next = qname.indexOf('.', end + 1);
      return members.has(next < 0 ? qname.slice(end + 1) : qname.slice(end + 1, next));
    }
  }
  return false;
}

/** `os.system` -> `['os', 'system']`; the module part may be dotted (`http.client.X`). */
export function splitMember(qname: string): { module: string; member: string } {
  const dot = qname.lastIndexOf('.');
  return dot < 0 ? { module: qname, member: '' } : { module: qname.slice(0, dot), member: qname.slice(dot + 1) };
}
