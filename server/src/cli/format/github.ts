import type { Severity } from '../../engine/types';
import type { FileReport, ScanError } from '../report';

/**
 * GitHub Actions workflow commands (`::error file=…::message`): each finding becomes an
 * annotation on the pull request's diff, with no upload step. Paths are relative to the working
 * directory, so run the scan from the repository root.
 * https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 */

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** Escaping of a command's message, as GitHub's `@actions/core` does it. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also end at `,` and `:`, so those are escaped too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, properties: [string, string | number][], message: string): string {
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${name} ${props}::${escapeData(message)}`;
}

export function githubFileLines(file: FileReport): string[] {
  return file.findings.map((f) => {
    // In a notebook the annotation goes on the line of the .ipynb where the source line is written.
    const range = f.fileRange ?? f.range;
    return command(
      COMMAND[f.severity],
      [
        ['file', file.path],
        ['line', range.start.line + 1],
        ['col', range.start.character + 1],
        ['endLine', range.end.line + 1],
        ['endColumn', range.end.character + 1],
        ['title', `${f.code} ${f.name}${f.cell === undefined ? '' : ` (cell ${f.cell}, line ${f.range.start.line + 1})`}`],
      ],
      f.message,
    );
  });
}

export function githubErrorLine(error: ScanError): string {
  return command(
    'error',
    [
      ['file', error.path],
      ['title', 'padded-cell'],
    ],
    error.message,
  );
}
