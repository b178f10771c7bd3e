// Self-hosted apps' env vocabularies, read from `.env` text: each app's TLS words and defaults, which app reads the
// shared SMTP_* names, disabled mailers and look-alike keys, and the secure fix written in each app's own keys.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { applyEdits, fixAll, lintText, type LintResult, type MailProfile } from '../../server/src/engine';
import { readEnvValue } from '../../server/src/engine/env/values';

function lint(text: string, path = '/srv/app/.env'): LintResult {
  return lintText(text, { path });
}

function env(lines: string[], path?: string): LintResult {
  return lint(lines.join('\n') + '\n', path);
}

function only(r: LintResult): MailProfile {
  assert.ok(r.parsed && !r.skipped, `not parsed: ${r.skipped}`);
  assert.equal(r.parsed.profiles.length, 1, `profiles: ${r.parsed.profiles.map((p) => p.label).join(' | ')}`);
  return r.parsed.profiles[0];
}

function ruleIds(r: LintResult): string[] {
  return r.findings.map((f) => f.ruleId).sort();
}

/** The env file after applying the profile's transport edits. */
function transport(lines: string[], port: number, mode: 'starttls' | 'implicit'): Record<string, string> {
  const text = lines.join('\n') + '\n';
  const edits = only(lint(text)).edit.setTransport?.(port, mode);
  assert.ok(edits && edits.length, `no ${mode} edits`);
  return parseDotenv(applyEdits(text, edits));
}

describe('interpolation values', () => {
  test('defaults, nested defaults and unknowable forms', () => {
    assert.deepEqual(readEnvValue('${P:-25}'), { text: '25', origin: 'fallback', reference: '${P}', unknown: false });
    assert.equal(readEnvValue('${P-587}').text, '587');
    assert.equal(readEnvValue('${A:-${B:-465}}').text, '465');
    assert.equal(readEnvValue('${A:-${B}}').unknown, true);
    assert.equal(readEnvValue('${P:?required}').unknown, true);
    assert.equal(readEnvValue('${P:+587}').unknown, true);
    assert.equal(readEnvValue('${A}-${B}').unknown, false, 'two lookups are a literal pattern, not one lookup');
  });
});

describe('Mastodon', () => {
  const base = ['LOCAL_DOMAIN=social.example.org', 'SMTP_SERVER=smtp.mailgun.org', 'SMTP_LOGIN=postmaster@mg.example.org'];

  test('SMTP_TLS=true is implicit TLS (the word trap), only when exactly "true"', () => {
    assert.equal(only(env([...base, 'SMTP_PORT=587', 'SMTP_TLS=true'])).tls.value, 'implicit');
    assert.equal(only(env([...base, 'SMTP_PORT=465', 'SMTP_SSL=true'])).tls.value, 'implicit');
    // email.yml compares with == 'true': other spellings leave the default opportunistic STARTTLS.
    assert.equal(only(env([...base, 'SMTP_PORT=587', 'SMTP_TLS=TRUE'])).tls.value, 'opportunistic');
  });

  test('SMTP_ENABLE_STARTTLS and the legacy _AUTO switch', () => {
    const mode = (line: string) => only(env([...base, 'SMTP_PORT=587', line])).tls.value;
    assert.equal(mode('SMTP_ENABLE_STARTTLS=always'), 'starttls');
    assert.equal(mode('SMTP_ENABLE_STARTTLS=auto'), 'opportunistic');
    assert.equal(mode('SMTP_ENABLE_STARTTLS=never'), 'none');
    assert.equal(mode('SMTP_ENABLE_STARTTLS_AUTO=false'), 'none');
    assert.equal(mode('SMTP_FROM_ADDRESS=x@example.org'), 'opportunistic');
  });

  test('no SMTP_PORT is port 25; auth method none turns auth off; verify mode none disables checks', () => {
    const r = env([...base, 'SMTP_ENABLE_STARTTLS=always', 'SMTP_AUTH_METHOD=none', 'SMTP_OPENSSL_VERIFY_MODE=none']);
    const p = only(r);
    assert.deepEqual([p.port?.value, p.port?.origin], [25, 'default']);
    assert.equal(p.auth?.value, false);
    assert.deepEqual(ruleIds(r), ['auth-disabled', 'port-25', 'tls-verify-disabled']);
  });

  test('secure fixes in Mastodon keys', () => {
    const starttls = transport([...base, 'SMTP_PORT=25', 'SMTP_TLS=true'], 587, 'starttls');
    assert.deepEqual([starttls.SMTP_PORT, starttls.SMTP_ENABLE_STARTTLS, starttls.SMTP_TLS], ['587', 'always', 'false']);
    const implicit = transport([...base, 'SMTP_PORT=587', 'SMTP_ENABLE_STARTTLS=always'], 465, 'implicit');
    assert.deepEqual([implicit.SMTP_PORT, implicit.SMTP_TLS, implicit.SMTP_ENABLE_STARTTLS], ['465', 'true', 'never']);
  });

  test('sendmail delivery never fires', () => {
    assert.deepEqual(env([...base, 'SMTP_DELIVERY_METHOD=sendmail', 'SMTP_PORT=25']).findings, []);
  });
});

