/**
 * Width and precision of Python format specs (`str.format`, f-strings, `format()`, `%`), for the
 * allocation check: `f"{1:{10**10}}"` pads to ten billion characters. A small scanner over a
 * string already folded to a constant; it never runs the formatting.
 */

/** `[[fill]align][sign][z][#][0][width][grouping][.precision][type]` */
const SPEC = /^(?:[\s\S]?[<>=^])?[-+ ]?z?#?0?(\d*)[,_]?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;
/** Types whose precision is a number of digits produced (for strings it truncates instead). */
const DIGIT_TYPES = new Set(['e', 'E', 'f', 'F', 'g', 'G', '%', undefined]);

/** The characters a spec can make a field produce, from its width and precision; 0 when unknown or small. */
export function specSize(spec: string): number {
  const m = SPEC.exec(spec);
  if (!m) return 0;
  const width = m[1] ? Number(m[1]) : 0;
  const precision = m[2] && DIGIT_TYPES.has(m[3]) ? Number(m[2]) : 0;
  return Math.max(width, precision);
}

/**
 * Splits a `str.format` template into fields with their specs, numbering automatic fields as
 * Python does (`{}` takes the next positional argument, nested ones too). Bounded by the
 * template's length; nesting is one level, as in Python.
 */
export function templateFields(template: string): { spec: string; refs: (number | string)[] }[] | undefined {
  const out: { spec: string; refs: (number | string)[] }[] = [];
  let auto = 0;
  let i = 0;
  const ref = (name: string): number | string => (name === '' ? auto++ : /^\d+$/.test(name) ? Number(name) : name);
  while (i < template.length) {
    const ch = template[i];
    if (ch === '{' && template[i + 1] === '{') { i += 2; continue; }
    if (ch === '}' && template[i + 1] === '}') { i += 2; continue; }
    if (ch !== '{') { i++; continue; }
    // A field: name[!conv][:spec], where spec may hold `{...}` fields one level deep.
    let j = i + 1;
    let depth = 1;
    while (j < template.length && depth > 0) {
      if (template[j] === '{') depth++;
      else if (template[j] === '}') depth--;
      if (depth > 0) j++;
    }
    if (depth !== 0) return undefined;
    const body = template.slice(i + 1, j);
    const colon = body.search(/:(?![^[]*\])/);
    const head = colon < 0 ? body : body.slice(0, colon);
    const name = head.replace(/!.*$/, '').split(/[.[]/)[0];
    ref(name);
    const spec = colon < 0 ? '' : body.slice(colon + 1);
    const refs: (number | string)[] = [];
    for (const nested of spec.matchAll(/\{([^{}]*)\}/g)) refs.push(ref(nested[1].split(/[.[]/)[0]));
    out.push({ spec, refs });
    i = j + 1;
  }
  return out;
}

/** `%` conversions: width and precision, `*` taking an argument. */
const PERCENT = /%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;

/** For each conversion of a `%` template: its width and precision, or the argument index a `*` reads. */
export function percentFields(template: string): { width: number | { arg: number }; precision: number | { arg: number }; type: string }[] {
  const out: { width: number | { arg: number }; precision: number | { arg: number }; type: string }[] = [];
  let arg = 0;
  for (const m of template.matchAll(PERCENT)) {
    if (m[3] === '%') continue;
    const width = m[1] === '*' ? { arg: arg++ } : m[1] ? Number(m[1]) : 0;
    const precision = m[2] === '*' ? { arg: arg++ } : m[2] ? Number(m[2]) : 0;
    arg++;
    out.push({ width, precision, type: m[3] });
  }
  return out;
}

/** `%.9d` pads with zeros and `%.9f` prints digits; `%.9s` only truncates. */
export function percentPrecisionGrows(type: string): boolean {
  return !'srac'.includes(type);
}
