/**
 * What tells a notebook file and how large one may be: shared by the CLI (notebook.ts) and the
 * language server's check of closed notebooks, and free of Node modules for the browser build.
 */
export function isNotebookPath(file: string): boolean {
  return file.toLowerCase().endsWith('.ipynb');
}

/**
 * Notebooks carry their outputs (images, tables) in the file, so the policy's size limit, meant
 * for source, is applied to the code cells (PC003 on the module) and this cap to the file.
 */
export const MAX_NOTEBOOK_FILE_BYTES = 64 * 1024 * 1024;
