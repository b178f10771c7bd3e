// Keys a file happens to name like Object's members (`constructor`, `toString`, `__proto__`) are plain keys: every
// format looks keys up in tables without a prototype, so they never get a mail role, a port number or a setting.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../server/src/engine';

const ROLES = new Set(['mailer', 'host', 'port', 'tls', 'auth', 'user', 'password', 'dsn', 'verify', 'from', 'other']);

const FILES: Record<string, string> = {
  '/etc/postfix/main.cf': 'constructor = 1\ntoString = 2\nrelayhost = [smtp.mailgun.org]:constructor\n',
  '/var/www/nextcloud/config/config.php':
    "<?php\n$CONFIG = array(\n  'constructor' => 1,\n  'mail_smtpmode' => 'smtp',\n  'mail_smtphost' => 'smtp.mailgun.org',\n  'mail_smtpport' => 25,\n);\n",
  '/srv/app/config/mail.php':
    "<?php\nreturn [\n  'default' => 'smtp',\n  'constructor' => 'smtp',\n  'mailers' => [\n    'smtp' => [\n      'transport' => 'smtp',\n      'constructor' => 1,\n      'host' => 'smtp.mailgun.org',\n      'port' => 25,\n    ],\n  ],\n];\n",
  '/srv/ghost/config.production.json': '{"mail":{"transport":"SMTP","options":{"host":"smtp.mailgun.org","port":25,"constructor":1,"toString":2}}}',
  '/etc/gitea/app.ini': '[mailer]\nENABLED = true\nconstructor = 1\nSMTP_ADDR = smtp.mailgun.org\nSMTP_PORT = 25\n',
  '/etc/grafana/grafana.ini': '[smtp]\nenabled = true\nconstructor = 1\nhost = smtp.mailgun.org:25\n',
  '/etc/ssmtp/ssmtp.conf': 'root=postmaster\nmailhub=smtp.mailgun.org:25\nconstructor=1\n',
  '/etc/nullmailer/remotes': 'smtp.mailgun.org smtp --port=25 --constructor=1\n',
  '/srv/proj/settings.py': 'EMAIL_HOST = "smtp.mailgun.org"\nEMAIL_PORT = 25\nconstructor = 1\ntoString = 2\n',
  '/etc/sentry/config.yml': 'mail.host: smtp.mailgun.org\nmail.port: 25\nconstructor: 1\n',
  '/srv/mastodon/.env.production': 'SMTP_SERVER=smtp.mailgun.org\nSMTP_PORT=25\nconstructor=1\nhasOwnProperty=2\n',
};

describe('keys named like Object members', () => {
  for (const [path, text] of Object.entries(FILES)) {
    test(path, () => {
      const r = lintText(text, { path });
      assert.ok(r.parsed && !r.skipped, `not parsed: ${r.skipped}`);
      for (const s of r.parsed.symbols) assert.ok(ROLES.has(s.role), `${s.key} has role ${String(s.role)}`);
      assert.ok(!r.parsed.symbols.some((s) => /constructor|toString|hasOwnProperty/.test(s.key)), r.parsed.symbols.map((s) => s.key).join(', '));
      for (const p of r.parsed.profiles) assert.ok(p.port === undefined || ['number', 'string'].includes(typeof p.port.value), `port ${String(p.port?.value)}`);
    });
  }
});