describe('Discourse', () => {
  test('port 25 by default, ENABLE_START_TLS opportunistic, FORCE_TLS implicit; fixes in DISCOURSE_SMTP_*', () => {
    const p = only(env(['DISCOURSE_SMTP_ADDRESS=smtp.mailgun.org', 'DISCOURSE_SMTP_USER_NAME=u@mg.example.org']));
    assert.deepEqual([p.port?.value, p.tls.value], [25, 'opportunistic']);
    assert.equal(only(env(['DISCOURSE_SMTP_ADDRESS=smtp.gmail.com', 'DISCOURSE_SMTP_PORT=465', 'DISCOURSE_SMTP_FORCE_TLS=true'])).tls.value, 'implicit');
    assert.equal(only(env(['DISCOURSE_SMTP_ADDRESS=smtp.gmail.com', 'DISCOURSE_SMTP_PORT=587', 'DISCOURSE_SMTP_ENABLE_START_TLS=false'])).tls.value, 'none');
    const implicit = transport(['DISCOURSE_SMTP_ADDRESS=smtp.gmail.com', 'DISCOURSE_SMTP_PORT=587'], 465, 'implicit');
    assert.deepEqual([implicit.DISCOURSE_SMTP_PORT, implicit.DISCOURSE_SMTP_FORCE_TLS, implicit.DISCOURSE_SMTP_ENABLE_START_TLS], ['465', 'true', 'false']);
  });

  test('without an address Discourse uses sendmail', () => {
    assert.deepEqual(env(['DISCOURSE_SMTP_PORT=25', 'DISCOURSE_SMTP_OPENSSL_VERIFY_MODE=none']).findings, []);
  });
});

describe('Gitea / Forgejo', () => {
  const addr = 'GITEA__mailer__SMTP_ADDR=smtp.mailgun.org';

  test('an empty PROTOCOL is inferred from the port (2525 → smtps)', () => {
    const cases: [string, number, string][] = [
      ['25', 25, 'none'],
      ['465', 465, 'implicit'],
      ['587', 587, 'starttls'],
      ['2525', 2525, 'implicit'],
    ];
    for (const [port, n, mode] of cases) {
      const p = only(env([addr, `GITEA__mailer__SMTP_PORT=${port}`]));
      assert.deepEqual([p.port?.value, p.tls.value, p.tls.origin], [n, mode, 'implied'], port);
    }
    const none = only(env([addr]));
    assert.deepEqual([none.port?.value, none.tls.value], [465, 'implicit']);
  });

  test('PROTOCOL smtp is plaintext, never opportunistic; sendmail and ENABLED=false never fire', () => {
    assert.deepEqual(ruleIds(env([addr, 'GITEA__mailer__PROTOCOL=smtp', 'GITEA__mailer__SMTP_PORT=587'])), ['missing-tls']);
    assert.deepEqual(env([addr, 'GITEA__mailer__PROTOCOL=sendmail', 'GITEA__mailer__SMTP_PORT=25']).findings, []);
    assert.deepEqual(env(['GITEA__mailer__ENABLED=false', addr, 'GITEA__mailer__SMTP_PORT=25']).findings, []);
  });

  test('fixes keep the prefix spelling (FORGEJO__mailer__)', () => {
    const out = transport(['FORGEJO__mailer__SMTP_ADDR=smtp.mailgun.org', 'FORGEJO__mailer__SMTP_PORT=25'], 587, 'starttls');
    assert.deepEqual([out.FORGEJO__mailer__PROTOCOL, out.FORGEJO__mailer__SMTP_PORT], ['smtp+starttls', '587']);
  });

  test('legacy HOST=host:port', () => {
    const p = only(env(['GITEA__mailer__HOST=smtp.mailgun.org:25', 'GITEA__mailer__IS_TLS_ENABLED=false']));
    assert.deepEqual([p.host?.value, p.port?.value, p.tls.value], ['smtp.mailgun.org', 25, 'starttls']);
  });
});

