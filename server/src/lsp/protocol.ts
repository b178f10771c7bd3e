// Messages between the smtp-lint language server and its clients beyond standard LSP. Shared by the server and the
// VS Code client; only plain data and method names here (no runtime dependencies on either side).

/** Server -> client notification, sent whenever the server has (re)linted a document or decided not to lint it. */
export const STATUS_NOTIFICATION = 'smtpLint/status';

/** Client -> server request: the status of one document (for a status item that opens before the first lint). */
export const STATUS_REQUEST = 'smtpLint/getStatus';

export type LintState = 'linted' | 'not-linted' | 'disabled' | 'excluded';

export interface DocumentStatus {
  uri: string;
  version: number;
  state: LintState;
  /** Number of findings reported (0 unless linted). */
  findings: number;
  /** One line for a status bar: "linted: WP Mail SMTP constants, 3 findings", "not linted: no mail settings found". */
  text: string;
}

export interface StatusRequestParams {
  uri: string;
}

/** initializationOptions a client may send. */
export interface InitializationOptions {
  /**
   * The client watches `.smtp-lint.json` and `composer.lock` itself and forwards the events
   * (workspace/didChangeWatchedFiles). When false or absent the server registers the watcher dynamically if it can.
   */
  watchesConfigFiles?: boolean;
}

/** The configuration section the server asks for with workspace/configuration. */
export const SETTINGS_SECTION = 'smtpLint';

/** Kind of the fix-all code action (for `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.smtp-lint';
