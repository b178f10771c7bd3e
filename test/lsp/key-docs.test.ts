// Key docs cover what the formats emit: every mail-setting symbol in every fixture gets a doc from its own
// ecosystem (or a table it explicitly shares, as Forgejo shares Gitea's), every ecosystem id has a label, and the
// docs say the right thing where one word means different things per stack.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { lintText } from '../../server/src/engine';
import type { SymbolRole } from '../../server/src/engine/model';
import { bareKey, ECOSYSTEM_LABELS, keyDoc, keyHoverMarkdown } from '../../server/src/lsp/key-docs';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const MAIL_ROLES: readonly SymbolRole[] = ['host', 'port', 'tls', 'auth', 'user', 'password', 'verify', 'mailer', 'dsn'];

function fixtureFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'fix' ? [] : fixtureFiles(p);
    return p.endsWith('.expect') || p.endsWith('.md') || /\.fixed\.[^/]+$/.test(p) ? [] : [p];
  });
}

/**
 * In .env files any key containing PORT is marked as a port (DB_PORT, REDIS_PORT), so its value gets the port hover;
 * those are not mail settings, and the hover must say so, which it does when keyDoc finds nothing.
 */
const notAMailSetting = (eco: string, key: string, role: SymbolRole) => eco === 'generic-env' && role === 'port' && !/MAIL|SMTP/i.test(key);

describe('every symbol the formats emit has its own doc', () => {
  const files = fixtureFiles(FIXTURES);
  const seen = new Map<string, { role: SymbolRole; file: string }>();
  const ecosystems = new Set<string>();
  for (const path of files) {
    const result = lintText(readFileSync(path, 'utf8'), { path });
    for (const p of result.parsed?.profiles ?? []) ecosystems.add(p.ecosystem);
    for (const s of result.parsed?.symbols ?? []) {
      ecosystems.add(s.ecosystem);
      const id = `${s.ecosystem}\t${s.key}`;
      if (!seen.has(id)) seen.set(id, { role: s.role, file: relative(FIXTURES, path) });
    }
  }

  test('the fixtures are found and hold many kinds of settings', () => {
    assert.ok(files.length > 100, `only ${files.length} fixture files`);
    assert.ok(ecosystems.size >= 35, `only ${ecosystems.size} ecosystems: ${[...ecosystems].join(', ')}`);
    assert.ok(seen.size > 300, `only ${seen.size} distinct symbols`);
  });

  test('host, port, TLS, auth, credential, verification, mailer and DSN keys: a doc from their own ecosystem', () => {
    const missing: string[] = [];
    for (const [id, { role, file }] of seen) {
      const [eco, key] = id.split('\t');
      if (!MAIL_ROLES.includes(role) || notAMailSetting(eco, key, role)) continue;
      const found = keyDoc(eco, key);
      if (found?.ecosystem !== eco) missing.push(`${eco} ${key} (${role}, ${file})${found ? ` borrowed from ${found.ecosystem}` : ''}`);
    }
    assert.deepEqual(missing, []);
  });

  test('the port look-alikes in .env files stay undocumented, so their hover says they are not mail settings', () => {
    const lookalikes = [...seen].filter(([id, { role }]) => notAMailSetting(id.split('\t')[0], id.split('\t')[1], role));
    assert.ok(lookalikes.length >= 3, 'the fixtures have DB_PORT and friends');
    for (const [id] of lookalikes) assert.equal(keyDoc('generic-env', id.split('\t')[1]), undefined, id);
  });

  test('other keys the formats mark (sender, timeouts, env_file) are documented too', () => {
    const missing = [...seen].filter(([id, { role }]) => role === 'other' && keyDoc(id.split('\t')[0], id.split('\t')[1])?.ecosystem !== id.split('\t')[0]);
    assert.deepEqual(missing.map(([id, { file }]) => `${id.replace('\t', ' ')} (${file})`), []);
  });

  test('every ecosystem id seen in a symbol or profile has a display label', () => {
    assert.deepEqual([...ecosystems].filter((e) => !ECOSYSTEM_LABELS[e]), []);
  });
});

