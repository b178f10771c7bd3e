// Entry point of the smtp-lint language server. Standalone: `node dist/server.js --stdio` (any LSP client),
// or `--node-ipc` / `--socket=<port>` / `--pipe=<name>` (the VS Code client uses IPC).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './lsp/language-server';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

if (!process.argv.slice(2).some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)))) {
  process.stderr.write('usage: smtp-lint language server: node dist/server.js --stdio | --node-ipc | --socket=<port> | --pipe=<name>\n');
  process.exit(2);
}

startLanguageServer(createConnection(ProposedFeatures.all));
