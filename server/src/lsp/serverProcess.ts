/**
 * How the server's Node process is started: the VS Code client (client/src/extension.ts) and the
 * benchmark (bench/lsp.ts) both use these flags, and the README gives them for other editors.
 *
 * Why a heap limit: V8 sizes the growth of its heap from the limit. With Node's default (a
 * quarter of the machine's memory, up to 4 GB) the server held 550 MB after opening the fifty
 * largest files of CPython's standard library, most of it garbage no collection had needed to
 * free; with 512 MB, about 280 MB. The limit is not tight: analysing the largest file the
 * default policy lets through (`max-file-bytes`, 2 MB of dense code under `audit`) needs less
 * than half of it.
 */
export const SERVER_HEAP_MB = 512;

export const SERVER_NODE_ARGS: readonly string[] = [`--max-old-space-size=${SERVER_HEAP_MB}`];
