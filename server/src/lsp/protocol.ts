// Messages between the smtp-lint language server and its clients beyond standard LSP. Shared by the server and the
// VS Code client; only plain data and method names here (no runtime dependencies on either side).
import type { ProbeMode, ProbeVerdict } from '../probe/types';

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

/**
 * The command behind the "Test connection" code lens and "smtp-lint: Test SMTP connection": arguments
 * `[uri, profileIndex]` from a lens, none from the palette (the client then tests every profile of the active file).
 * Clients implement it by sending TEST_CONNECTION_REQUEST.
 */
export const TEST_CONNECTION_COMMAND = 'smtpLint.testConnection';

/**
 * Client -> server request: probe the relay of one mail profile (or of every active profile) of an open document.
 * Only ever sent when the user asks; the server refuses it unless `workspaceTrusted` is true.
 */
export const TEST_CONNECTION_REQUEST = 'smtpLint/testConnection';

export interface TestConnectionParams {
  uri: string;
  /** Index into the document's mail profiles (from the code lens); absent: every active profile. */
  profile?: number;
  /** The client's word that the workspace is trusted. Without it the server refuses (no probe is started). */
  workspaceTrusted: boolean;
}

/** What one probe found. Every string is redacted with the file's secrets. */
export interface ConnectionReport {
  profile: number;
  label: string;
  target: { host: string; port: number; mode: ProbeMode };
  verdict: ProbeVerdict;
  /** The probe's own one-sentence summary ("port 25 timed out: outbound 25 is probably blocked here; ..."). */
  summary: string;
  /** The notification text: the summary, plus what a working alternative port showed (its certificate). */
  message: string;
  /** The step-by-step report, one line each, for the output channel. */
  lines: string[];
  /** The other ports tried because the configured one did not answer. */
  alternatives: { port: number; mode: ProbeMode; verdict: ProbeVerdict; summary: string }[];
}

export interface TestConnectionResult {
  uri: string;
  reports: ConnectionReport[];
  /** Profiles that were not probed, and why (inactive, no literal host, ...). */
  skipped: { profile: number; label: string; reason: string }[];
}

/** Error code of a refused TEST_CONNECTION_REQUEST (untrusted workspace); LSP's RequestFailed. */
export const TEST_CONNECTION_REFUSED = -32803;
