// The smtp-lint language server: incremental sync, pull diagnostics, code actions, hovers and a status channel,
// all on one lint per document version (cached, shared by every feature). Transport-agnostic: server.ts hands in a
// connection (stdio, IPC or socket).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type CodeLens,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_MAX_FILE_SIZE, mergeConfigs } from '../engine/config';
import { lintText, type LintResult } from '../engine/lint';
import { redact } from '../engine/redact';
import type { ProjectHints } from '../engine/model';
import { ConfigResolver, findProjectHints } from '../node/config-loader';
import { codeActions } from './code-actions';
import { configFileDiagnostics, isConfigFilePath } from './config-file';
import { findingToDiagnostic } from './convert';
import { isExcluded, isIgnoredByConfig } from './file-filters';
import { hoverAt } from './hover';
import { ecosystemLabel } from './key-docs';
import {
  FIX_ALL_KIND,
  SETTINGS_SECTION,
  STATUS_NOTIFICATION,
  STATUS_REQUEST,
  TEST_CONNECTION_COMMAND,
  TEST_CONNECTION_REFUSED,
  TEST_CONNECTION_REQUEST,
  type DocumentStatus,
  type InitializationOptions,
  type LintState,
  type StatusRequestParams,
  type TestConnectionParams,
  type TestConnectionResult,
} from './protocol';
import { DEFAULT_SETTINGS, normaliseSettings, settingsAsConfig, type SmtpLintSettings } from './settings';
import { testableProfiles, testConnections } from './test-connection';

/** Everything the server knows about one document version; computed once, reused by every request. */
interface DocumentLint {
  uri: string;
  version: number;
  /** Identifies the inputs (version + settings/config generation); also the pull-diagnostics resultId. */
  resultId: string;
  settings: SmtpLintSettings;
  /** Absent when the document was not linted (disabled, excluded, not a file, the config file itself). */
  result?: LintResult;
  diagnostics: Diagnostic[];
  status: DocumentStatus;
}

const WATCHED_FILES = ['**/.smtp-lint.json', '**/composer.lock'];

type PushReason = 'open' | 'change' | 'save' | 'refresh';
/** How long typing must pause before a pushed re-lint (pull clients decide this themselves). */
const PUSH_DEBOUNCE_MS = 150;
/** A lint this slow is logged even when its outcome did not change. */
const SLOW_LINT_MS = 50;
/** Delay of the one status update that follows a burst of edits whose status did not change. */
const STATUS_TRAILING_MS = 100;