describe('Grafana', () => {
  test('disabled unless GF_SMTP_ENABLED is true', () => {
    assert.deepEqual(env(['GF_SMTP_HOST=smtp.sendgrid.net:25', 'GF_SMTP_SKIP_VERIFY=true']).findings, []);
    assert.deepEqual(env(['GF_SMTP_ENABLED=false', 'GF_SMTP_HOST=smtp.sendgrid.net:25']).findings, []);
  });

  test('host:port, implicit TLS exactly on 465, otherwise the STARTTLS policy', () => {
    const at465 = only(env(['GF_SMTP_ENABLED=true', 'GF_SMTP_HOST=smtp.gmail.com:465']));
    assert.deepEqual([at465.host?.value, at465.port?.value, at465.tls.value], ['smtp.gmail.com', 465, 'implicit']);
    const v6 = only(env(['GF_SMTP_ENABLED=true', 'GF_SMTP_HOST=[2001:db8::25]:587', 'GF_SMTP_STARTTLS_POLICY=MandatoryStartTLS']));
    assert.deepEqual([v6.host?.value, v6.port?.value, v6.tls.value], ['2001:db8::25', 587, 'starttls']);
    assert.equal(only(env(['GF_SMTP_ENABLED=true', 'GF_SMTP_HOST=smtp.gmail.com:587', 'GF_SMTP_STARTTLS_POLICY=NoStartTLS'])).tls.value, 'none');
  });

  test('an empty host is this machine (Grafana and Gitea dial ":port")', () => {
    assert.equal(only(env(['GF_SMTP_ENABLED=true', 'GF_SMTP_HOST=:25'])).host?.value, 'localhost');
    assert.deepEqual(env(['GF_SMTP_ENABLED=true', 'GF_SMTP_HOST=:25']).findings, []);
    assert.deepEqual(env(['GITEA__mailer__SMTP_ADDR=', 'GITEA__mailer__PROTOCOL=smtp', 'GITEA__mailer__SMTP_PORT=25']).findings, []);
  });

  test('the port finding points at the port inside host:port', () => {
    const text = 'GF_SMTP_ENABLED=true\nGF_SMTP_HOST=smtp.sendgrid.net:25\n';
    const f = lint(text).findings.find((x) => x.ruleId === 'port-25');
    assert.ok(f);
    assert.equal(text.slice(f.span.start, f.span.end), '25');
    const out = transport(['GF_SMTP_ENABLED=true', 'GF_SMTP_HOST=smtp.sendgrid.net:25'], 587, 'starttls');
    assert.deepEqual([out.GF_SMTP_HOST, out.GF_SMTP_STARTTLS_POLICY], ['smtp.sendgrid.net:587', 'MandatoryStartTLS']);
  });
});

