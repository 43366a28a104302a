/**
 * The shape checks a request needs before a handler may trust its params. A client with a bug
 * (or a hand-written one) can send anything; without these, `params.textDocument.uri` on a
 * missing object answers "InternalError: Cannot read properties of undefined", which reads as
 * the server's bug. With them the client is told which part of its request is wrong
 * (InvalidParams), and the server's own errors stay recognisable.
 */
import { ErrorCodes, ResponseError, type Position, type Range } from 'vscode-languageserver';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

export function isPosition(value: unknown): value is Position {
  return isObject(value) && Number.isInteger(value.line) && Number.isInteger(value.character) && (value.line as number) >= 0 && (value.character as number) >= 0;
}

export function isRange(value: unknown): value is Range {
  return isObject(value) && isPosition(value.start) && isPosition(value.end);
}

/** `params.textDocument.uri`, or an InvalidParams error. */
export function documentUriOf(params: unknown): string {
  const textDocument = isObject(params) ? params.textDocument : undefined;
  const uri = isObject(textDocument) ? textDocument.uri : undefined;
  if (typeof uri !== 'string') throw invalid('params.textDocument.uri must be a string');
  return uri;
}

export function requirePosition(params: unknown): void {
  if (!isObject(params) || !isPosition(params.position)) throw invalid('params.position must be a position (line and character, integers from 0)');
}

export function requireCodeActionParams(params: unknown): void {
  if (!isObject(params) || !isRange(params.range)) throw invalid('params.range must be a range');
  const context = params.context;
  if (!isObject(context) || !Array.isArray(context.diagnostics)) throw invalid('params.context.diagnostics must be an array');
  if (context.only !== undefined && !(Array.isArray(context.only) && context.only.every((kind) => typeof kind === 'string'))) throw invalid('params.context.only must be an array of strings');
  // Each diagnostic is read for its range and source (the builder matches them to findings).
  if (!context.diagnostics.every((d) => isObject(d) && isRange(d.range))) throw invalid('params.context.diagnostics must hold diagnostics with ranges');
}