describe('keys the formats emit that no fixture shows', () => {
  // From the formats' role tables (engine/formats/*, engine/env/apps.ts); written as each format writes the key.
  const cases: [string, string[]][] = [
    ['msmtp', ['tls_nostarttls', 'tls_nocertcheck', 'tls_fingerprint', 'protocol']],
    ['ssmtp', ['remoteport', 'AuthMethod', 'tls_ca_file', 'TLS_CA_Dir', 'UseTLSCert', 'TLSCert']],
    ['nullmailer', ['tls', 'x509cafile', 'auth-login']],
    ['postfix', ['smtp_enforce_tls', 'smtp_tls_enforce_peername', 'smtp_tls_policy_maps']],
    ['gitea', ['[mailer] MAILER_TYPE', '[mailer] SENDMAIL_PATH', 'GITEA__mailer__HOST', 'GITEA__mailer__IS_TLS_ENABLED', 'GITEA__mailer__SKIP_VERIFY']],
    ['forgejo', ['FORGEJO__mailer__FORCE_TRUST_SERVER_CERT', 'FORGEJO__mailer__HOST']],
    ['mastodon', ['SMTP_ENABLE_STARTTLS_AUTO', 'SMTP_SSL', 'SMTP_CA_FILE']],
    ['discourse', ['DISCOURSE_SMTP_AUTHENTICATION']],
    ['vaultwarden', ['SMTP_SSL', 'SMTP_EXPLICIT_TLS', 'USE_SENDMAIL']],
    ['outline', ['SMTP_SERVICE', 'SMTP_DISABLE_STARTTLS', 'EMAIL_PROVIDER']],
    ['nextcloud', ['SMTP_AUTHTYPE']],
    ['ghost', ['mail__options__secureConnection', 'mail__options__requireTLS', 'mail__options__ignoreTLS', 'mail__options__tls__rejectUnauthorized']],
    ['sentry', ['SENTRY_EMAIL_USE_SSL']],
    ['nodemailer', ['opportunisticTLS', 'tls.checkServerIdentity']],
    ['rails', ['ssl', 'force_ssl']],
    ['mail-gem', ['ssl', 'openssl_verify_mode']],
    ['gitlab', ['smtp_ssl', 'smtp_force_ssl', 'smtp_enable_starttls']],
    ['spring-boot', ['spring.mail.ssl.enabled', 'spring.mail.properties.mail.smtps.starttls.required', 'spring.mail.properties.mail.smtp.port', 'spring.mail.jndiName']],
    ['alertmanager', ['smtp_force_implicit_tls', 'force_implicit_tls', 'smtp_tls_config']],
    ['laravel', ['mail.url', 'mail.mailers.smtp.stream']],
    ['flask-mail', ['MAIL_BACKEND']],
  ];
  for (const [eco, keys] of cases) {
    test(eco, () => {
      for (const k of keys) assert.equal(keyDoc(eco, k)?.ecosystem, eco, `${eco} ${k}`);
      assert.ok(ECOSYSTEM_LABELS[eco], `${eco} has a label`);
    });
  }
});