describe('n8n', () => {
  test('defaults: port 465 with implicit TLS; 587 needs N8N_SMTP_SSL=false', () => {
    const p = only(env(['N8N_SMTP_HOST=smtp.gmail.com']));
    assert.deepEqual([p.port?.value, p.tls.value, p.tls.origin], [465, 'implicit', 'default']);
    assert.deepEqual(ruleIds(env(['N8N_SMTP_HOST=smtp.gmail.com', 'N8N_SMTP_PORT=587'])), ['tls-port-mismatch']);
    const out = transport(['N8N_SMTP_HOST=smtp.gmail.com', 'N8N_SMTP_PORT=25'], 587, 'starttls');
    assert.deepEqual([out.N8N_SMTP_PORT, out.N8N_SMTP_SSL], ['587', 'false']);
    assert.equal(only(env(['N8N_SMTP_HOST=smtp.gmail.com', 'N8N_SMTP_PORT=587', 'N8N_SMTP_SSL=false'])).tls.value, 'opportunistic');
  });

  test('empty N8N_EMAIL_MODE or no host: no mail, no findings', () => {
    assert.deepEqual(env(['N8N_EMAIL_MODE=', 'N8N_SMTP_HOST=smtp.gmail.com', 'N8N_SMTP_PORT=587']).findings, []);
    assert.deepEqual(env(['N8N_SMTP_PORT=587']).findings, []);
  });
});

describe('the SMTP_* family: which app reads SMTP_HOST/SMTP_PORT', () => {
  test('Vaultwarden keys: SMTP_SECURITY words and port defaults; legacy SMTP_SSL is STARTTLS', () => {
    const p = only(env(['SMTP_HOST=smtp.gmail.com', 'SMTP_SECURITY=force_tls']));
    assert.deepEqual([p.ecosystem, p.port?.value, p.tls.value], ['vaultwarden', 465, 'implicit']);
    const legacy = only(env(['SMTP_HOST=smtp.gmail.com', 'SMTP_PORT=587', 'SMTP_SSL=true', 'SMTP_ACCEPT_INVALID_CERTS=false']));
    assert.deepEqual([legacy.ecosystem, legacy.tls.value], ['vaultwarden', 'starttls']);
    const out = transport(['SMTP_HOST=smtp.gmail.com', 'SMTP_PORT=587', 'SMTP_SECURITY=force_tls'], 587, 'starttls');
    assert.equal(out.SMTP_SECURITY, 'starttls');
    assert.deepEqual(ruleIds(env(['SMTP_HOST=smtp.gmail.com', 'SMTP_SECURITY=starttls', 'SMTP_ACCEPT_INVALID_HOSTNAMES=true'])), ['tls-verify-disabled']);
  });

  test('Outline: SMTP_SECURE defaults to implicit TLS; SMTP_SECURE=false also turns certificate checks off', () => {
    const outline = ['UTILS_SECRET=fake0011', 'SMTP_HOST=smtp.sendgrid.net', 'SMTP_USERNAME=apikey'];
    const p = only(env([...outline, 'SMTP_PORT=587']));
    assert.deepEqual([p.ecosystem, p.tls.value, p.tls.origin], ['outline', 'implicit', 'default']);
    assert.deepEqual(ruleIds(env([...outline, 'SMTP_PORT=587'])), ['tls-port-mismatch']);
    assert.deepEqual(ruleIds(env([...outline, 'SMTP_PORT=587', 'SMTP_SECURE=false'])), ['tls-not-enforced', 'tls-verify-disabled']);
    // Only implicit TLS is verified TLS in Outline: the fixes never offer STARTTLS.
    const fixes = lint([...outline, 'SMTP_PORT=25'].join('\n')).findings.flatMap((f) => f.fixes.map((x) => x.title));
    assert.ok(fixes.length > 0 && fixes.every((t) => /465/.test(t)), fixes.join(', '));
  });

  test('Nextcloud image: SMTP_SECURE ssl, port 465 when SMTP_SECURE is set, else 25; auth needs name and password', () => {
    const nc = ['NEXTCLOUD_TRUSTED_DOMAINS=cloud.example.org', 'SMTP_HOST=smtp.fastmail.com'];
    const ssl = only(env([...nc, 'SMTP_SECURE=ssl', 'SMTP_NAME=a@example.org', 'SMTP_PASSWORD=fake-pw-1']));
    assert.deepEqual([ssl.ecosystem, ssl.port?.value, ssl.tls.value, ssl.auth], ['nextcloud', 465, 'implicit', undefined]);
    const tls = only(env([...nc, 'SMTP_SECURE=tls']));
    assert.deepEqual([tls.port?.value, tls.tls.value, tls.auth?.value], [465, 'implicit', false]);
    assert.deepEqual([only(env(nc)).port?.value, only(env(nc)).tls.value], [25, 'opportunistic']);
  });

  test('Supabase: no TLS switch, implicit on 465 else opportunistic; the template catcher is quiet', () => {
    const sb = ['SMTP_ADMIN_EMAIL=admin@example.com', 'SMTP_SENDER_NAME=App'];
    assert.equal(only(env([...sb, 'SMTP_HOST=smtp.resend.com', 'SMTP_PORT=465'])).tls.value, 'implicit');
    assert.equal(only(env([...sb, 'SMTP_HOST=smtp.resend.com', 'SMTP_PORT=587'])).tls.value, 'opportunistic');
    assert.deepEqual(env([...sb, 'SMTP_HOST=supabase-mail', 'SMTP_PORT=2500', 'SMTP_PASS=fake_mail_password']).findings, []);
  });

  test('Mastodon is told apart by SMTP_SERVER / LOCAL_DOMAIN', () => {
    assert.equal(only(env(['SMTP_SERVER=smtp.gmail.com', 'SMTP_PORT=587'])).ecosystem, 'mastodon');
  });

  test('no signal, or signals of two apps: the generic reading, quiet about TLS', () => {
    for (const lines of [
      ['SMTP_HOST=smtp.gmail.com', 'SMTP_PORT=587', 'SMTP_SECURE=false'],
      // SMTP_NAME is a sender name in WordPress snippets: no Nextcloud signal.
      ['SMTP_HOST=smtp.gmail.com', 'SMTP_PORT=587', 'SMTP_NAME=Shop', 'SMTP_SECURE=false'],
      ['UTILS_SECRET=x', 'SMTP_AUTHTYPE=LOGIN', 'SMTP_HOST=smtp.gmail.com', 'SMTP_PORT=587', 'SMTP_SECURE=false'],
    ]) {
      const p = only(env(lines));
      assert.equal(p.ecosystem, 'generic-env', lines.join(' '));
      assert.equal(p.tlsGuessed, true);
    }
  });

  test('a file named <app>.env names the app', () => {
    const p = only(env(['SMTP_HOST=smtp.gmail.com', 'SMTP_PORT=465'], '/srv/vaultwarden.env'));
    assert.deepEqual([p.ecosystem, p.tls.value], ['vaultwarden', 'starttls']);
    assert.deepEqual(ruleIds(env(['SMTP_HOST=smtp.gmail.com', 'SMTP_PORT=465'], '/srv/vaultwarden.env')), ['tls-port-mismatch']);
  });
});