function serverVersion(): string {
  // dist/server.js finds the package root one level up; out/server/src/lsp/*.js three levels up.
  for (const rel of ['..', '../../..']) {
    try {
      return (JSON.parse(readFileSync(join(__dirname, rel, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      /* try the next candidate */
    }
  }
  return '0.0.0';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export class SmtpLintLanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly resolver = new ConfigResolver();
  private readonly hintsByFile = new Map<string, ProjectHints>();
  private readonly lints = new Map<string, DocumentLint>();
  /** What the last diagnostic pull answered per document (kept while editing in onSave mode). */
  private readonly reported = new Map<string, DocumentLint>();
  /** The version of each document that matches the file on disk (opened or saved). */
  private readonly savedVersions = new Map<string, number>();
  private readonly settingsCache = new Map<string, Promise<SmtpLintSettings>>();
  private readonly loggedConfigErrors = new Set<string>();
  /** Bumped whenever settings or config files change: part of every cache key and resultId. */
  private generation = 0;
  private readonly session = randomBytes(4).toString('hex');
  private workspaceFolders: string[] = [];
  private capabilities: ClientCapabilities = {};
  private globalSettings: SmtpLintSettings = { ...DEFAULT_SETTINGS };

  constructor(private readonly connection: Connection) {}


  start(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params.capabilities, params.initializationOptions, params.workspaceFolders ?? [], params.rootUri));
    c.onInitialized(() => this.initialized());
    c.onDidChangeConfiguration((change) => {
      const section = (change.settings as Record<string, unknown> | null)?.[SETTINGS_SECTION];
      if (section !== undefined) this.globalSettings = this.normalise(section, 'settings');
      this.invalidate('settings changed');
    });
    c.onDidChangeWatchedFiles((change) => {
      const names = [...new Set(change.changes.map((ch) => basename(fileURLToPathSafe(ch.uri) ?? ch.uri)))];
      this.invalidate(`${names.join(', ')} changed`);
    });
    c.languages.diagnostics.on((params, token) => this.pullDiagnostics(params.textDocument.uri, params.previousResultId, token));
    c.onCodeAction(async (params, token) => {
      const lint = await this.lint(params.textDocument.uri, token);
      const doc = this.documents.get(params.textDocument.uri);
      if (!lint?.result || !doc || doc.version !== lint.version) return [];
      return codeActions({
        uri: lint.uri,
        version: lint.version,
        text: lint.result.index.text,
        result: lint.result,
        range: params.range,
        only: params.context.only,
        documentChanges: this.capabilities.workspace?.workspaceEdit?.documentChanges === true,
      });
    });
    c.onHover(async (params, token) => {
      const lint = await this.lint(params.textDocument.uri, token);
      if (!lint || lint.status.state === 'disabled' || lint.status.state === 'excluded') return null;
      const doc = this.documents.get(lint.uri);
      const path = fileURLToPathSafe(lint.uri);
      if (!doc || doc.version !== lint.version || !path) return null;
      const text = doc.getText();
      const offset = doc.offsetAt(params.position);
      const hover = hoverAt(text, path, lint.result, offset, lint.settings.localHosts);
      if (!hover) return null;
      return {
        contents: { kind: 'markdown', value: hover.markdown },
        range: { start: doc.positionAt(hover.span.start), end: doc.positionAt(hover.span.end) },
      };
    });
    c.onRequest(STATUS_REQUEST, async (params: StatusRequestParams, token) => {
      const lint = await this.lint(params.uri, token);
      return lint?.status ?? null;
    });
    c.onCodeLens(async (params, token) => this.codeLenses(params.textDocument.uri, token));
    c.onRequest(TEST_CONNECTION_REQUEST, (params: TestConnectionParams, token) => this.testConnection(params, token));

    this.documents.onDidOpen((e) => {
      this.savedVersions.set(e.document.uri, e.document.version);
      this.schedulePush(e.document.uri, 'open');
    });
    this.documents.onDidChangeContent((e) => this.schedulePush(e.document.uri, 'change'));
    this.documents.onDidSave((e) => {
      this.savedVersions.set(e.document.uri, e.document.version);
      if (this.pushDiagnostics) this.schedulePush(e.document.uri, 'save');
      // In onSave mode a client that only pulls on change needs a nudge; unchanged documents answer "unchanged".
      else void this.settingsFor(e.document.uri).then((s) => s.run === 'onSave' && this.refresh());
    });
    this.documents.onDidClose((e) => {
      const uri = e.document.uri;
      for (const m of [this.lints, this.reported, this.savedVersions, this.settingsCache, this.sentStatus]) m.delete(uri);
      clearTimeout(this.pendingStatus.get(uri));
      this.pendingStatus.delete(uri);
      if (this.pushDiagnostics) {
        clearTimeout(this.pendingPushes.get(uri)?.timer);
        this.pendingPushes.delete(uri);
        void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    });
    this.documents.listen(c);
    c.listen();
  }

  private initialize(
    capabilities: ClientCapabilities,
    options: InitializationOptions | undefined,
    folders: { uri: string }[],
    rootUri: string | null,
  ): InitializeResult {
    this.capabilities = capabilities;
    this.initOptions = options ?? {};
    // Clients without pull diagnostics (older Neovim and Helix, many others) get them pushed instead.
    this.pushDiagnostics = !capabilities.textDocument?.diagnostic;
    this.workspaceFolders = (folders.length ? folders.map((f) => f.uri) : rootUri ? [rootUri] : [])
      .map((u) => fileURLToPathSafe(u))
      .filter((p): p is string => !!p);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        ...(this.pushDiagnostics ? {} : { diagnosticProvider: { identifier: 'smtp-lint', interFileDependencies: false, workspaceDiagnostics: false } }),
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'smtp-lint', version: serverVersion() },
    };
  }

  private initOptions: InitializationOptions = {};
  private pushDiagnostics = false;
  private readonly pendingPushes = new Map<string, { timer: NodeJS.Timeout; reason: PushReason }>();

  /**
   * Push mode: publish a document's diagnostics soon. Typing is debounced; a pending open, save or refresh is never
   * downgraded to a change (which onSave mode ignores).
   */
  private schedulePush(uri: string, reason: PushReason): void {
    if (!this.pushDiagnostics) return;
    const pending = this.pendingPushes.get(uri);
    const effective = pending && pending.reason !== 'change' ? pending.reason : reason;
    clearTimeout(pending?.timer);
    const timer = setTimeout(() => {
      this.pendingPushes.delete(uri);
      void this.push(uri, effective);
    }, reason === 'change' ? PUSH_DEBOUNCE_MS : 0);
    this.pendingPushes.set(uri, { timer, reason: effective });
  }

  private async push(uri: string, reason: PushReason): Promise<void> {
    try {
      const settings = await this.settingsFor(uri);
      if (settings.run === 'onSave' && reason === 'change') return;
      const lint = await this.lint(uri);
      if (!lint) return;
      await this.connection.sendDiagnostics({ uri, version: lint.version, diagnostics: lint.diagnostics });
    } catch (e) {
      this.connection.console.warn(`could not publish diagnostics: ${String(e)}`);
    }
  }

  private initialized(): void {
    const c = this.connection;
    const ws = this.capabilities.workspace;
    if (ws?.didChangeConfiguration?.dynamicRegistration) {
      void c.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    }
    if (!this.initOptions.watchesConfigFiles && ws?.didChangeWatchedFiles?.dynamicRegistration) {
      void c.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })) });
    }
    if (ws?.workspaceFolders) {
      c.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => fileURLToPathSafe(f.uri)));
        this.workspaceFolders = this.workspaceFolders.filter((f) => !removed.has(f));
        for (const f of e.added) {
          const p = fileURLToPathSafe(f.uri);
          if (p) this.workspaceFolders.push(p);
        }
        this.invalidate('workspace folders changed');
      });
    }
    c.console.info(`smtp-lint ${serverVersion()} started (node ${process.version})`);
  }

  /** Forget every cached lint and setting, and ask the client to pull diagnostics again. */
  private invalidate(reason: string): void {
    this.generation++;
    this.settingsCache.clear();
    this.lints.clear();
    this.hintsByFile.clear();
    this.resolver.clear();
    this.loggedConfigErrors.clear();
    this.connection.console.info(`${reason}: re-linting open files`);
    this.refresh();
  }

  private refresh(): void {
    if (this.capabilities.workspace?.codeLens?.refreshSupport) {
      // The lens setting may have changed; lenses of unchanged documents are not asked for again otherwise.
      this.connection.sendRequest(CodeLensRefreshRequest.type).catch((e: unknown) => this.connection.console.warn(`code lens refresh failed: ${String(e)}`));
    }
    if (this.pushDiagnostics) {
      for (const doc of this.documents.all()) this.schedulePush(doc.uri, 'refresh');
      return;
    }
    if (this.capabilities.workspace?.diagnostics?.refreshSupport) {
      this.connection.sendRequest(DiagnosticRefreshRequest.type).catch((e: unknown) => this.connection.console.warn(`diagnostic refresh failed: ${String(e)}`));
    }
  }

  private normalise(raw: unknown, where: string): SmtpLintSettings {
    const { settings, problems } = normaliseSettings(raw);
    for (const p of problems) this.connection.console.warn(`${where}: ${p}`);
    return settings;
  }

  private settingsFor(uri: string): Promise<SmtpLintSettings> {
    if (!this.capabilities.workspace?.configuration) return Promise.resolve(this.globalSettings);
    let pending = this.settingsCache.get(uri);
    if (!pending) {
      pending = this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
        (raw: unknown) => this.normalise(raw, 'settings'),
        (e: unknown) => {
          this.connection.console.warn(`could not read settings (${String(e)}); using defaults`);
          return { ...DEFAULT_SETTINGS };
        },
      );
      this.settingsCache.set(uri, pending);
    }
    return pending;
  }

  /**
   * The lint of the document's current version. Settings are fetched first (the only wait); the document is read
   * after that wait, so an edit that arrived meanwhile is what gets linted: never a stale version.
   */
  private async lint(uri: string, token?: CancellationToken): Promise<DocumentLint | undefined> {
    for (;;) {
      const generation = this.generation;
      const settings = await this.settingsFor(uri);
      if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      if (generation !== this.generation) continue; // settings changed while we waited: fetch the new ones
      const doc = this.documents.get(uri);
      return doc ? this.lintDocument(doc, settings) : undefined;
    }
  }

  private lintDocument(doc: TextDocument, settings: SmtpLintSettings): DocumentLint {
    const resultId = `${this.session}:${this.generation}:${doc.version}`;
    const cached = this.lints.get(doc.uri);
    if (cached && cached.resultId === resultId) return cached;
    const started = Date.now();
    const lint = this.compute(doc, settings, resultId);
    this.lints.set(doc.uri, lint);
    const ms = Date.now() - started;
    const changed = this.sendStatus(lint.status);
    // One log line per change of outcome (or a slow lint), not per keystroke, and after the answer: each message is a
    // pipe write that costs about as much as the lint, and the diagnostics are what the editor waits for.
    if (changed || ms >= SLOW_LINT_MS) {
      const line = `${lint.status.text} [${fileURLToPathSafe(doc.uri) ?? doc.uri} v${doc.version}, ${ms} ms]`;
      setImmediate(() => this.connection.console.log(line));
    }
    return lint;
  }

  private readonly sentStatus = new Map<string, string>();
  private readonly pendingStatus = new Map<string, NodeJS.Timeout>();

  /**
   * Tell the client the file's status: at once when it changed, else as one trailing update per burst of edits, so the
   * latest version always arrives without a notification per keystroke. Returns whether the status changed.
   */
  private sendStatus(status: DocumentStatus): boolean {
    const key = `${status.state}\u0000${status.findings}\u0000${status.text}`;
    const changed = this.sentStatus.get(status.uri) !== key;
    clearTimeout(this.pendingStatus.get(status.uri));
    this.pendingStatus.delete(status.uri);
    const send = () => {
      this.pendingStatus.delete(status.uri);
      this.sentStatus.set(status.uri, key);
      void this.connection.sendNotification(STATUS_NOTIFICATION, status);
    };
    if (changed) send();
    else this.pendingStatus.set(status.uri, setTimeout(send, STATUS_TRAILING_MS));
    return changed;
  }

  private compute(doc: TextDocument, settings: SmtpLintSettings, resultId: string): DocumentLint {
    const base = { uri: doc.uri, version: doc.version, resultId, settings };
    const status = (state: LintState, text: string, findings = 0): DocumentStatus => ({ uri: doc.uri, version: doc.version, state, findings, text });
    const path = fileURLToPathSafe(doc.uri);
    if (!path) return { ...base, diagnostics: [], status: status('not-linted', 'not linted: not a file on disk') };
    if (!settings.enable) return { ...base, diagnostics: [], status: status('disabled', 'not linted: disabled by smtpLint.enable') };
    if (isExcluded(path, settings.exclude, this.workspaceFolders)) {
      return { ...base, diagnostics: [], status: status('excluded', 'not linted: excluded by smtpLint.exclude') };
    }
    const text = doc.getText();
    if (isConfigFilePath(path)) {
      const { diagnostics, errors } = configFileDiagnostics(text);
      for (const e of errors) this.connection.console.warn(`${path}: ${e}`);
      const summary = errors.length ? `smtp-lint config: ${plural(errors.length, 'problem')}` : 'smtp-lint config: valid';
      return { ...base, diagnostics, status: status('not-linted', summary, errors.length) };
    }
    const loaded = this.resolver.loadFor(path);
    if (loaded.errors.length && loaded.path) {
      const key = `${loaded.path}\n${loaded.errors.join('\n')}`;
      if (!this.loggedConfigErrors.has(key)) {
        this.loggedConfigErrors.add(key);
        for (const e of loaded.errors) this.connection.console.warn(`${loaded.path}: ${e} (the valid parts still apply)`);
      }
    }
    if (isIgnoredByConfig(path, loaded.config.ignore, loaded.path)) {
      return { ...base, diagnostics: [], status: status('excluded', `not linted: ignored by ${loaded.path}`) };
    }
    const config = mergeConfigs(loaded.config, settingsAsConfig(settings));
    const maxSize = config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    const size = Buffer.byteLength(text, 'utf8');
    if (size > maxSize) {
      return { ...base, diagnostics: [], status: status('not-linted', `not linted: ${size} bytes is over maxFileSize (${maxSize})`) };
    }
    const result = lintText(text, { path, config, hints: this.hintsFor(path) });
    if (result.skipped) return { ...base, result, diagnostics: [], status: status('not-linted', `not linted: ${result.skipped}`) };
    const diagnostics = result.findings.map((f) => findingToDiagnostic(f, result.index, doc.uri));
    if (!result.parsed?.profiles.length && diagnostics.length === 0) {
      return { ...base, result, diagnostics, status: status('not-linted', 'not linted: no mail settings found') };
    }
    const labels = [...new Set((result.parsed?.profiles ?? []).map((p) => p.label || ecosystemLabel(p.ecosystem)))];
    // Labels may quote what a file says (a host, a name); the status is logged, so it gets the same redaction.
    const what = redact(labels.length ? labels.join(', ') : 'no mail profile', result.parsed?.secrets ?? []);
    return { ...base, result, diagnostics, status: status('linted', `linted: ${what}, ${plural(diagnostics.length, 'finding')}`, diagnostics.length) };
  }

  /** "Test connection" above the host (or port) of each mail profile a probe can reach; nothing is probed here. */
  private async codeLenses(uri: string, token: CancellationToken): Promise<CodeLens[]> {
    const lint = await this.lint(uri, token);
    const doc = this.documents.get(uri);
    const profiles = lint?.result?.parsed?.profiles;
    if (!lint || !doc || doc.version !== lint.version || lint.status.state !== 'linted' || !profiles?.length) return [];
    if (!lint.settings.testConnectionLens) return [];
    return testableProfiles(profiles).testable.map((t) => {
      const line = doc.positionAt(t.span.start).line;
      return {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        command: { title: 'Test connection', command: TEST_CONNECTION_COMMAND, arguments: [uri, t.profile] },
      };
    });
  }

  /**
   * Probe the relay of an open document's profile(s), on the user's request. Refused unless the client says the
   * workspace is trusted: the client hides the command and lenses in Restricted Mode, and this is the second lock.
   */
  private async testConnection(params: TestConnectionParams, token: CancellationToken | undefined): Promise<TestConnectionResult> {
    if (!params || typeof params !== 'object' || params.workspaceTrusted !== true) {
      this.connection.console.warn('refused a connection test: the client did not say the workspace is trusted');
      throw new ResponseError(TEST_CONNECTION_REFUSED, 'Testing the connection is not available in an untrusted workspace (Restricted Mode).', {
        reason: 'untrusted',
      });
    }
    const lint = typeof params.uri === 'string' ? await this.lint(params.uri, token ?? undefined) : undefined;
    const path = lint && fileURLToPathSafe(lint.uri);
    if (!lint || !path) throw new ResponseError(TEST_CONNECTION_REFUSED, 'Open the file first: only open files on disk can be tested.');
    const parsed = lint.result?.parsed;
    if (lint.status.state !== 'linted' || !parsed) {
      throw new ResponseError(TEST_CONNECTION_REFUSED, `Nothing to test in ${basename(path)}: ${lint.status.text}.`);
    }
    const only = typeof params.profile === 'number' && Number.isInteger(params.profile) ? params.profile : undefined;
    this.connection.console.info(`testing the SMTP connection of ${only === undefined ? 'every profile' : `profile ${only}`} in ${path}`);
    // A probe cannot be cut short, but a cancelled request is answered at once; the probe ends within its limits.
    const work = testConnections(lint.uri, path, parsed, only);
    return new Promise<TestConnectionResult>((resolve, reject) => {
      // By-position params from an odd client leave no token here: then there is nothing to cancel with.
      const cancelled = token?.onCancellationRequested?.(() => reject(new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled')));
      work.then(resolve, reject).finally(() => cancelled?.dispose());
    });
  }

  private hintsFor(path: string): ProjectHints {
    let hints = this.hintsByFile.get(path);
    if (!hints) {
      hints = findProjectHints(path);
      this.hintsByFile.set(path, hints);
    }
    return hints;
  }

  private async pullDiagnostics(uri: string, previousResultId: string | undefined, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const settings = await this.settingsFor(uri);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    const doc = this.documents.get(uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    // onSave: while the buffer differs from the file on disk, keep answering with what was reported for the saved text.
    const last = this.reported.get(uri);
    const dirty = this.savedVersions.get(uri) !== doc.version;
    const current = last?.resultId.startsWith(`${this.session}:${this.generation}:`);
    const lint = settings.run === 'onSave' && dirty && last && current ? last : await this.lint(uri, token);
    if (!lint) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    this.reported.set(uri, lint);
    if (previousResultId === lint.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: lint.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: lint.resultId, items: lint.diagnostics };
  }
}

function fileURLToPathSafe(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function startLanguageServer(connection: Connection): SmtpLintLanguageServer {
  const server = new SmtpLintLanguageServer(connection);
  server.start();
  return server;
}
