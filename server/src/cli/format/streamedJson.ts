/**
 * One JSON document printed in pieces, byte for byte what `JSON.stringify(document, null, 2)`
 * prints, except that one array in it (the findings, SARIF's results) is written an item at a
 * time as the scan produces them. Neither the document nor its text is ever whole in memory:
 * for a large repository the text alone was a hundred megabytes, and the objects several times
 * that. Everything before the array must be known when the scan starts, everything after it
 * when the scan ends.
 */

/** Stands in for the streamed array's items when the document is rendered around it. */
const HOLE = '\u0000padded-cell: streamed items\u0000';
const HOLE_JSON = JSON.stringify(HOLE);

/** `document` as `JSON.stringify(…, null, 2)` prints it, cut where `[HOLE]` is. */
function cutAtHole(document: unknown): { head: string; indent: string; closing: string; tail: string } {
  const text = JSON.stringify(document, null, 2);
  const at = text.indexOf(HOLE_JSON);
  if (at === -1 || text.indexOf(HOLE_JSON, at + 1) !== -1) throw new Error('a streamed JSON document holds exactly one streamed array');
  const before = text.slice(0, at);
  const lineStart = before.lastIndexOf('\n');
  const after = text.slice(at + HOLE_JSON.length);
  const bracket = after.indexOf(']');
  // before: `…"findings": [` `\n` indent; after: `\n` closing indent `]…`.
  return { head: before.slice(0, lineStart), indent: before.slice(lineStart + 1), closing: after.slice(0, bracket), tail: after.slice(bracket) };
}

/**
 * `render(items)` builds the document with `items` as the streamed array. It is called twice:
 * by `start` with values that the end does not know yet (only the part before the array is
 * printed from that call), and by `end` with the final ones (only the part after it is).
 */
export class StreamedJsonDocument<End> {
  private indent = '';
  private items = 0;

  constructor(private readonly render: (items: unknown[], end: End) => unknown) {}

  /** The document up to the array's opening bracket. */
  start(end: End): string {
    const { head, indent } = cutAtHole(this.render([HOLE], end));
    this.indent = indent;
    return head;
  }

  /** One item of the array, with the comma before it when it is not the first. */
  item(value: unknown): string {
    // JSON.stringify escapes line breaks inside strings, so every '\n' starts a line of the item.
    const text = JSON.stringify(value, null, 2).replace(/\n/g, '\n' + this.indent);
    return `${this.items++ === 0 ? '' : ','}\n${this.indent}${text}`;
  }

  /** The array's closing bracket (`[]` when it stayed empty) and the rest of the document. */
  end(end: End): string {
    const { closing, tail } = cutAtHole(this.render([HOLE], end));
    return `${this.items === 0 ? '' : closing}${tail}\n`;
  }
}
