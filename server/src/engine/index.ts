export { analyzeTree, analyzeSource, ruleSetting, sortFindings, ANALYSIS_ERROR, type AnalyzeOptions } from './analyze';
export { LineIndex } from './lineIndex';
export type { Finding, Fix, Position, Range, RelatedInformation, Severity, TextEdit } from './types';