describe('Django-style apps: Authentik and Sentry', () => {
  test('USE_TLS is STARTTLS, USE_SSL implicit, neither plaintext; port 25 by default', () => {
    const a = only(env(['AUTHENTIK_EMAIL__HOST=smtp.mailgun.org', 'AUTHENTIK_EMAIL__USE_TLS=true']));
    assert.deepEqual([a.ecosystem, a.port?.value, a.tls.value], ['authentik', 25, 'starttls']);
    const s = only(env(['SENTRY_EMAIL_HOST=smtp.mailgun.org', 'SENTRY_EMAIL_PORT=587']));
    assert.deepEqual([s.ecosystem, s.tls.value], ['sentry', 'none']);
    const out = transport(['AUTHENTIK_EMAIL__HOST=smtp.mailgun.org', 'AUTHENTIK_EMAIL__PORT=587', 'AUTHENTIK_EMAIL__USE_TLS=true'], 465, 'implicit');
    assert.deepEqual([out.AUTHENTIK_EMAIL__PORT, out.AUTHENTIK_EMAIL__USE_SSL, out.AUTHENTIK_EMAIL__USE_TLS], ['465', 'true', 'false']);
  });
});

describe('Plausible', () => {
  test('Bamboo.Mua: 587 default, SSL_ENABLED=true is implicit (587 + true is a mismatch), 465 implicit by itself', () => {
    const base = ['SMTP_HOST_ADDR=smtp.mailgun.org'];
    const p = only(env(base));
    assert.deepEqual([p.port?.value, p.tls.value, p.tlsFromPort], [587, 'opportunistic', true]);
    assert.deepEqual(ruleIds(env([...base, 'SMTP_HOST_PORT=587', 'SMTP_HOST_SSL_ENABLED=true'])), ['tls-port-mismatch']);
    assert.deepEqual(env([...base, 'SMTP_HOST_PORT=465']).findings, []);
  });

  test('API adapters, and Mua without a relay, never fire', () => {
    assert.deepEqual(env(['MAILER_ADAPTER=Bamboo.PostmarkAdapter', 'SMTP_HOST_ADDR=smtp.postmarkapp.com', 'SMTP_HOST_PORT=25']).findings, []);
    assert.deepEqual(env(['SMTP_HOST_PORT=25']).findings, []);
  });
});

