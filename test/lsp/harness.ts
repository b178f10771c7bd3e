// A scripted LSP client for protocol tests: starts `node dist/server.js --stdio` as a child process and talks to it
// over JSON-RPC, like an editor would. Keeps its own copy of every open document (to apply the server's edits) and
// records what the server sends on its own (status notifications, refresh requests, configuration requests).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  CodeActionRequest,
  CodeLensRefreshRequest,
  CodeLensRequest,
  ConfigurationRequest,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  FileChangeType,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type CodeAction,
  type CodeLens,
  type ConfigurationItem,
  type DocumentDiagnosticReport,
  type Hover,
  type InitializeResult,
  type ProtocolConnection,
  type Range,
  type TextDocumentContentChangeEvent,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const SERVER_JS = join(REPO_ROOT, 'dist', 'server.js');

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

export interface DocumentStatus {
  uri: string;
  version: number;
  state: string;
  findings: number;
  text: string;
}

export interface HarnessOptions {
  /** Answer for workspace/configuration, per item; default: {} (server defaults). */
  settings?: (item: ConfigurationItem) => unknown;
  /** Advertise versioned edits (documentChanges); default true. */
  documentChanges?: boolean;
  workspaceFolders?: string[];
  /** Advertise pull diagnostics (textDocument/diagnostic); default true. Without it the server pushes them. */
  pullDiagnostics?: boolean;
  /** Extra environment for the server process (on top of this process's environment). */
  env?: Record<string, string>;
}

export interface Published {
  uri: string;
  version?: number;
  diagnostics: import('vscode-languageserver-protocol').Diagnostic[];
}

/** A gate the test can close to hold back configuration answers (to make requests wait inside the server). */
class Gate {
  private waiting: (() => void)[] = [];
  private closed = false;
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.closed = false;
    this.waiting.splice(0).forEach((r) => r());
  }
  pass(): Promise<void> {
    return this.closed ? new Promise((r) => this.waiting.push(r)) : Promise.resolve();
  }
  get pending(): number {
    return this.waiting.length;
  }
}

export class LspHarness {
  readonly connection: ProtocolConnection;
  readonly docs = new Map<string, TextDocument>();
  readonly statuses = new Map<string, DocumentStatus>();
  readonly logs: string[] = [];
  readonly registrations: string[] = [];
  readonly configGate = new Gate();
  /** Every textDocument/publishDiagnostics received, in order. */
  readonly published: Published[] = [];
  configRequests = 0;
  refreshRequests = 0;
  codeLensRefreshRequests = 0;
  initializeResult!: InitializeResult;
  settings: (item: ConfigurationItem) => unknown;
  private stderr = '';
  private refreshWaiters: (() => void)[] = [];
  private publishWaiters: { uri: string; accept: (p: Published) => boolean; resolve: (p: Published) => void }[] = [];
  private statusWaiters: { uri: string; version: number; resolve: (s: DocumentStatus) => void }[] = [];

