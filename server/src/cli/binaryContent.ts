/**
 * A NUL byte in a `.py` file: a binary file under a Python name (a renamed `.pyc`, an archive,
 * an executable), or text built to make tools disagree. Current Python rejects such source
 * ("source code cannot contain null bytes"); older versions, running a script, silently cut
 * the line at the NUL, so the program they ran was not the one a checker reads. The file is
 * reported, once, at its top — where it is seen even in a binary file of a million lines — and
 * still analysed: what can be read is checked.
 *
 * Shared by the command line and the language server (disk files and open documents alike).
 */
import { ANALYSIS_ERROR, LineIndex, type Finding } from '../engine';

const PREFIX = 'binary content: ';

/** Whether a PC000 finding is this one (a property of the file, not a failure of the analysis to log). */
export function isBinaryContentFinding(finding: Finding): boolean {
  return finding.code === ANALYSIS_ERROR.code && finding.message.startsWith(PREFIX);
}

export function binaryContentFinding(text: string): Finding | undefined {
  const first = text.indexOf('\0');
  if (first === -1) return undefined;
  let count = 0;
  for (let i = first; i !== -1; i = text.indexOf('\0', i + 1)) count++;
  const at = new LineIndex(text).positionAt(first);
  const where = `line ${at.line + 1}, column ${at.character + 1}`;
  const what = count === 1 ? `a NUL byte (${where})` : `${count} NUL bytes (the first at ${where})`;
  return {
    code: ANALYSIS_ERROR.code,
    name: ANALYSIS_ERROR.name,
    severity: 'error',
    message: `${PREFIX}the file holds ${what}; Python rejects such source and older versions cut the line at the NUL, so the file is not checked as Python reads it`,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
}
