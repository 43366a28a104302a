/**
 * Python compares identifiers after NFKC normalisation (PEP 3131), so `ｅｖａｌ` and `__𝘤𝘭𝘢𝘴𝘴__`
 * are `eval` and `__class__` to the interpreter. Every rule matches on this form.
 */
export function normalizeIdentifier(text: string): string {
  return text.normalize('NFKC');
}

export function isDunder(name: string): boolean {
  return name.length > 4 && name.startsWith('__') && name.endsWith('__');
}

/** Names Python mangles or treats as private (`_x`, `__x`, `_Class__x`), dunders excluded. */
export function isPrivateName(name: string): boolean {
  return name.startsWith('_') && !isDunder(name) && name !== '_';
}