describe('the TLS-word traps are spelled out', () => {
  const doc = (eco: string, key: string) => {
    const found = keyDoc(eco, key);
    assert.equal(found?.ecosystem, eco, `${eco} ${key}`);
    return found!.doc;
  };

  test('mail gem `tls` (Rails, plain mail gem, GitLab smtp_tls) is implicit TLS, not STARTTLS', () => {
    for (const [eco, key] of [['rails', 'tls'], ['mail-gem', 'tls'], ['gitlab', 'smtp_tls'], ['rails', 'ssl']]) {
      const d = doc(eco, key);
      assert.match(d.meaning, /^Implicit TLS/, `${eco} ${key}`);
      assert.doesNotMatch(d.meaning, /STARTTLS/, `${eco} ${key}`);
    }
    assert.match(doc('rails', 'tls').note!, /not STARTTLS/);
    assert.match(doc('rails', 'enable_starttls').meaning, /STARTTLS/);
  });

  test("PHPMailer and the WordPress plugins: 'tls' is STARTTLS, 'ssl' implicit TLS", () => {
    assert.match(doc('phpmailer', '$mail->SMTPSecure').values!, /`'tls'`[^,]*= STARTTLS/);
    assert.match(doc('phpmailer', '$mail->SMTPSecure').values!, /`'ssl'`[^,]*= implicit TLS/);
    for (const [eco, key] of [['wp-mail-smtp', 'WPMS_SSL'], ['easy-wp-smtp', 'smtp.encryption'], ['fluentsmtp', 'provider_settings.encryption'], ['post-smtp', 'enc_type']]) {
      assert.match(doc(eco, key).values!, /`'tls'` = STARTTLS/, `${eco} ${key}`);
    }
  });

  test('Mastodon SMTP_TLS and SMTP_SSL are implicit TLS; Vaultwarden legacy SMTP_SSL is STARTTLS', () => {
    assert.match(doc('mastodon', 'SMTP_TLS').meaning, /^Implicit TLS.*not STARTTLS/);
    assert.match(doc('mastodon', 'SMTP_SSL').meaning, /Implicit TLS/);
    assert.match(doc('vaultwarden', 'SMTP_SSL').meaning, /\*\*STARTTLS\*\*/);
    assert.notEqual(keyDoc('mastodon', 'SMTP_SSL')!.doc, keyDoc('vaultwarden', 'SMTP_SSL')!.doc);
  });

  test('django-environ: smtps:// is STARTTLS, smtp+ssl:// is implicit TLS', () => {
    const url = doc('django', 'EMAIL_URL');
    assert.match(url.meaning, /`smtps:\/\/` both mean STARTTLS/);
    assert.match(url.meaning, /`smtp\+ssl:\/\/` means implicit TLS/);
    assert.match(url.note!, /`smtps:\/\/` here is \*\*not\*\* implicit TLS/);
    assert.match(doc('django', 'EMAIL_USE_TLS').meaning, /STARTTLS, required/);
  });

  test('USE_TLS is STARTTLS and USE_SSL implicit in every Django-style vocabulary', () => {
    for (const [eco, tls, ssl] of [
      ['flask-mail', 'MAIL_USE_TLS', 'MAIL_USE_SSL'],
      ['authentik', 'AUTHENTIK_EMAIL__USE_TLS', 'AUTHENTIK_EMAIL__USE_SSL'],
      ['sentry', 'mail.use-tls', 'mail.use-ssl'],
      ['sentry', 'SENTRY_EMAIL_USE_TLS', 'SENTRY_EMAIL_USE_SSL'],
      ['fastapi-mail', 'MAIL_STARTTLS', 'MAIL_SSL_TLS'],
    ]) {
      assert.match(doc(eco, tls).meaning, /STARTTLS/, `${eco} ${tls}`);
      assert.match(doc(eco, ssl).meaning, /^Implicit TLS/, `${eco} ${ssl}`);
    }
  });

  test('secure: true is implicit TLS in Nodemailer, Ghost (config and env), Outline; n8n SSL defaults on', () => {
    for (const [eco, key] of [['nodemailer', 'secure'], ['ghost', 'mail.options.secure'], ['ghost', 'mail__options__secure'], ['outline', 'SMTP_SECURE'], ['n8n', 'N8N_SMTP_SSL']]) {
      assert.match(doc(eco, key).meaning, /^Implicit TLS/, `${eco} ${key}`);
    }
    assert.match(doc('n8n', 'N8N_SMTP_SSL').default!, /`true`/);
    assert.match(doc('outline', 'SMTP_SECURE').default!, /`true`/);
  });

  test('words that do not mean what they seem: Gitea smtp, Nextcloud tls, Keycloak starttls, Postfix encrypt', () => {
    assert.match(doc('gitea', '[mailer] PROTOCOL').note!, /`smtp` is \*\*no TLS at all\*\*/);
    assert.match(doc('nextcloud', 'mail_smtpsecure').note!, /`'tls'` does not require STARTTLS/);
    assert.match(doc('keycloak', 'smtpServer.starttls').meaning, /opportunistic/);
    assert.match(doc('postfix', 'smtp_tls_security_level').meaning, /`encrypt` = required, unverified/);
    assert.match(doc('msmtp', 'tls').default!, /never upgrades/);
    assert.match(doc('ssmtp', 'UseTLS').meaning, /^Implicit TLS/);
    assert.match(doc('grafana', '[smtp] host').meaning, /465 means implicit TLS/);
  });
});

