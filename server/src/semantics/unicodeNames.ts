/**
 * Just enough of the Unicode name table to decode `\N{...}` escapes that spell identifiers
 * (`\N{LOW LINE}` for `_`): ASCII, the fullwidth forms and the letters' generated names. A name
 * outside this table leaves the string unfolded, which the rules treat as "cannot verify".
 */
const ASCII_NAMES: Record<string, number> = {
  SPACE: 0x20, 'EXCLAMATION MARK': 0x21, 'QUOTATION MARK': 0x22, 'NUMBER SIGN': 0x23, 'DOLLAR SIGN': 0x24,
  'PERCENT SIGN': 0x25, AMPERSAND: 0x26, APOSTROPHE: 0x27, 'LEFT PARENTHESIS': 0x28, 'RIGHT PARENTHESIS': 0x29,
  ASTERISK: 0x2a, 'PLUS SIGN': 0x2b, COMMA: 0x2c, 'HYPHEN-MINUS': 0x2d, 'FULL STOP': 0x2e, SOLIDUS: 0x2f,
  COLON: 0x3a, SEMICOLON: 0x3b, 'LESS-THAN SIGN': 0x3c, 'EQUALS SIGN': 0x3d, 'GREATER-THAN SIGN': 0x3e,
  'QUESTION MARK': 0x3f, 'COMMERCIAL AT': 0x40, 'LEFT SQUARE BRACKET': 0x5b, 'REVERSE SOLIDUS': 0x5c,
  'RIGHT SQUARE BRACKET': 0x5d, 'CIRCUMFLEX ACCENT': 0x5e, 'LOW LINE': 0x5f, 'GRAVE ACCENT': 0x60,
  'LEFT CURLY BRACKET': 0x7b, 'VERTICAL LINE': 0x7c, 'RIGHT CURLY BRACKET': 0x7d, TILDE: 0x7e,
  'LINE FEED': 0x0a, 'CARRIAGE RETURN': 0x0d, 'CHARACTER TABULATION': 0x09, NULL: 0x00,
};
const DIGITS = ['ZERO', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE'];

export function lookupUnicodeName(raw: string): string | undefined {
  const name = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  let fullwidth = false;
  let rest = name;
  if (rest.startsWith('FULLWIDTH ')) {
    fullwidth = true;
    rest = rest.slice('FULLWIDTH '.length);
  }
  let code: number | undefined = ASCII_NAMES[rest];
  let m: RegExpMatchArray | null;
  if (code === undefined && (m = /^LATIN (SMALL|CAPITAL) LETTER ([A-Z])$/.exec(rest))) {
    code = (m[1] === 'SMALL' ? 0x61 : 0x41) + (m[2].charCodeAt(0) - 0x41);
  } else if (code === undefined && (m = /^DIGIT ([A-Z]+)$/.exec(rest))) {
    const i = DIGITS.indexOf(m[1]);
    if (i >= 0) code = 0x30 + i;
  }
  if (code === undefined) return undefined;
  if (fullwidth) {
    if (code < 0x21 || code > 0x7e) return undefined;
    code += 0xfee0;
  }
  return String.fromCodePoint(code);
}
