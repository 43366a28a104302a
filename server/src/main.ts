// Entry of dist/server.js: `node dist/server.js --stdio` or `--node-ipc`.
import { runLanguageServer } from './lspMain';

runLanguageServer();
