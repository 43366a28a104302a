/**
 * `node:path` for the browser worker, which the bundle substitutes for it (scripts/build.mjs).
 * There, every path is the path of a URI (web/clientFiles.ts): always POSIX, always absolute,
 * with `/` as the only directory one could call current. So this is POSIX path arithmetic
 * without `process` — the shared policy and server code keep using `path` unchanged.
 */

export const sep = '/';
export const delimiter = ':';

function normalizeSegments(path: string, absolute: boolean): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(segment);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

export function normalize(path: string): string {
  const trailing = path.length > 1 && path.endsWith('/');
  const normalized = normalizeSegments(path, isAbsolute(path));
  return trailing && normalized !== '/' ? `${normalized}/` : normalized;
}

export function join(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  return joined === '' ? '.' : normalize(joined);
}

export function resolve(...parts: string[]): string {
  let resolved = '';
  for (let i = parts.length - 1; i >= 0 && !isAbsolute(resolved); i--) {
    if (parts[i] !== '') resolved = resolved === '' ? parts[i] : `${parts[i]}/${resolved}`;
  }
  return normalizeSegments(resolved, true);
}

export function dirname(path: string): string {
  if (path === '') return '.';
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const at = trimmed.lastIndexOf('/');
  if (at < 0) return '.';
  return at === 0 ? '/' : trimmed.slice(0, at);
}

export function basename(path: string, ext?: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return ext && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
}

export function extname(path: string): string {
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot);
}

export function relative(from: string, to: string): string {
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/');
}

export function parse(path: string): { root: string; dir: string; base: string; ext: string; name: string } {
  const base = basename(path);
  const ext = extname(path);
  return { root: isAbsolute(path) ? '/' : '', dir: path.includes('/') ? dirname(path) : '', base, ext, name: ext ? base.slice(0, -ext.length) : base };
}

export function toNamespacedPath(path: string): string {
  return path;
}

export const posix = { sep, delimiter, isAbsolute, normalize, join, resolve, dirname, basename, extname, relative, parse, toNamespacedPath };
