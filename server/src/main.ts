// Entry of dist/server.js: `node dist/server.js --stdio` or `--node-ipc`.
import { runLanguageServer } from './lspMain';
import { tuneV8ForAnalysis } from './v8Tuning';

// The same engine settings as the CLI's (v8Tuning.ts): a file's first analysis is a full one.
tuneV8ForAnalysis();
runLanguageServer();