describe('Ghost', () => {
  test('Nodemailer semantics: secure true implicit, unset + 465 implicit by itself, requireTLS required STARTTLS', () => {
    const g = ['mail__transport=SMTP', 'mail__options__host=smtp.mailgun.org'];
    assert.deepEqual(ruleIds(env([...g, 'mail__options__port=587', 'mail__options__secure=true'])), ['tls-port-mismatch']);
    const auto = only(env([...g, 'mail__options__port=465']));
    assert.deepEqual([auto.tls.value, auto.tlsFromPort], ['implicit', true]);
    assert.deepEqual(ruleIds(env([...g, 'mail__options__port=465', 'mail__options__secure=false'])), ['tls-port-mismatch']);
    assert.equal(only(env([...g, 'mail__options__port=587', 'mail__options__requireTLS=true'])).tls.value, 'starttls');
    const out = transport([...g, 'mail__options__port=25'], 587, 'starttls');
    assert.deepEqual([out.mail__options__port, out.mail__options__requireTLS], ['587', 'true']);
  });

  test('another transport, or a well-known service, never fires', () => {
    assert.deepEqual(env(['mail__transport=Direct', 'mail__options__port=25', 'mail__options__host=smtp.mailgun.org']).findings, []);
    assert.deepEqual(env(['mail__transport=SMTP', 'mail__options__service=Mailgun', 'mail__options__port=25']).findings, []);
  });
});

describe('look-alikes and whole-file behaviour', () => {
  test('DB_SSL, LDAP_START_TLS, REDIS_TLS never fire', () => {
    const r = env(['DB_HOST=db.example.com', 'DB_SSL=false', 'LDAP_HOST=ldap.example.com', 'LDAP_PORT=389', 'LDAP_START_TLS=false', 'REDIS_TLS=false', 'REDIS_PORT=6379']);
    assert.deepEqual(r.parsed?.profiles, []);
    assert.deepEqual(r.findings, []);
  });

  test('app secrets are redacted from every message', () => {
    const secret = 'fake-Plausible-Pwd-8812';
    const r = env(['SMTP_HOST_ADDR=smtp.mailgun.org', 'SMTP_HOST_PORT=25', `SMTP_USER_PWD=${secret}`], '/srv/.env.example');
    assert.ok(r.parsed!.secrets.includes(secret));
    assert.ok(r.findings.length > 0);
    for (const f of r.findings) assert.ok(!f.message.includes(secret));
  });

  test('app keys repeated in one file are duplicates', () => {
    const r = env(['GF_SMTP_ENABLED=true', 'GF_SMTP_HOST=smtp.gmail.com:465', 'GF_SMTP_HOST=smtp.gmail.com:587', 'GF_SMTP_STARTTLS_POLICY=MandatoryStartTLS']);
    assert.deepEqual(ruleIds(r), ['duplicate-setting']);
  });

  test('fixing every app fixture-like file again changes nothing', () => {
    const texts = [
      'LOCAL_DOMAIN=x.org\nSMTP_SERVER=smtp.mailgun.org\nSMTP_PORT=25\n',
      'GITEA__mailer__SMTP_ADDR=smtp.mailgun.org\nGITEA__mailer__SMTP_PORT=2525\n',
      'N8N_SMTP_HOST=smtp.gmail.com\nN8N_SMTP_PORT=25\n',
      'SMTP_HOST=smtp.gmail.com\nSMTP_SECURITY=off\nSMTP_PORT=25\n',
      'mail__transport=SMTP\nmail__options__host=smtp.mailgun.org\nmail__options__port=25\n',
    ];
    for (const text of texts) {
      const once = fixAll(text, { path: '/srv/.env' }).text;
      assert.notEqual(once, text);
      assert.equal(fixAll(once, { path: '/srv/.env' }).text, once);
      assert.deepEqual(Object.keys(parseDotenv(text)).filter((k) => !(k in parseDotenv(once))), []);
    }
  });
});

