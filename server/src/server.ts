// Entry point of the smtp-lint language server. Standalone: `node dist/server.js --stdio` (any LSP client),
// or `--node-ipc` / `--socket=<port>` / `--pipe=<name>` (the VS Code client uses IPC).
import { format } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures, StreamMessageReader, type Connection } from 'vscode-languageserver/node';
import { startLanguageServer } from './lsp/language-server';
import { FramedStreamWriter } from './node/stdio-writer';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

if (!process.argv.slice(2).some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)))) {
  process.stderr.write('usage: smtp-lint language server: node dist/server.js --stdio | --node-ipc | --socket=<port> | --pipe=<name>\n');
  process.exit(2);
}

// The server keeps each file's tree across keystrokes and replaces a few nodes per keystroke. V8 then learns to
// allocate php-parser's nodes straight in the old generation, where the dead ones keep the young objects they point
// to alive through every scavenge until a full collection: each scavenge copied and promoted about 1 MB more.
setFlagsFromString('--no-allocation-site-pretenuring');
// An editor waits on every keystroke, on a machine whose cores the editor itself needs. With inlining, the optimising
// compiler's jobs for the lint's call chains are large, and while the first few hundred keystrokes warm the code up
// they compete with the editor and the server for the cores: the slowest 1% of keystrokes waited for them. Without
// it the keystroke's lint costs the same once warm (about 0.1 ms for a wp-config.php), the compiler uses a third less
// CPU, and the in-process p99 of the first 1,000 keystrokes fell from about 4.5 to 2.5 ms.
setFlagsFromString('--no-turbo-inlining');

startLanguageServer(process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all));

/** The stdio connection the library would make, but writing each message in one piece (see stdio-writer.ts). */
function stdioConnection(): Connection {
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new FramedStreamWriter(process.stdout));
  // stdout carries the protocol: console output goes to the client's log instead.
  const log = (...args: unknown[]) => connection.console.log(format(...args));
  console.log = console.info = console.debug = console.trace = log;
  console.dir = (item: unknown) => log(item);
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  // The client went away without `exit`: stop too (with the exit code LSP asks for when there was no shutdown).
  let shutdownReceived = false;
  connection.onShutdown(() => {
    shutdownReceived = true;
  });
  const stop = () => process.exit(shutdownReceived ? 0 : 1);
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  return connection;
}
