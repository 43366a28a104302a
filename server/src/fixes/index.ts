export { addImport, hasModuleImport, importStatementOf, removeImportName, removeStatement } from './imports';
export { bindingsVisibleAt, moduleNameAt } from './names';
export { applyTextEdits, editOffsets, endOffsetOf, lineBreakOf, replaceNode, type FixSource } from './sourceEdits';
