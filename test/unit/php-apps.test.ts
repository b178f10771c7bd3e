// Array-shaped PHP app configs through the public engine (lintText / fixAll): Laravel's config/mail.php (mailers of
// Laravel 7+, the flat config of Laravel ≤ 6, scheme/encryption semantics by Laravel version, Symfony DSN options) and
// Nextcloud's config.php (mail_smtp* keys, Symfony's choice by port, stream options, the docker smtp.config.php).
// Every offered fix is checked with `php -l`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { applyEdits, fixAll, lintText, type Finding, type LintResult, type MailProfile } from '../../server/src/engine';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'php');
const PHP_AVAILABLE = spawnSync('php', ['-v']).status === 0;

const MAIL_PATH = '/app/config/mail.php';
const NEXTCLOUD_PATH = '/var/www/nextcloud/config/config.php';

function lint(text: string, path = MAIL_PATH, laravelVersion?: string): LintResult {
  return lintText(text, { path, hints: laravelVersion ? { laravelVersion } : {} });
}

/** `LINE RULE` for every finding, sorted. */
function found(text: string, path = MAIL_PATH, laravelVersion?: string): string[] {
  const r = lint(text, path, laravelVersion);
  return r.findings.map((f) => `${r.index.positionAt(f.span.start).line + 1} ${f.ruleId}`).sort();
}

function rules(text: string, path = MAIL_PATH, laravelVersion?: string): string[] {
  return [...new Set(lint(text, path, laravelVersion).findings.map((f) => f.ruleId))].sort();
}

function profiles(text: string, path = MAIL_PATH, laravelVersion?: string): MailProfile[] {
  return lint(text, path, laravelVersion).parsed?.profiles ?? [];
}

function finding(text: string, rule: string, path = MAIL_PATH, laravelVersion?: string): Finding {
  const f = lint(text, path, laravelVersion).findings.find((x) => x.ruleId === rule);
  assert.ok(f, `expected a ${rule} finding`);
  return f;
}

function fixed(text: string, f: Finding, title?: RegExp): string {
  const fix = title ? f.fixes.find((x) => title.test(x.title)) : (f.fixes.find((x) => x.preferred) ?? f.fixes[0]);
  assert.ok(fix, `no fix${title ? ` matching ${title}` : ''} on ${f.ruleId}`);
  const out = applyEdits(text, fix.edits);
  assertValidPhp(out);
  return out;
}

