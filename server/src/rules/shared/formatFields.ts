/** One `.attr` or `[key]` step of a replacement field such as `{0.__class__[x]}`. */
export interface FieldStep {
  kind: 'attribute' | 'index';
  name: string;
}

export interface FormatField {
  /** The whole field name, e.g. `0.__class__.__mro__`. */
  text: string;
  steps: FieldStep[];
}

const MAX_FIELDS = 10_000;

/**
 * Every replacement field of a `str.format` template, nested ones in format specs included
 * (`{0:{0.__class__}}`). Iterative and bounded: a template with 100,000 fields stops early.
 */
export function parseFormatFields(template: string): FormatField[] {
  const out: FormatField[] = [];
  const pending: string[] = [template];
  while (pending.length && out.length < MAX_FIELDS) {
    const t = pending.pop()!;
    let i = 0;
    while (i < t.length && out.length < MAX_FIELDS) {
      const c = t[i];
      if (c === '{' && t[i + 1] === '{') { i += 2; continue; }
      if (c !== '{') { i++; continue; }
      // Find the matching close brace; specs may nest one level of fields.
      let depth = 1;
      let j = i + 1;
      while (j < t.length && depth > 0) {
        if (t[j] === '{') depth++;
        else if (t[j] === '}') depth--;
        if (depth > 0) j++;
      }
      const body = t.slice(i + 1, j);
      i = j + 1;
      // Field name ends at the first `!` or `:` outside brackets.
      let k = 0;
      let inBracket = false;
      while (k < body.length) {
        const ch = body[k];
        if (ch === '[') inBracket = true;
        else if (ch === ']') inBracket = false;
        else if (!inBracket && (ch === '!' || ch === ':')) break;
        k++;
      }
      const name = body.slice(0, k);
      const colon = body.indexOf(':', k);
      if (colon >= 0 && body.slice(colon + 1).includes('{')) pending.push(body.slice(colon + 1));
      out.push({ text: name, steps: fieldSteps(name) });
    }
  }
  return out;
}

function fieldSteps(name: string): FieldStep[] {
  const steps: FieldStep[] = [];
  const re = /\.([^.[]*)|\[([^\]]*)\]/g;
  const first = name.search(/[.[]/);
  if (first < 0) return steps;
  re.lastIndex = first;
  let m: RegExpExecArray | null;
  while ((m = re.exec(name))) {
    if (m[1] !== undefined) steps.push({ kind: 'attribute', name: m[1] });
    else steps.push({ kind: 'index', name: m[2] });
    if (m[0] === '') break;
  }
  return steps;
}