describe('docs/formats/compose-and-env.md', () => {
  const page = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'formats', 'compose-and-env.md'), 'utf8');
  const examples = [...page.matchAll(/<!--\s*example:\s*(\S+)\s+expects\s+([^>]*?)\s*-->\s*\n```[^\n]*\n([\s\S]*?)\n```/g)];

  test('has examples', () => {
    assert.ok(examples.length >= 3);
  });
  for (const [, file, expects, code] of examples) {
    test(`${file}: ${expects}`, () => {
      const want = expects.trim() === 'nothing' ? [] : expects.split(/[\s,]+/).filter(Boolean).sort();
      const r = lint(`${code}\n`, `/docs/${file}`);
      assert.equal(r.skipped, undefined);
      assert.deepEqual(ruleIds(r), want);
    });
  }
});

describe('Laravel or Flask-Mail: MAIL_PORT has one reader', () => {
  const labels = (r: LintResult) => r.parsed?.profiles.map((p) => p.ecosystem) ?? [];

  test('more keys of one ecosystem decide; the shared MAIL_PORT gets one profile', () => {
    assert.deepEqual(labels(env(['MAIL_MAILER=smtp', 'MAIL_HOST=smtp.office365.com', 'MAIL_PORT=587', 'MAIL_ENCRYPTION=tls', 'MAIL_USE_TLS=True'])), ['laravel']);
    assert.deepEqual(labels(env(['MAIL_SERVER=smtp.office365.com', 'MAIL_PORT=587', 'MAIL_USE_TLS=True', 'MAIL_USE_SSL=False', 'MAIL_MAILER=smtp'])), ['flask-mail']);
  });

  test('a tie goes to the ecosystem whose host key is set, else Laravel', () => {
    // Two Laravel keys (MAIL_DRIVER, MAIL_ENCRYPTION), two Flask-Mail keys (MAIL_USE_SSL, MAIL_SERVER): MAIL_SERVER is the host.
    assert.deepEqual(labels(env(['MAIL_USE_SSL=yes', 'MAIL_ENCRYPTION=', 'MAIL_DRIVER=smtp', 'MAIL_SERVER=smtp.example.com'])), ['flask-mail']);
    assert.deepEqual(labels(env(['MAIL_USE_SSL=yes', 'MAIL_HOST=smtp.example.com'])), ['laravel']);
    // Both host keys: Laravel.
    assert.deepEqual(labels(env(['MAIL_USE_SSL=yes', 'MAIL_HOST=smtp.example.com', 'MAIL_SERVER=smtp.example.com', 'MAIL_MAILER=smtp'])), ['laravel']);
  });

  test('--fix settles: fixing again changes nothing (it used to flip MAIL_PORT between 465 and 587)', () => {
    const text = 'MAIL_USE_SSL=yes\nMAIL_ENCRYPTION=\nMAIL_DRIVER=smtp\nMAIL_SERVER=smtp.example.com\n';
    const once = fixAll(text, { path: '/srv/app/.env' }).text;
    assert.notEqual(once, text);
    assert.equal(fixAll(once, { path: '/srv/app/.env' }).text, once);
  });

  test('hovers: Flask-Mail keys are Flask-Mail\'s even in a file read as Laravel', () => {
    const r = env(['MAIL_MAILER=smtp', 'MAIL_HOST=smtp.office365.com', 'MAIL_PORT=587', 'MAIL_USE_TLS=True']);
    const sym = r.parsed?.symbols.find((s) => s.key === 'MAIL_USE_TLS');
    assert.equal(sym?.ecosystem, 'flask-mail');
  });
});