  private constructor(
    readonly proc: ChildProcessWithoutNullStreams,
    options: HarnessOptions,
  ) {
    this.settings = options.settings ?? (() => ({}));
    this.connection = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.connection.onRequest(ConfigurationRequest.type, async (params) => {
      this.configRequests++;
      await this.configGate.pass();
      return params.items.map((item) => this.settings(item));
    });
    this.connection.onRequest(DiagnosticRefreshRequest.type, () => {
      this.refreshRequests++;
      this.refreshWaiters.splice(0).forEach((r) => r());
    });
    this.connection.onRequest(CodeLensRefreshRequest.type, () => {
      this.codeLensRefreshRequests++;
    });
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations.map((r) => r.method));
    });
    this.connection.onNotification(LogMessageNotification.type, (m) => this.logs.push(m.message));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      for (const w of [...this.publishWaiters]) {
        if (w.uri === p.uri && w.accept(p)) {
          this.publishWaiters.splice(this.publishWaiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onNotification('smtpLint/status', (s: DocumentStatus) => {
      this.statuses.set(s.uri, s);
      for (const w of this.statusWaiters.filter((x) => x.uri === s.uri && s.version >= x.version)) {
        this.statusWaiters.splice(this.statusWaiters.indexOf(w), 1);
        w.resolve(s);
      }
    });
    this.connection.listen();
  }

  static async start(options: HarnessOptions = {}): Promise<LspHarness> {
    if (!existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run \`npm run build\` first`);
    const env = options.env ? { ...process.env, ...options.env } : process.env;
    const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
    const h = new LspHarness(proc, options);
    const died = new Promise<never>((_, rej) => proc.once('exit', (code) => rej(new Error(`server exited (${code}) during initialize:\n${h.stderr}`))));
    h.initializeResult = await Promise.race([died, h.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: (options.workspaceFolders ?? []).map((p) => ({ uri: fileUri(p), name: p })),
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          ...(options.pullDiagnostics === false ? {} : { diagnostics: { refreshSupport: true } }),
          workspaceEdit: { documentChanges: options.documentChanges ?? true },
          workspaceFolders: true,
          codeLens: { refreshSupport: true },
        },
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: false },
          ...(options.pullDiagnostics === false ? {} : { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } }),
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeLens: { dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true },
        },
      },
    })]);
    await h.connection.sendNotification(InitializedNotification.type, {});
    return h;
  }

  get serverStderr(): string {
    return this.stderr;
  }

  async open(path: string, text: string, languageId = 'plaintext'): Promise<string> {
    const uri = fileUri(path);
    const doc = TextDocument.create(uri, languageId, 1, text);
    this.docs.set(uri, doc);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  text(uri: string): string {
    return this.doc(uri).getText();
  }

  version(uri: string): number {
    return this.doc(uri).version;
  }

  private doc(uri: string): TextDocument {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`not open: ${uri}`);
    return d;
  }

  /** Send incremental changes (ranges against the current text) and bump the version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const old = this.doc(uri);
    const next = TextDocument.update(TextDocument.create(uri, old.languageId, old.version, old.getText()), changes, old.version + 1);
    this.docs.set(uri, next);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: next.version },
      contentChanges: changes,
    });
    return next.version;
  }

  /** Replace the first occurrence of `search` with `replacement`, as an incremental change. */
  async replace(uri: string, search: string, replacement: string): Promise<number> {
    const d = this.doc(uri);
    const at = d.getText().indexOf(search);
    if (at < 0) throw new Error(`"${search}" not in ${uri}`);
    return this.change(uri, [{ range: { start: d.positionAt(at), end: d.positionAt(at + search.length) }, text: replacement }]);
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  pull(uri: string, previousResultId?: string, token?: CancellationTokenSource): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId }, token?.token);
  }

  /** Pull and insist on a full report. */
  async diagnostics(uri: string) {
    const r = await this.pull(uri);
    if (r.kind !== 'full') throw new Error(`expected a full report, got ${r.kind}`);
    return r.items;
  }

  codeActions(uri: string, range: Range, only?: string[]): Promise<CodeAction[]> {
    return this.connection
      .sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only } })
      .then((r) => (r ?? []) as CodeAction[]);
  }

  codeLenses(uri: string): Promise<CodeLens[]> {
    return this.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }).then((r) => r ?? []);
  }

  /** A custom request (smtpLint/testConnection, ...): the server's answer, or the ResponseError it sent. */
  request<R>(method: string, params: unknown, token?: CancellationTokenSource): Promise<R> {
    // Only pass a token when there is one: an undefined third argument would be sent as a second parameter.
    return (token ? this.connection.sendRequest(method, params, token.token) : this.connection.sendRequest(method, params)) as Promise<R>;
  }

  hover(uri: string, offset: number): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: this.doc(uri).positionAt(offset) });
  }

  /**
   * Apply a workspace edit the way an editor does: check each TextDocumentEdit's version against our copy, apply the
   * edits, and tell the server with an incremental didChange. Returns the new versions.
   */
  async applyEdit(edit: WorkspaceEdit): Promise<void> {
    const docEdits: TextDocumentEdit[] = (edit.documentChanges ?? []) as TextDocumentEdit[];
    if (edit.changes) {
      for (const [uri, edits] of Object.entries(edit.changes)) docEdits.push({ textDocument: { uri, version: null }, edits });
    }
    for (const de of docEdits) {
      const d = this.doc(de.textDocument.uri);
      if (de.textDocument.version !== null && de.textDocument.version !== d.version) {
        throw new Error(`edit for version ${de.textDocument.version}, document is at ${d.version}`);
      }
      // Send the edits as one incremental change per edit, last first, so earlier ranges stay valid.
      const sorted = [...de.edits].sort((a, b) => d.offsetAt(b.range.start) - d.offsetAt(a.range.start));
      await this.change(de.textDocument.uri, sorted.map((e) => ({ range: e.range, text: 'newText' in e ? e.newText : '' })));
    }
  }

  changeSettings(settings: (item: ConfigurationItem) => unknown): Promise<void> {
    this.settings = settings;
    return this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  fileChanged(path: string): Promise<void> {
    return this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri(path), type: FileChangeType.Changed }] });
  }

  /** Resolves at the next workspace/diagnostic/refresh request from the server (or rejects after `ms`). */
  nextRefresh(ms = 5000): Promise<void> {
    return new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error('no workspace/diagnostic/refresh within timeout')), ms);
      this.refreshWaiters.push(() => {
        clearTimeout(t);
        res();
      });
    });
  }

  /** Resolves with the first publishDiagnostics for `uri` (already received or coming) that `accept` takes. */
  nextPublish(uri: string, accept: (p: Published) => boolean = () => true, ms = 5000): Promise<Published> {
    const seen = [...this.published].reverse().find((p) => p.uri === uri);
    if (seen && accept(seen)) return Promise.resolve(seen);
    return new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error(`no matching publishDiagnostics for ${uri}`)), ms);
      this.publishWaiters.push({ uri, accept, resolve: (p) => (clearTimeout(t), res(p)) });
    });
  }

  /** Resolves with the first status notification for `uri` at or after `version`. */
  statusFor(uri: string, version: number, ms = 5000): Promise<DocumentStatus> {
    const known = this.statuses.get(uri);
    if (known && known.version >= version) return Promise.resolve(known);
    return new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error(`no status for ${uri} v${version}`)), ms);
      this.statusWaiters.push({ uri, version, resolve: (s) => (clearTimeout(t), res(s)) });
    });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      /* the process may be gone already */
    }
    const exited = new Promise<void>((r) => (this.proc.exitCode !== null ? r() : this.proc.once('exit', () => r())));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    this.connection.dispose();
  }
}

/** Offset of the first occurrence of `needle` in `text` (plus `delta`); throws when absent so tests fail loudly. */
export function offsetOf(text: string, needle: string, delta = 0): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" not found`);
  return i + delta;
}

export { CancellationTokenSource };
