// Sample files for the protocol tests, written into a fresh temp folder per test file. Expectations are never
// hard-coded here: tests ask the engine (lintText) what it finds in these texts and compare the server against that.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintText, type LintResult } from '../../server/src/engine';

/** A Laravel .env sending through SendGrid on port 25, with a password and unrelated *_PORT keys. */
export const LARAVEL_ENV = [
  'APP_NAME=Shop',
  'DB_CONNECTION=mysql',
  'DB_HOST=127.0.0.1',
  'DB_PORT=3306',
  'REDIS_PORT=6379',
  '',
  'MAIL_MAILER=smtp',
  'MAIL_HOST=smtp.sendgrid.net',
  'MAIL_PORT=25',
  'MAIL_USERNAME=apikey',
  'MAIL_PASSWORD=SG.n0t-A-r3al-Key_but-l00ks-like-1',
  'MAIL_ENCRYPTION=tls',
  '',
].join('\n');

export const ENV_PASSWORD = 'SG.n0t-A-r3al-Key_but-l00ks-like-1';

/** WP Mail SMTP constants: port 25, no encryption, a plaintext password. */
export const WP_CONFIG = [
  '<?php',
  "define( 'DB_NAME', 'wordpress' );",
  "define( 'WPMS_ON', true );",
  "define( 'WPMS_MAILER', 'smtp' );",
  "define( 'WPMS_SMTP_HOST', 'smtp.sendgrid.net' );",
  "define( 'WPMS_SMTP_PORT', 25 );",
  "define( 'WPMS_SSL', '' );",
  "define( 'WPMS_SMTP_AUTH', true );",
  "define( 'WPMS_SMTP_USER', 'apikey' );",
  "define( 'WPMS_SMTP_PASS', 'Xq7-pl41ntext-W0rdPress-pass' );",
  "$table_prefix = 'wp_';",
  "require_once ABSPATH . 'wp-settings.php';",
  '',
].join('\n');

export const WP_PASSWORD = 'Xq7-pl41ntext-W0rdPress-pass';

/** The same settings inside an indented block, with CRLF line ends (suppression comments must match both). */
export const WP_CONFIG_CRLF_INDENTED = [
  '<?php',
  "if ( getenv( 'WP_ENV' ) === 'production' ) {",
  "    define( 'WPMS_ON', true );",
  "    define( 'WPMS_MAILER', 'smtp' );",
  "    define( 'WPMS_SMTP_HOST', 'smtp.sendgrid.net' );",
  "    define( 'WPMS_SMTP_PORT', 587 );",
  "    define( 'WPMS_SSL', 'tls' );",
  "    define( 'WPMS_SMTP_AUTH', true );",
  "    define( 'WPMS_SMTP_USER', 'apikey' );",
  `    define( 'WPMS_SMTP_PASS', '${WP_PASSWORD}' );`,
  '}',
  '',
].join('\r\n');

/** Symfony DSN with credentials in the user info. */
export const SYMFONY_ENV = ['APP_ENV=prod', 'MAILER_DSN=smtp://mailer-user:Dsn-S3cret-pa55@smtp.mailgun.org:25', ''].join('\n');
export const DSN_PASSWORD = 'Dsn-S3cret-pa55';

/** A .env without mail settings: not linted, but its ports still get hovers. */
export const PLAIN_ENV = ['APP_NAME=Blog', 'DB_PORT=3306', 'HTTP_PORT=8080', ''].join('\n');

export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'smtp-lint-lsp-'));
  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }
  write(name: string, text: string): string {
    const p = this.path(name);
    writeFileSync(p, text);
    return p;
  }
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What the engine itself finds, with default config: the expectation for the server. */
export function engineLint(path: string, text: string): LintResult {
  return lintText(text, { path, config: {}, hints: {} });
}
