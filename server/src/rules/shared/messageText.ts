/**
 * Code and folded strings quoted in a message: shortened, so that a long expression or a folded
 * blob does not become a paragraph in the Problems panel, and (for strings) escaped, so that a
 * line break or quote in the value cannot break the message's shape.
 */

/** `text` cut to `max` characters, the cut marked with `...`. */
export function shortened(text: string, max = 40): string {
  return text.length > max ? text.slice(0, max - 3) + '...' : text;
}

/** A string value in single quotes with JSON's escapes (`'a\nb'`), cut to `max` characters first. */
export function quotedValue(text: string, max = 60): string {
  return JSON.stringify(shortened(text, max)).replace(/^"|"$/g, "'");
}