function assertValidPhp(text: string): void {
  if (!PHP_AVAILABLE) return;
  const r = spawnSync('php', ['-l'], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}\n${text}`);
}

/** A Laravel 11.5+ config/mail.php with one smtp mailer whose body is `lines`. */
function mailers(lines: string[], defaultLine = "'default' => env('MAIL_MAILER', 'smtp'),"): string {
  return [
    '<?php',
    '',
    'return [',
    `    ${defaultLine}`,
    "    'mailers' => [",
    "        'smtp' => [",
    "            'transport' => 'smtp',",
    ...lines.map((l) => `            ${l}`),
    '        ],',
    "        'log' => [",
    "            'transport' => 'log',",
    '        ],',
    '    ],',
    '];',
    '',
  ].join('\n');
}

/** The flat config of Laravel ≤ 6. */
function flat(lines: string[]): string {
  return ['<?php', '', 'return [', "    'driver' => env('MAIL_DRIVER', 'smtp'),", ...lines.map((l) => `    ${l}`), '];', ''].join('\n');
}

function nextcloud(lines: string[]): string {
  return ['<?php', '$CONFIG = array (', ...lines.map((l) => `  ${l}`), ');', ''].join('\n');
}

const fixture = (rel: string): string => readFileSync(join(FIXTURES, rel), 'utf8');

describe('Laravel config/mail.php: recognising the file', () => {
  test('the 11.x skeleton: one profile for the smtp mailer, judged on its fallbacks (127.0.0.1 is local: nothing to report)', () => {
    const text = fixture('laravel/v11/config/mail.php');
    const ps = profiles(text, '/app/config/mail.php');
    assert.equal(ps.length, 1);
    const [p] = ps;
    assert.equal(p.label, "Laravel mailer 'smtp'");
    assert.equal(p.ecosystem, 'laravel');
    assert.deepEqual([p.host?.value, p.host?.origin, p.host?.reference], ['127.0.0.1', 'fallback', "env('MAIL_HOST')"]);
    assert.deepEqual([p.port?.value, p.port?.origin, p.port?.reference], [2525, 'fallback', "env('MAIL_PORT')"]);
    assert.deepEqual(found(text), []);
  });

  test('recognised by shape under any name, and by path for a config without a default', () => {
    const text = mailers(["'host' => 'smtp.example.com',", "'port' => 25,"]);
    assert.deepEqual(rules(text, '/srv/app/some-config.php'), ['port-25', 'tls-not-enforced']);
    const noDefault = text.replace("    'default' => env('MAIL_MAILER', 'smtp'),\n", '');
    assert.deepEqual(rules(noDefault, '/srv/app/config/mail.php'), ['port-25', 'tls-not-enforced']);
    assert.deepEqual(rules(noDefault, '/srv/app/mail-settings.php'), []);
  });

  test("mailers whose transport is not 'smtp' have no profile; every smtp mailer has its own", () => {
    const text = fixture('laravel/shop/config/mail.php');
    assert.deepEqual(
      profiles(text).map((p) => p.label),
      ["Laravel mailer 'transactional'", "Laravel mailer 'bulk'", "Laravel mailer 'legacy'"],
    );
  });

  test('look-alike arrays never fire: Redis, database and cache configs with host and port keys', () => {
    const redis = "<?php\n// Object cache for the SMTP log table.\nreturn [\n    'default' => 'redis',\n    'connections' => [\n        'redis' => ['host' => 'cache.example.com', 'port' => 25],\n    ],\n];\n";
    assert.deepEqual(lint(redis, '/app/config/cache.php').parsed?.profiles ?? [], []);
    const driver = "<?php\n// not smtp\nreturn [\n    'driver' => 'redis',\n    'host' => env('REDIS_HOST', 'cache.example.com'),\n    'port' => env('REDIS_PORT', 25),\n];\n";
    assert.deepEqual(lint(driver, '/app/config/queue.php').parsed?.profiles ?? [], []);
    const plugin =
      "<?php\n/* Plugin Name: Mail log (SMTP) */\nclass Mail_Log {\n  private $redis = [ 'host' => 'redis.example.com', 'port' => 25, 'verify_peer' => false ];\n  public function settings() { return [ 'host' => 'db.example.com', 'port' => 25 ]; }\n}\n$config = [ 'mailers' => [ 'smtp' => [ 'transport' => 'smtp', 'host' => 'x.example.com', 'port' => 25 ] ] ];\n";
    assert.deepEqual(found(plugin, '/wp-content/plugins/mail-log/mail-log.php'), []);
  });

  test('the flat config of Laravel ≤ 6 needs MAIL_* lookups or the config/mail.php path', () => {
    const text = flat(["'host' => env('MAIL_HOST', 'smtp.example.com'),", "'port' => env('MAIL_PORT', 25),", "'encryption' => env('MAIL_ENCRYPTION', 'tls'),"]);
    assert.deepEqual(found(text, '/srv/old-app/config/mail.php'), ['6 port-25']);
    assert.deepEqual(found(text, '/srv/old-app/mail-copy.php'), ['6 port-25']);
    // Literal values, no encryption: SwiftMailer sends in plaintext (reported at 'driver', the mailer switch).
    const literal = "<?php\n// smtp\nreturn [\n    'driver' => 'smtp',\n    'host' => 'smtp.example.com',\n    'port' => 25,\n];\n";
    assert.deepEqual(found(literal, '/srv/old-app/config/mail.php'), ['4 missing-tls', '6 port-25']);
    assert.deepEqual(found(literal, '/srv/old-app/settings.php'), []);
  });

  test('a half-typed mail config never crashes: every prefix lints', () => {
    const text = fixture('laravel/shop/config/mail.php');
    for (let i = 0; i <= text.length; i += 7) lint(text.slice(0, i));
  });
});

describe("Laravel: 'default' decides whether a mailer is used", () => {
  const body = ["'host' => 'mail.example.com',", "'port' => 25,"];
  test("a literal 'default' naming another mailer makes the smtp mailer inactive", () => {
    const text = mailers(body, "'default' => 'log',");
    const [p] = profiles(text);
    assert.equal(p.active, false);
    assert.match(p.inactiveReason ?? '', /'default' is 'log'/);
    assert.deepEqual(found(text), []);
  });

  test("env('MAIL_MAILER', 'log') leaves the choice to the environment: the mailer is judged", () => {
    assert.deepEqual(rules(mailers(body, "'default' => env('MAIL_MAILER', 'log'),")), ['port-25', 'tls-not-enforced']);
  });

  test('a literal default naming the mailer itself, or a failover list that includes it, keeps it active', () => {
    assert.equal(profiles(mailers(body, "'default' => 'smtp',"))[0].active, true);
    const failover = mailers(body, "'default' => 'failover',").replace(
      "        'log' => [",
      "        'failover' => ['transport' => 'failover', 'mailers' => ['smtp', 'log']],\n        'log' => [",
    );
    assert.equal(profiles(failover)[0].active, true);
  });

  test("the flat config: a literal 'driver' other than smtp makes it inactive, a MAIL_DRIVER lookup does not", () => {
    const lines = ["'host' => 'smtp.example.com',", "'port' => 25,"];
    assert.equal(profiles(flat(lines))[0].active, true);
    const sendmail = flat(lines).replace("env('MAIL_DRIVER', 'smtp')", "'sendmail'");
    // Not even read as a mail config (no SMTP word in it), or read as inactive: either way no active profile.
    assert.ok(!profiles(sendmail).some((p) => p.active));
    assert.deepEqual(found(sendmail), []);
  });
});

describe('Laravel: TLS by version', () => {
  const tls587 = mailers(["'host' => env('MAIL_HOST', 'smtp.example.com'),", "'port' => env('MAIL_PORT', 587),", "'encryption' => env('MAIL_ENCRYPTION', 'tls'),"]);
  const tls465 = tls587.replace("env('MAIL_PORT', 587)", "env('MAIL_PORT', 465)");

  test("'encryption' 'tls' on 587: STARTTLS up to 11.34, smtps in 11.35.0, ignored from 11.35.1 (and when unknown)", () => {
    const mode = (v?: string) => {
      const [p] = profiles(tls587, MAIL_PATH, v);
      return `${p.tls.value}${p.tlsFromPort ? ' (port)' : ''}`;
    };
    assert.equal(mode('8.83.27'), 'starttls');
    assert.equal(mode('10.48.4'), 'starttls (port)');
    assert.equal(mode('11.34.2'), 'starttls (port)');
    assert.equal(mode('11.35.0'), 'implicit');
    assert.equal(mode('11.35.1'), 'opportunistic (port)');
    assert.equal(mode('12.3.0'), 'opportunistic (port)');
    assert.equal(mode(undefined), 'opportunistic (port)');
    assert.deepEqual(rules(tls587, MAIL_PATH, '10.48.4'), []);
    assert.deepEqual(rules(tls587, MAIL_PATH, '11.35.0'), ['tls-port-mismatch']);
    assert.deepEqual(rules(tls587, MAIL_PATH, '12.0.1'), ['tls-not-enforced']);
  });

  test("'tls' on 465: SwiftMailer (≤ 8) speaks STARTTLS there and hangs; Symfony Mailer (9+) uses implicit TLS", () => {
    assert.deepEqual(rules(tls465, MAIL_PATH, '8.12.0'), ['tls-port-mismatch']);
    assert.deepEqual(rules(tls465, MAIL_PATH, '9.52.0'), []);
    assert.deepEqual(rules(tls465, MAIL_PATH, '11.40.0'), []);
    assert.deepEqual(rules(tls465), []);
  });

  test("scheme: smtps on 587 is a mismatch, smtps on 465 and smtp on 465 are fine; a fallback is named", () => {
    const smtps587 = mailers(["'scheme' => env('MAIL_SCHEME', 'smtps'),", "'host' => 'smtp.example.com',", "'port' => 587,"]);
    const f = finding(smtps587, 'tls-port-mismatch');
    assert.match(f.message, /fallback value of env\('MAIL_SCHEME'\)/);
    assert.deepEqual(rules(smtps587.replace("'port' => 587", "'port' => 465")), []);
    assert.deepEqual(rules(smtps587.replace("'smtps'", "'smtp'").replace("'port' => 587", "'port' => 465")), []);
  });

  test('require_tls makes STARTTLS required (Laravel 11+ only), auto_tls false turns it off', () => {
    const base = ["'host' => 'smtp.example.com',", "'port' => 587,"];
    assert.deepEqual(rules(mailers([...base, "'require_tls' => true,"])), []);
    assert.deepEqual(rules(mailers([...base, "'require_tls' => env('MAIL_REQUIRE_TLS', true),"])), []);
    assert.deepEqual(rules(mailers([...base, "'require_tls' => true,"]), MAIL_PATH, '10.10.0'), ['tls-not-enforced']);
    assert.deepEqual(rules(mailers([...base, "'require_tls' => 'no',"])), ['tls-not-enforced']);
    assert.deepEqual(rules(mailers([...base, "'auto_tls' => false,"])), ['missing-tls']);
    // On 465 TLS is implicit whatever auto_tls says.
    assert.deepEqual(rules(mailers(["'host' => 'smtp.example.com',", "'port' => 465,", "'auto_tls' => false,"])), []);
  });

  test('no port: Symfony uses 465 with implicit TLS (25 for localhost); SwiftMailer uses 25', () => {
    const [p] = profiles(mailers(["'host' => 'smtp.example.com',", "'port' => env('MAIL_PORT'),"]));
    assert.deepEqual([p.port?.value, p.port?.origin, p.tls.value], [465, 'implied', 'implicit']);
    const [local] = profiles(mailers(["'host' => 'localhost',"]));
    assert.deepEqual([local.port?.value, local.port?.origin], [25, 'default']);
    const [empty] = profiles(mailers(["'host' => 'smtp.example.com',", "'port' => env('MAIL_PORT', ''),"]));
    assert.deepEqual([empty.port?.value, empty.port?.origin, empty.tls.value], [465, 'implied', 'implicit']);
    const [swift] = profiles(flat(["'host' => 'smtp.example.com',"]));
    assert.deepEqual([swift.port?.value, swift.tls.value], [25, 'none']);
  });

  test('the flat config (SwiftMailer): encryption null is plaintext, ssl on 587 a mismatch; with Laravel 11 Symfony decides', () => {
    const plain = flat(["'host' => env('MAIL_HOST', 'smtp.example.com'),", "'port' => env('MAIL_PORT', 587),", "'encryption' => env('MAIL_ENCRYPTION'),"]);
    assert.deepEqual(found(plain), ['7 missing-tls']);
    assert.match(finding(plain, 'missing-tls').message, /fallback value of env\('MAIL_ENCRYPTION'\)/);
    assert.deepEqual(found(plain.replace("env('MAIL_ENCRYPTION')", "'ssl'")), ['7 tls-port-mismatch']);
    assert.deepEqual(rules(plain, MAIL_PATH, '11.40.0'), ['tls-not-enforced']);
  });

  test('values only the runtime knows are not judged', () => {
    assert.deepEqual(rules(mailers(["'host' => 'smtp.example.com',", "'port' => config('services.smtp.port'),"])), []);
    assert.deepEqual(rules(mailers(["'scheme' => getenv('MAIL_SCHEME'),", "'host' => 'smtp.example.com',", "'port' => 587,"])), []);
    const url = mailers(["'url' => 'smtp://user:Secr3t-Pw@smtp.example.com:25',", "'host' => 'ignored.example.com',", "'port' => 25,"]);
    assert.deepEqual(rules(url), []);
    assert.ok(lint(url).parsed?.secrets.includes('Secr3t-Pw'));
  });
});

describe('Laravel: certificates, secrets, duplicates', () => {
  test("verify_peer false (literal, '0' or an env() default) disables verification; the fix flips only that value", () => {
    for (const value of ['false', "'0'", "env('MAIL_VERIFY_PEER', false)"]) {
      const text = mailers(["'host' => 'smtp.example.com',", "'port' => 465,", `'verify_peer' => ${value},`]);
      const f = finding(text, 'tls-verify-disabled');
      const out = fixed(text, f);
      assert.deepEqual(rules(out), [], out);
    }
    assert.deepEqual(rules(mailers(["'host' => 'smtp.example.com',", "'port' => 465,", "'verify_peer' => env('MAIL_VERIFY_PEER', true),"])), []);
    assert.deepEqual(rules(mailers(["'host' => 'smtp.example.com',", "'port' => 465,", "'verify_peer' => env('MAIL_VERIFY_PEER'),"])), []);
  });

  test("SwiftMailer-era 'stream' ssl options are read too", () => {
    const text = flat(["'host' => 'smtp.example.com',", "'port' => 587,", "'encryption' => 'tls',", "'stream' => ['ssl' => ['allow_self_signed' => true, 'verify_peer' => false]],"]);
    const fs = lint(text).findings.filter((f) => f.ruleId === 'tls-verify-disabled');
    assert.equal(fs.length, 2);
    const out = fixed(text, fs[0]);
    assert.match(out, /'allow_self_signed' => false, 'verify_peer' => false/);
  });

  test('a literal password is plaintext-password and redacted; env() is not; an env() default is a secret too', () => {
    const text = mailers(["'host' => 'smtp.example.com',", "'port' => 465,", "'password' => 'Xy7!kP2q#Wm',"]);
    const r = lint(text);
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['plaintext-password']);
    assert.ok(r.parsed?.secrets.includes('Xy7!kP2q#Wm'));
    assert.ok(!JSON.stringify(r.findings).includes('Xy7!kP2q#Wm'));
    assert.deepEqual(rules(text.replace("'Xy7!kP2q#Wm'", "env('MAIL_PASSWORD')")), []);
    const fallback = lint(text.replace("'Xy7!kP2q#Wm'", "env('MAIL_PASSWORD', 'Xy7!kP2q#Wm')"));
    assert.ok(fallback.parsed?.secrets.includes('Xy7!kP2q#Wm'));
    assert.deepEqual(fallback.findings.map((f) => f.ruleId), ['plaintext-password']);
  });

  test('a key written twice in one mailer: PHP keeps the last; the first is a duplicate and its removal stays valid', () => {
    const text = mailers(["'host' => 'smtp.example.com',", "'port' => 25,", "'port' => 587,", "'require_tls' => true,"]);
    assert.deepEqual(found(text), ['9 duplicate-setting']);
    const out = fixed(text, finding(text, 'duplicate-setting'));
    assert.ok(!out.includes("'port' => 25,"));
    assert.deepEqual(found(out), []);
  });

  test('symbols name the keys with their roles', () => {
    const text = mailers(["'host' => 'smtp.example.com',", "'port' => 587,", "'username' => 'u',", "'password' => env('MAIL_PASSWORD'),", "'verify_peer' => false,"]);
    const symbols = lint(text).parsed?.symbols.map((s) => `${s.key}:${s.role}`);
    assert.deepEqual(symbols, [
      'mail.default:mailer',
      'mail.mailers.smtp.transport:mailer',
      'mail.mailers.smtp.host:host',
      'mail.mailers.smtp.port:port',
      'mail.mailers.smtp.username:user',
      'mail.mailers.smtp.password:password',
      'mail.mailers.smtp.verify_peer:verify',
    ]);
  });
});

describe('Laravel: fixes', () => {
  test("port 25 in env('MAIL_PORT', 25): the default changes, env() stays, and require_tls is inserted in env() style", () => {
    const text = mailers(["'host' => env('MAIL_HOST', 'smtp.example.com'),", "'port' => env('MAIL_PORT', 25),", "'username' => env('MAIL_USERNAME'),"]);
    const out = fixed(text, finding(text, 'port-25'));
    assert.match(out, /'port' => env\('MAIL_PORT', 587\),\n {12}'require_tls' => env\('MAIL_REQUIRE_TLS', true\),\n {12}'username'/);
    assert.deepEqual(rules(out), []);
    const implicit = fixed(text, finding(text, 'port-25'), /implicit/);
    assert.match(implicit, /'port' => env\('MAIL_PORT', 465\),/);
    assert.ok(!implicit.includes('require_tls'));
    assert.deepEqual(rules(implicit), []);
  });

  test("env('MAIL_PORT') without a default gets one; a literal file gets literal insertions; a missing port is inserted", () => {
    const noDefault = mailers(["'host' => 'smtp.example.com',", "'port' => env('MAIL_PORT'),", "'auto_tls' => false,"]);
    // No port: Symfony's implicit 465; auto_tls is moot there. Ask for STARTTLS on 587 through the profile editor.
    const [p] = profiles(noDefault);
    const out = applyEdits(noDefault, p.edit.setTransport!(587, 'starttls')!);
    assertValidPhp(out);
    assert.match(out, /'port' => env\('MAIL_PORT', 587\),/);
    assert.match(out, /'auto_tls' => true,/);
    assert.match(out, /'require_tls' => env\('MAIL_REQUIRE_TLS', true\),/);
    const literal = mailers(["'host' => 'smtp.example.com',", "'port' => 25,"]);
    assert.match(fixed(literal, finding(literal, 'port-25')), /'port' => 587,\n {12}'require_tls' => true,\n/);
    const missing = mailers(["'host' => 'smtp.example.com', // the relay", "'username' => 'u',"]);
    const [q] = profiles(missing);
    const inserted = applyEdits(missing, q.edit.setTransport!(587, 'starttls')!);
    assertValidPhp(inserted);
    assert.match(inserted, /'host' => 'smtp.example.com', \/\/ the relay\n {12}'port' => 587,\n {12}'require_tls' => true,\n {12}'username'/);
  });

  test("smtps on 587: the preferred fix keeps implicit TLS on 465; the STARTTLS one switches the scheme's default to smtp", () => {
    const text = mailers(["'scheme' => env('MAIL_SCHEME', 'smtps'),", "'host' => 'smtp.example.com',", "'port' => 587,"]);
    const f = finding(text, 'tls-port-mismatch');
    assert.match(fixed(text, f), /'port' => 465,/);
    const starttls = fixed(text, f, /STARTTLS/);
    assert.match(starttls, /env\('MAIL_SCHEME', 'smtp'\)/);
    assert.match(starttls, /'require_tls' => true,/);
    assert.deepEqual(rules(starttls), []);
  });

  test("Laravel ≤ 10: STARTTLS is 'encryption' => 'tls' (inserted after the port when missing)", () => {
    const text = mailers(["'host' => env('MAIL_HOST', 'smtp.example.com'),", "'port' => env('MAIL_PORT', 25),"]);
    const out = fixed(text, finding(text, 'port-25', MAIL_PATH, '10.48.4'));
    assert.match(out, /'port' => env\('MAIL_PORT', 587\),\n {12}'encryption' => env\('MAIL_ENCRYPTION', 'tls'\),/);
    assert.ok(!out.includes('require_tls'));
    assert.deepEqual(rules(out, MAIL_PATH, '10.48.4'), []);
  });

  test('SwiftMailer: ssl on 587 is fixed to 465 (preferred) or to tls', () => {
    const text = flat(["'host' => 'smtp.example.com',", "'port' => 587,", "'encryption' => 'ssl',"]);
    const f = finding(text, 'tls-port-mismatch');
    assert.match(fixed(text, f), /'port' => 465,\n {4}'encryption' => 'ssl',/);
    assert.match(fixed(text, f, /STARTTLS/), /'port' => 587,\n {4}'encryption' => 'tls',/);
  });

  test('11.35.0: an explicit smtp scheme is the STARTTLS fix, since that release turned tls into smtps', () => {
    const text = mailers(["'host' => 'smtp.example.com',", "'port' => 587,", "'encryption' => 'tls',"]);
    const out = fixed(text, finding(text, 'tls-port-mismatch', MAIL_PATH, '11.35.0'), /STARTTLS/);
    assert.match(out, /'scheme' => 'smtp',/);
    assert.deepEqual(rules(out, MAIL_PATH, '11.35.0'), []);
  });

  test('fixAll on the shop fixture leaves valid PHP with nothing fixable left', () => {
    const text = fixture('laravel/shop/config/mail.php');
    const out = fixAll(text, { path: MAIL_PATH }).text;
    assertValidPhp(out);
    assert.deepEqual(lint(out).findings.filter((f) => f.fixes.length > 0).map((f) => f.ruleId), []);
  });
});

describe('Nextcloud config.php', () => {
  test('defaults: host 127.0.0.1, port 25, auth off, Symfony choosing by port', () => {
    const [p] = profiles(nextcloud(["'mail_smtpmode' => 'smtp',"]), NEXTCLOUD_PATH);
    assert.deepEqual([p.host?.value, p.host?.origin, p.port?.value, p.port?.origin, p.auth?.value, p.tls.value, p.tlsFromPort], [
      '127.0.0.1',
      'default',
      25,
      'default',
      false,
      'opportunistic',
      true,
    ]);
    assert.deepEqual(found(nextcloud(["'mail_smtpmode' => 'smtp',"]), NEXTCLOUD_PATH), []);
  });

  test("mail_smtpsecure: only 'ssl' counts; 'tls' on 465 is fine, 'ssl' on 587 is a mismatch, 'tls' on 587 only opportunistic", () => {
    const conf = (secure: string, port: string) =>
      nextcloud(["'mail_smtphost' => 'smtp.example.com',", `'mail_smtpport' => ${port},`, `'mail_smtpsecure' => ${secure},`, "'mail_smtpauth' => true,"]);
    assert.deepEqual(rules(conf("'tls'", "'465'"), NEXTCLOUD_PATH), []);
    assert.deepEqual(rules(conf("'ssl'", '465'), NEXTCLOUD_PATH), []);
    assert.deepEqual(rules(conf("'ssl'", '587'), NEXTCLOUD_PATH), ['tls-port-mismatch']);
    assert.deepEqual(rules(conf("'SSL'", '465'), NEXTCLOUD_PATH), []);
    assert.deepEqual(rules(conf("'SSL'", '587'), NEXTCLOUD_PATH), ['tls-not-enforced']);
    const f = finding(conf("'tls'", '587'), 'tls-not-enforced', NEXTCLOUD_PATH);
    assert.deepEqual(f.fixes, [], 'Nextcloud cannot require STARTTLS: no fix pretends to');
  });

  test("before Nextcloud 26 (SwiftMailer, read from 'version'): '' is plaintext and 'tls' required STARTTLS", () => {
    const conf = (secure: string, port: number) =>
      nextcloud(["'version' => '25.0.13.2',", "'mail_smtphost' => 'smtp.example.com',", `'mail_smtpport' => ${port},`, `'mail_smtpsecure' => '${secure}',`, "'mail_smtpauth' => true,"]);
    assert.deepEqual(rules(conf('', 587), NEXTCLOUD_PATH), ['missing-tls']);
    assert.deepEqual(rules(conf('tls', 587), NEXTCLOUD_PATH), []);
    assert.deepEqual(rules(conf('tls', 465), NEXTCLOUD_PATH), ['tls-port-mismatch']);
    const out = fixed(conf('', 587), finding(conf('', 587), 'missing-tls', NEXTCLOUD_PATH));
    assert.match(out, /'mail_smtpsecure' => 'tls',/);
  });

  test('mail_smtpmode sendmail, qmail, php and null are not SMTP (qmail and php fall back to SMTP from Nextcloud 26)', () => {
    for (const mode of ['sendmail', 'qmail', 'php', 'null']) {
      const text = nextcloud([`'mail_smtpmode' => '${mode}',`, "'mail_smtphost' => 'mail.example.com',", "'mail_smtpport' => 25,"]);
      assert.equal(profiles(text, NEXTCLOUD_PATH)[0].active, false, mode);
      assert.deepEqual(found(text, NEXTCLOUD_PATH), []);
    }
    const qmail29 = nextcloud(["'version' => '29.0.0.19',", "'mail_smtpmode' => 'qmail',", "'mail_smtphost' => 'mail.example.com',", "'mail_smtpauth' => true,", "'mail_smtpport' => 25,"]);
    assert.equal(profiles(qmail29, NEXTCLOUD_PATH)[0].active, true);
  });

  test("ports as strings, invalid ports, auth and passwords", () => {
    const [p] = profiles(nextcloud(["'mail_smtphost' => 'smtp.example.com',", "'mail_smtpport' => '587',"]), NEXTCLOUD_PATH);
    assert.equal(p.port?.value, 587);
    assert.deepEqual(rules(nextcloud(["'mail_smtphost' => 'smtp.example.com',", "'mail_smtpport' => 'submission',", "'mail_smtpauth' => true,"]), NEXTCLOUD_PATH), ['invalid-port']);
    const authOff = nextcloud(["'mail_smtphost' => 'smtp.example.com',", "'mail_smtpport' => 465,", "'mail_smtpauth' => false,"]);
    assert.deepEqual(found(authOff, NEXTCLOUD_PATH), ['5 auth-disabled']);
    assert.deepEqual(rules(authOff.replace('false', '1'), NEXTCLOUD_PATH), []);
    const pw = nextcloud(["'mail_smtphost' => 'smtp.example.com',", "'mail_smtpport' => 465,", "'mail_smtpauth' => true,", "'mail_smtppassword' => 'h8#Kq2!vRt',"]);
    const r = lint(pw, NEXTCLOUD_PATH);
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['plaintext-password']);
    assert.ok(r.parsed?.secrets.includes('h8#Kq2!vRt'));
    assert.deepEqual(rules(pw.replace("'h8#Kq2!vRt'", "getenv('SMTP_PASSWORD')"), NEXTCLOUD_PATH), []);
  });

  test('mail_smtpstreamoptions: one finding per switch, each fix flips only its switch', () => {
    const text = fixture('nextcloud/selfsigned/config/mail.config.php');
    const fs = lint(text, NEXTCLOUD_PATH).findings.filter((f) => f.ruleId === 'tls-verify-disabled');
    assert.equal(fs.length, 3);
    const out = fixed(text, fs[1]);
    const switches = out.split('\n').filter((l) => /'(allow_self_signed|verify_peer|verify_peer_name)' =>/.test(l));
    assert.deepEqual(switches.map((l) => l.replace(/\s*\/\/.*$/, '').trim()), ["'allow_self_signed' => true,", "'verify_peer' => true,", "'verify_peer_name' => false,"]);
  });

  test("the docker image's smtp.config.php: every value comes from the environment, nothing is judged", () => {
    const text = fixture('nextcloud/docker/config/smtp.config.php');
    const [p] = profiles(text, '/var/www/html/config/smtp.config.php');
    assert.equal(p.tlsGuessed, true);
    assert.equal(p.host, undefined);
    assert.equal(p.auth, undefined);
    // The password is set in if/else branches: only the runtime knows it.
    assert.equal(p.password?.value.kind, 'reference');
    assert.deepEqual(found(text, '/var/www/html/config/smtp.config.php'), []);
  });

  test("a later $CONFIG['key'] replaces the array's value; the array's entry is reported as a duplicate", () => {
    const text = nextcloud(["'mail_smtphost' => 'smtp.example.com',", "'mail_smtpport' => 25,", "'mail_smtpauth' => true,"]) + "$CONFIG['mail_smtpport'] = 465;\n";
    const [p] = profiles(text, NEXTCLOUD_PATH);
    assert.equal(p.port?.value, 465);
    assert.deepEqual(found(text, NEXTCLOUD_PATH), ['4 duplicate-setting']);
    assert.deepEqual(rules(fixed(text, finding(text, 'duplicate-setting', NEXTCLOUD_PATH)), NEXTCLOUD_PATH), []);
  });

  test("every literal credential of the file is redacted (dbpassword, secret, passwordsalt), not only the mail password", () => {
    const r = lint(fixture('nextcloud/instance/config/config.php'), NEXTCLOUD_PATH);
    for (const s of ['c2Vj-db-pass-71', 'Zq4p8Tn1mVx7Rb2kWc5yHs9dLf3gJa6u', 'N9tZ3kqB1v0yXw7rLm2s', 'vB8!rT3x#Lq6']) assert.ok(r.parsed?.secrets.includes(s), s);
  });

  test("mail_smtpstreamoptions set by a later $CONFIG['mail_smtpstreamoptions'] is read too", () => {
    const text =
      nextcloud(["'mail_smtphost' => 'smtp.example.com',", "'mail_smtpport' => 465,", "'mail_smtpauth' => true,"]) +
      "$CONFIG['mail_smtpstreamoptions'] = ['ssl' => ['verify_peer_name' => false]];\n";
    assert.deepEqual(found(text, NEXTCLOUD_PATH), ['7 tls-verify-disabled']);
    assert.match(fixed(text, finding(text, 'tls-verify-disabled', NEXTCLOUD_PATH)), /'verify_peer_name' => true/);
  });

  test('a half-typed config.php never crashes: every prefix lints', () => {
    const text = fixture('nextcloud/instance/config/config.php') + fixture('nextcloud/docker/config/smtp.config.php').replace('<?php', '');
    for (let i = 0; i <= text.length; i += 5) lint(text.slice(0, i), NEXTCLOUD_PATH);
  });

  test('other keys with host and port (redis, dbhost) are never read; a config without mail_smtp keys has no profile', () => {
    const text = nextcloud(["'dbhost' => 'db.example.com:25',", "'redis' => array ( 'host' => 'redis.example.com', 'port' => 25 ),", "'mail_domain' => 'example.com', // smtp"]);
    assert.deepEqual(lint(text, NEXTCLOUD_PATH).parsed?.profiles ?? [], []);
  });

  test('fixes: ssl on 587 -> 465 (preferred) or 587 with no ssl; a missing port and ssl are inserted in the array style', () => {
    const text = nextcloud(["'mail_smtphost' => 'smtp.example.com',", "'mail_smtpport' => 587,", "'mail_smtpsecure' => 'ssl',", "'mail_smtpauth' => true,"]);
    const f = finding(text, 'tls-port-mismatch', NEXTCLOUD_PATH);
    assert.match(fixed(text, f), /'mail_smtpport' => 465,\n {2}'mail_smtpsecure' => 'ssl',/);
    const starttls = fixed(text, f, /STARTTLS/);
    assert.match(starttls, /'mail_smtpport' => 587,\n {2}'mail_smtpsecure' => '',/);
    const bare = nextcloud(["'mail_smtphost'  => 'smtp.example.com',", "'mail_smtpauth'  => true"]);
    const [p] = profiles(bare, NEXTCLOUD_PATH);
    const out = applyEdits(bare, p.edit.setTransport!(465, 'implicit')!);
    assertValidPhp(out);
    assert.match(out, /'mail_smtphost'  => 'smtp.example.com',\n {2}'mail_smtpport'  => 465,\n {2}'mail_smtpsecure' => 'ssl',\n {2}'mail_smtpauth'  => true\n/);
  });
});

describe('WordPress stays quiet', () => {
  test('wp-config and plugin code with host/port arrays produce no Laravel or Nextcloud profile', () => {
    const text = [
      '<?php',
      "define( 'WPMS_ON', true );",
      "define( 'WPMS_SMTP_HOST', 'smtp.example.com' );",
      "define( 'WPMS_SMTP_PORT', 465 );",
      "define( 'WPMS_SSL', 'ssl' );",
      "$redis_server = array( 'host' => '127.0.0.1', 'port' => 6379, 'auth' => '' );",
      "$memcached_servers = [ 'default' => [ 'mail.example.com:25' ] ];",
      "return [ 'host' => 'smtp.example.com', 'port' => 25 ];",
      '',
    ].join('\n');
    const ps = profiles(text, '/var/www/wp-config.php');
    assert.deepEqual(ps.map((p) => p.ecosystem), ['wp-mail-smtp']);
    assert.deepEqual(found(text, '/var/www/wp-config.php'), []);
  });
});

describe('docs/formats/php-apps.md', () => {
  const page = readFileSync(join(ROOT, 'docs', 'formats', 'php-apps.md'), 'utf8');
  const examples = [...page.matchAll(/<!--\s*example:\s*(\S+)\s+expects\s+([^>]*?)\s*-->\s*\n```[^\n]*\n([\s\S]*?)\n```/g)];
  test('has examples for both apps', () => {
    assert.ok(examples.some((m) => m[1].endsWith('mail.php')) && examples.some((m) => m[1].includes('config.php')));
  });
  for (const [, file, expects, code] of examples) {
    test(`${file} expects ${expects}`, () => {
      const want = expects.trim() === 'nothing' ? [] : expects.split(/[\s,]+/).filter(Boolean).sort();
      assert.deepEqual(rules(`${code}\n`, `/project/${file}`), want);
      assertValidPhp(`${code}\n`);
    });
  }
});