describe('lookup', () => {
  test('keys are found however the format writes them: INI sections, env __ paths, PHP arrays, Spring relaxed names', () => {
    assert.equal(keyDoc('gitea', '[mailer] SMTP_ADDR')?.key, 'SMTP_ADDR');
    assert.equal(keyDoc('gitea', 'GITEA__mailer__SMTP_ADDR')?.key, 'SMTP_ADDR');
    assert.equal(keyDoc('ghost', 'mail__options__auth__pass')?.key, 'mail.options.auth.pass');
    assert.equal(keyDoc('nextcloud', "$CONFIG['mail_smtppassword']")?.key, 'mail_smtppassword');
    assert.equal(keyDoc('nextcloud', "mail_smtpstreamoptions['ssl']['verify_peer']")?.key, 'verify_peer');
    assert.equal(keyDoc('spring-boot', 'spring.mail.SSL.Enabled')?.key, 'spring.mail.ssl.enabled');
    assert.equal(keyDoc('spring-boot', 'spring.mail.properties.mail.smtp.starttls.enable')?.key, 'mail.smtp.starttls.enable');
    assert.equal(keyDoc('ssmtp', 'MailHub')?.key, 'mailhub');
    assert.equal(keyDoc('symfony', 'framework.mailer.transports.main')?.key, 'transports.main');
    assert.equal(keyDoc('laravel', 'mail.mailers.smtp.host')?.key, 'host');
  });

  test('a table is shared only explicitly: Forgejo reads like Gitea but is labelled Forgejo', () => {
    assert.equal(keyDoc('forgejo', 'FORGEJO__mailer__PROTOCOL')?.doc, keyDoc('gitea', '[mailer] PROTOCOL')?.doc);
    const md = keyHoverMarkdown('forgejo', 'FORGEJO__mailer__PROTOCOL', 'tls');
    assert.match(md, /\(Forgejo\)/);
    assert.doesNotMatch(md, /Gitea/);
  });

  test('shared SMTP_* names keep each app\'s meaning; an unknown stack gets the generic text, never another app\'s', () => {
    assert.equal(keyDoc('outline', 'SMTP_SECURE')?.ecosystem, 'outline');
    assert.equal(keyDoc('nextcloud', 'SMTP_SECURE')?.ecosystem, 'nextcloud');
    assert.notEqual(keyDoc('outline', 'SMTP_SECURE')!.doc, keyDoc('nextcloud', 'SMTP_SECURE')!.doc);
    assert.equal(keyDoc('some-future-format', 'SMTP_PORT')?.ecosystem, 'generic-env');
    assert.equal(keyDoc('some-future-format', 'MAIL_SCHEME')?.ecosystem, 'laravel');
    // Gitea's bare names are not borrowed by other stacks.
    assert.equal(keyDoc('generic-env', 'PROTOCOL'), undefined);
    assert.equal(keyDoc('generic-env', 'AUTHENTIK_ERROR_REPORTING__ENABLED'), undefined);
  });

  test('a hover never shows a value: only the key, its label and the doc', () => {
    const md = keyHoverMarkdown('mastodon', 'SMTP_PASSWORD', 'password');
    assert.match(md, /^\*\*`SMTP_PASSWORD`\*\* \(Mastodon\)/);
    assert.match(keyHoverMarkdown('some-future-format', 'whatever', 'verify'), /Sets certificate verification\./);
  });

  test('bareKey stays linear on a long unclosed bracket (it once backtracked)', () => {
    const start = process.hrtime.bigint();
    assert.equal(typeof bareKey(`[${' '.repeat(200_000)}`), 'string');
    assert.equal(bareKey(`x[${' '.repeat(200_000)}'y']`), 'y');
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    assert.ok(ms < 1000, `bareKey took ${ms.toFixed(0)} ms`);
  });
});
