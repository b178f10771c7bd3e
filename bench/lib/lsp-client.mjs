// A minimal editor-like LSP client for benchmarks: spawns `node dist/server.js --stdio`, initializes with the
// capabilities VS Code sends (pull diagnostics, workspace/configuration), mirrors open documents so incremental
// edits can be computed from offsets, and answers the server's requests the way an editor would.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  RegistrationRequest,
  ShutdownRequest,
  AbstractMessageWriter,
  StreamMessageReader,
} from 'vscode-languageserver-protocol/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { now } from './stats.mjs';

export const fileUri = (path) => pathToFileURL(path).href;

/**
 * Writes each message with its header in one write, as editors' LSP clients do. vscode-jsonrpc's StreamMessageWriter
 * writes the header, waits, then writes the body: two system calls and two wake-ups of the server per message, which
 * would be counted in every measured round trip.
 */
class FrameWriter extends AbstractMessageWriter {
  constructor(output) {
    super();
    this.output = output;
    output.on('error', (e) => this.fireError(e));
    output.on('close', () => this.fireClose());
  }

  write(message) {
    const json = JSON.stringify(message);
    const length = Buffer.byteLength(json, 'utf8');
    const header = `Content-Length: ${length}\r\n\r\n`;
    const frame = Buffer.allocUnsafe(header.length + length);
    frame.write(header, 0, 'ascii');
    frame.write(json, header.length, 'utf8');
    return new Promise((resolve, reject) => this.output.write(frame, (e) => (e ? reject(e) : resolve())));
  }

  end() {
    this.output.end();
  }
}

export class BenchClient {
  /**
   * Spawns the server (with extra node flags such as --cpu-prof) and completes initialize/initialized. `timings`
   * holds spawn → initialize result (ms) and when initialize was sent.
   */
  static async start(serverJs, { workspaceFolder, nodeArgs = [] } = {}) {
    const started = now();
    const proc = spawn(process.execPath, [...nodeArgs, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new BenchClient(proc);
    const died = new Promise((_, reject) =>
      proc.once('exit', (code) => reject(new Error(`server exited (${code}) during initialize:\n${client.stderr}`))),
    );
    const initializeSent = now();
    await Promise.race([
      died,
      client.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: workspaceFolder ? fileUri(workspaceFolder) : null,
        workspaceFolders: workspaceFolder ? [{ uri: fileUri(workspaceFolder), name: 'bench' }] : null,
        capabilities: {
          workspace: {
            configuration: true,
            didChangeConfiguration: { dynamicRegistration: true },
            didChangeWatchedFiles: { dynamicRegistration: true },
            diagnostics: { refreshSupport: true },
            workspaceEdit: { documentChanges: true },
            workspaceFolders: true,
          },
          textDocument: {
            synchronization: { didSave: true, dynamicRegistration: false },
            diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
            hover: { contentFormat: ['markdown', 'plaintext'] },
          },
        },
      }),
    ]);
    client.timings = { spawnToInitialized: now() - started, initializeSent };
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  constructor(proc) {
    this.proc = proc;
    this.stderr = '';
    this.docs = new Map();
    this.resultIds = new Map();
    proc.stderr.on('data', (d) => (this.stderr += d.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(proc.stdout), new FrameWriter(proc.stdin));
    // Server defaults for every setting, like a user who changed nothing.
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({})));
    this.connection.onRequest(DiagnosticRefreshRequest.type, () => null);
    this.connection.onRequest(RegistrationRequest.type, () => null);
    this.connection.onNotification(() => undefined); // log messages, status notifications: read and dropped
    this.connection.listen();
  }

  get pid() {
    return this.proc.pid;
  }

  /** VmHWM (peak RSS) and VmRSS of the server process, in bytes, from /proc. */
  memory() {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { peakRss: kib('VmHWM'), rss: kib('VmRSS') };
  }

  async open(path, text, languageId) {
    const uri = fileUri(path);
    this.docs.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  text(uri) {
    return this.docs.get(uri).getText();
  }

  /**
   * Replace [start, end) (offsets in the current text) with `newText`: updates our copy and returns a function that
   * sends the change as one incremental didChange. Split so a benchmark can time the sending, not our bookkeeping.
   */
  prepareEdit(uri, start, end, newText) {
    const doc = this.docs.get(uri);
    const change = { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: newText };
    TextDocument.update(doc, [change], doc.version + 1);
    const params = { textDocument: { uri, version: doc.version }, contentChanges: [change] };
    return () => this.connection.sendNotification(DidChangeTextDocumentNotification.type, params);
  }

  async edit(uri, start, end, newText) {
    await this.prepareEdit(uri, start, end, newText)();
  }

  /** Pull diagnostics the way VS Code does (with the previous resultId); returns the report. */
  async pull(uri) {
    const report = await this.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri },
      previousResultId: this.resultIds.get(uri),
    });
    if (report.resultId) this.resultIds.set(uri, report.resultId);
    return report;
  }

  async stop() {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      /* already gone */
    }
    const exited = new Promise((r) => (this.proc.exitCode !== null ? r() : this.proc.once('exit', r)));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    this.connection.dispose();
  }
}