describe('hover roles of other clients\' ports', () => {
  test('PORT as a word (DB_PORT, REDIS_PORT, APP_PORT_HTTP) is a port; REPORTING, PORTAL, EXPORT are not', () => {
    const r = env(['SMTP_HOST=smtp.example.com', 'DB_PORT=5432', 'REDIS_PORT=6379', 'APP_PORT_HTTP=8080', 'AUTHENTIK_ERROR_REPORTING__ENABLED=false', 'PORTAL_URL=https://x', 'EXPORT_DIR=/tmp']);
    const roleOf = (key: string) => r.parsed?.symbols.find((s) => s.key === key)?.role;
    assert.deepEqual(['DB_PORT', 'REDIS_PORT', 'APP_PORT_HTTP'].map(roleOf), ['port', 'port', 'port']);
    assert.deepEqual(['AUTHENTIK_ERROR_REPORTING__ENABLED', 'PORTAL_URL', 'EXPORT_DIR'].map(roleOf), [undefined, undefined, undefined]);
  });

  test('Plausible SMTP_HOST_PORT and Authentik AUTHENTIK_EMAIL__PORT stay ports', () => {
    const plausible = env(['MAILER_ADAPTER=Bamboo.Mua', 'SMTP_HOST_ADDR=smtp.example.com', 'SMTP_HOST_PORT=587']);
    assert.equal(plausible.parsed?.symbols.find((s) => s.key === 'SMTP_HOST_PORT')?.role, 'port');
    const authentik = env(['AUTHENTIK_EMAIL__HOST=smtp.example.com', 'AUTHENTIK_EMAIL__PORT=587', 'AUTHENTIK_ERROR_REPORTING__ENABLED=true']);
    assert.equal(authentik.parsed?.symbols.find((s) => s.key === 'AUTHENTIK_EMAIL__PORT')?.role, 'port');
    assert.equal(authentik.parsed?.symbols.find((s) => s.key === 'AUTHENTIK_ERROR_REPORTING__ENABLED'), undefined);
  });
});

describe('env: keys that are also names of Object members', () => {
  test('constructor, toString and __proto__ are plain keys without a mail role', () => {
    const r = env(['constructor=1', 'toString=2', '__proto__=3', 'hasOwnProperty=4', 'SMTP_HOST=smtp.mailgun.org', 'SMTP_PORT=25']);
    assert.ok(r.parsed, `not parsed: ${r.skipped}`);
    assert.deepEqual(r.parsed.symbols.map((s) => `${s.key}:${s.role}`), ['SMTP_HOST:host', 'SMTP_PORT:port']);
    assert.deepEqual(ruleIds(r), ['port-25']);
  });
});

describe('env: linting while typing reuses what the keys alone decide', () => {
  test('each keystroke gives the findings, symbols and secrets of a fresh lint (values, keys, duplicates changing)', () => {
    let text = 'APP_NAME=Shop\nMAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_PORT=587\nMAIL_PASSWORD=Zq8-real-9931\nDB_PORT=3306\n';
    const edits: ((t: string) => string)[] = [
      (t) => t.replace('MAIL_PORT=587', 'MAIL_PORT=25'), // a value: same keys
      (t) => t.replace('MAIL_PORT=25', 'MAIL_PORT=2'),
      (t) => `${t}MAIL_PORT=465\n`, // a key repeats: a duplicate appears
      (t) => t.replace('DB_PORT', 'DB_PORTS'), // a key changes
      (t) => t.replace('MAIL_PASSWORD=Zq8-real-9931', 'MAIL_PASSWORD=another-Secret-77'),
      (t) => t.replace('MAIL_PORT=465\n', ''),
      (t) => t.replace('MAIL_MAILER=smtp', 'MAIL_MAILER=log'),
    ];
    let fresh = 0;
    for (const edit of edits) {
      text = edit(text);
      const typed = lintText(text, { path: '/srv/typing/.env' });
      const again = lintText(text, { path: `/srv/fresh-${fresh++}/.env` });
      assert.deepEqual(typed.findings, again.findings);
      assert.deepEqual(typed.parsed?.symbols, again.parsed?.symbols);
      assert.deepEqual(typed.parsed?.secrets, again.parsed?.secrets);
      assert.deepEqual(typed.parsed?.duplicates.map((d) => d.loser), again.parsed?.duplicates.map((d) => d.loser));
    }
    assert.ok(lintText(text, { path: '/srv/typing/.env' }).parsed?.secrets.includes('another-Secret-77'));
  });
});
