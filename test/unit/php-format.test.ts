// The PHP format through the public engine (lintText / fixAll): WP Mail SMTP and Easy WP SMTP constants, generic
// SMTP_* constants, phpmailer_init callbacks and PHPMailer objects, values with environment fallbacks, duplicates,
// and the fixes (checked with `php -l`).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { applyEdits, fixAll, lintText, type Finding, type LintResult, type MailProfile } from '../../server/src/engine';
import { parsePhp } from '../../server/src/engine/formats/php/ast';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'php');
const PHP_AVAILABLE = spawnSync('php', ['-v']).status === 0;

function lint(text: string, path = '/site/wp-config.php'): LintResult {
  return lintText(text, { path });
}

/** `LINE RULE` for every finding, sorted. */
function found(text: string, path?: string): string[] {
  const r = lint(text, path);
  return r.findings.map((f) => `${r.index.positionAt(f.span.start).line + 1} ${f.ruleId}`).sort();
}

function profiles(text: string, path?: string): MailProfile[] {
  return lint(text, path).parsed?.profiles ?? [];
}

function only(text: string, rule: string): Finding[] {
  return lint(text).findings.filter((f) => f.ruleId === rule);
}

function preferredFix(f: Finding) {
  return f.fixes.find((x) => x.preferred) ?? f.fixes[0];
}

/** php -l on a text; undefined when it parses, else PHP's complaint. */
function phpSyntaxError(text: string): string | undefined {
  const r = spawnSync('php', ['-l'], { input: text, encoding: 'utf8' });
  return r.status === 0 ? undefined : `${r.stdout}${r.stderr}`;
}

function assertValidPhp(text: string): void {
  if (!PHP_AVAILABLE) return;
  assert.equal(phpSyntaxError(text), undefined, text);
}

const wpms = (lines: string[]): string => `<?php\n${lines.join('\n')}\n`;
const WPMS_BASE = ["define( 'WPMS_ON', true );", "define( 'WPMS_MAILER', 'smtp' );", "define( 'WPMS_SMTP_HOST', 'smtp.example.com' );"];

describe('WP Mail SMTP constants', () => {
  test('port 25 is reported on the port line, and the fix sets 587 and inserts WPMS_SSL in the same style', () => {
    const text = wpms([...WPMS_BASE, "define( 'WPMS_SMTP_PORT', 25 );", "define( 'WPMS_SMTP_PASS', getenv( 'SMTP_PASS' ) );"]);
    const port25 = only(text, 'port-25');
    assert.equal(port25.length, 1);
    assert.equal(lint(text).index.positionAt(port25[0].span.start).line, 4);
    const fixed = applyEdits(text, preferredFix(port25[0]).edits);
    assert.match(fixed, /define\( 'WPMS_SMTP_PORT', 587 \);\ndefine\( 'WPMS_SSL', 'tls' \);\n/);
    assertValidPhp(fixed);
    assert.deepEqual(found(fixed), []);
  });

  test('a string port keeps its quotes and an existing WPMS_SSL is edited in place', () => {
    const text = wpms([...WPMS_BASE, 'define("WPMS_SMTP_PORT", "25");', 'define("WPMS_SSL", "");']);
    const out = fixAll(text, { path: 'wp-config.php' }).text;
    assert.match(out, /define\("WPMS_SMTP_PORT", "587"\);\ndefine\("WPMS_SSL", "tls"\);/);
    assertValidPhp(out);
  });

  test('the implicit-TLS alternative writes 465 and ssl', () => {
    const text = wpms([...WPMS_BASE, "define( 'WPMS_SMTP_PORT', 25 );"]);
    const alt = only(text, 'port-25')[0].fixes.find((f) => !f.preferred);
    assert.ok(alt);
    const fixed = applyEdits(text, alt.edits);
    assert.match(fixed, /'WPMS_SMTP_PORT', 465 \);\ndefine\( 'WPMS_SSL', 'ssl' \);/);
    assertValidPhp(fixed);
  });

  test("WPMS_ON must be the boolean true: 'true', 1 and an absent switch make the constants inactive", () => {
    for (const on of ["define( 'WPMS_ON', 'true' );", "define( 'WPMS_ON', 1 );", "define( 'WPMS_ON', false );", '']) {
      const text = wpms([on, "define( 'WPMS_SMTP_HOST', 'smtp.example.com' );", "define( 'WPMS_SMTP_PORT', 25 );"].filter(Boolean));
      assert.deepEqual(found(text), [], on);
      const [p] = profiles(text);
      assert.equal(p.active, false);
      assert.match(p.inactiveReason ?? '', /WPMS_ON/);
    }
  });

  test('a mailer other than smtp makes the SMTP constants inactive; smtp and unset keep them active', () => {
    const base = ["define( 'WPMS_ON', true );", "define( 'WPMS_SMTP_HOST', 'smtp.example.com' );", "define( 'WPMS_SMTP_PORT', 25 );"];
    const sendgrid = wpms([...base, "define( 'WPMS_MAILER', 'sendgrid' );"]);
    assert.equal(profiles(sendgrid)[0].active, false);
    assert.deepEqual(found(sendgrid), []);
    assert.equal(profiles(wpms([...base, "define( 'WPMS_MAILER', 'smtp' );"]))[0].active, true);
    assert.equal(profiles(wpms(base))[0].active, true);
  });

  test("WPMS_SSL: 'tls' is STARTTLS, 'ssl' implicit, '' opportunistic unless AUTOTLS is false", () => {
    const tlsOf = (lines: string[]) => profiles(wpms([...WPMS_BASE, "define( 'WPMS_SMTP_PORT', 587 );", ...lines]))[0].tls;
    assert.equal(tlsOf(["define( 'WPMS_SSL', 'tls' );"]).value, 'starttls');
    assert.equal(tlsOf(["define( 'WPMS_SSL', 'ssl' );"]).value, 'implicit');
    assert.equal(tlsOf(["define( 'WPMS_SSL', '' );"]).value, 'opportunistic');
    const dflt = tlsOf([]);
    assert.deepEqual([dflt.value, dflt.origin], ['opportunistic', 'default']);
    assert.equal(tlsOf(["define( 'WPMS_SSL', '' );", "define( 'WPMS_SMTP_AUTOTLS', false );"]).value, 'none');
    assert.equal(tlsOf(["define( 'WPMS_SMTP_AUTOTLS', false );"]).value, 'none');
    // (bool)'false' is true in PHP: AutoTLS stays on.
    assert.equal(tlsOf(["define( 'WPMS_SMTP_AUTOTLS', 'false' );"]).value, 'opportunistic');
    assert.equal(tlsOf(["define( 'WPMS_SSL', 'tls' );", "define( 'WPMS_SMTP_AUTOTLS', false );"]).value, 'starttls');
  });

  test('plaintext on 587 with AutoTLS off is missing-tls, and the fix leaves AUTOTLS alone', () => {
    const text = wpms([...WPMS_BASE, "define( 'WPMS_SMTP_PORT', 587 );", "define( 'WPMS_SSL', '' );", "define( 'WPMS_SMTP_AUTOTLS', false );"]);
    const [missing] = only(text, 'missing-tls');
    assert.ok(missing);
    const fixed = applyEdits(text, preferredFix(missing).edits);
    assert.match(fixed, /'WPMS_SSL', 'tls'/);
    assert.match(fixed, /'WPMS_SMTP_AUTOTLS', false/);
    assert.deepEqual(found(fixed), []);
  });

  test("'tls' on 465 and 'ssl' on 587 are port/encryption mismatches", () => {
    const tls465 = wpms([...WPMS_BASE, "define( 'WPMS_SMTP_PORT', 465 );", "define( 'WPMS_SSL', 'tls' );"]);
    assert.deepEqual(found(tls465), ['6 tls-port-mismatch']);
    const ssl587 = wpms([...WPMS_BASE, "define( 'WPMS_SMTP_PORT', 587 );", "define( 'WPMS_SSL', 'ssl' );"]);
    assert.deepEqual(found(ssl587), ['6 tls-port-mismatch']);
    for (const text of [tls465, ssl587]) {
      const out = fixAll(text, { path: 'wp-config.php' }).text;
      assert.notEqual(out, text);
      assertValidPhp(out);
      assert.deepEqual(found(out), []);
    }
  });

  test('a literal password is plaintext-password, is redacted, and getenv() is not', () => {
    const secret = 'Zq8!mP2#vX9w';
    const text = wpms([...WPMS_BASE, "define( 'WPMS_SMTP_PORT', 587 );", "define( 'WPMS_SSL', 'tls' );", `define( 'WPMS_SMTP_PASS', '${secret}' );`]);
    const r = lint(text);
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['plaintext-password']);
    assert.ok(r.parsed?.secrets.includes(secret));
    for (const f of r.findings) assert.ok(!f.message.includes(secret));
    const env = text.replace(`'${secret}'`, "getenv( 'WPMS_SMTP_PASS' )");
    assert.deepEqual(found(env), []);
    assert.equal(profiles(env)[0].password?.value.kind, 'reference');
    assert.deepEqual(lint(env).parsed?.secrets, []);
  });

  test('a getenv() fallback of 25 is port-25 and the message says it is a fallback', () => {
    for (const expr of ["getenv( 'SMTP_PORT' ) ?: 25", "getenv( 'SMTP_PORT' ) ?? 25", "env( 'SMTP_PORT', 25 )", "getenv( 'SMTP_PORT' ) ? getenv( 'SMTP_PORT' ) : '25'"]) {
      const text = wpms([...WPMS_BASE, `define( 'WPMS_SMTP_PORT', ${expr} );`, "define( 'WPMS_SSL', 'tls' );"]);
      const [f] = only(text, 'port-25');
      assert.ok(f, expr);
      assert.match(f.message, /fallback value of (getenv|env)\('SMTP_PORT'\)/);
      assert.equal(profiles(text)[0].port?.origin, 'fallback');
      const fixed = applyEdits(text, preferredFix(f).edits);
      assert.ok(fixed.includes(`define( 'WPMS_SMTP_PORT', ${expr.replace(/\b25\b/, '587')} );`), fixed);
      assertValidPhp(fixed);
    }
  });

  test('a lookup without a fallback leaves the port unknown: nothing to judge', () => {
    const text = wpms([...WPMS_BASE, "define( 'WPMS_SMTP_PORT', getenv( 'SMTP_PORT' ) );", "define( 'WPMS_SSL', getenv( 'SMTP_SSL' ) );"]);
    const [p] = profiles(text);
    assert.equal(p.port, undefined);
    assert.deepEqual(found(text), []);
    assert.equal(p.tls.reference, "getenv('SMTP_SSL')");
  });

  test('commented-out defines and code inside strings are never configuration', () => {
    const text = readFileSync(join(FIXTURES, 'wp-config-commented.php'), 'utf8');
    const r = lint(text, join(FIXTURES, 'wp-config-commented.php'));
    assert.deepEqual(r.findings, []);
    // Only the real (inactive, mailer 'sendgrid') defines at the end make a profile.
    const ps = r.parsed?.profiles ?? [];
    assert.deepEqual(ps.map((p) => [p.ecosystem, p.active, p.port]), [['wp-mail-smtp', false, undefined]]);
  });

  test('Easy WP SMTP 2.x constants follow the same semantics with their own prefix', () => {
    const text = wpms([
      "define( 'EASY_WP_SMTP_ON', true );",
      "define( 'EASY_WP_SMTP_SMTP_HOST', 'smtp.example.com' );",
      "define( 'EASY_WP_SMTP_SMTP_PORT', 25 );",
      "define( 'EASY_WP_SMTP_SMTP_PASS', 'Kx93!pQ7zr' );",
    ]);
    assert.deepEqual(found(text), ['2 tls-not-enforced', '4 port-25', '5 plaintext-password']);
    assert.equal(profiles(text)[0].ecosystem, 'easy-wp-smtp');
    const out = fixAll(text, { path: 'wp-config.php' }).text;
    assert.match(out, /'EASY_WP_SMTP_SMTP_PORT', 587 \);\ndefine\( 'EASY_WP_SMTP_SSL', 'tls' \);/);
    assert.equal(profiles(wpms(["define( 'EASY_WP_SMTP_ON', 'true' );", "define( 'EASY_WP_SMTP_SMTP_PORT', 25 );"]))[0].active, false);
  });
});

describe('generic SMTP_* constants', () => {
  test("the gist's port '25' is reported once, at the define, not at the phpmailer_init line that reads it", () => {
    const path = join(FIXTURES, 'functions-smtp-constants.php');
    const text = readFileSync(path, 'utf8');
    const r = lint(text, path);
    const port25 = r.findings.filter((f) => f.ruleId === 'port-25');
    assert.equal(port25.length, 1);
    assert.match(text.slice(port25[0].span.start, port25[0].span.end), /'25'/);
    const out = fixAll(text, { path }).text;
    assert.match(out, /define\( 'SMTP_PORT',   '587' \);/);
    assertValidPhp(out);
  });

  test("SMTP_SECURE: 'tls' STARTTLS, 'ssl' implicit, absent unknown (not judged); inserted after SMTP_PORT", () => {
    const base = ["define( 'SMTP_HOST', 'smtp.example.com' );", "define( 'SMTP_PORT', 587 );"];
    assert.equal(profiles(wpms([...base, "define( 'SMTP_SECURE', 'tls' );"]))[0].tls.value, 'starttls');
    assert.equal(profiles(wpms([...base, "define( 'SMTP_SECURE', 'ssl' );"]))[0].tls.value, 'implicit');
    // Without SMTP_SECURE the snippet that reads these constants decides; we don't guess.
    const absent = wpms(base);
    assert.equal(profiles(absent)[0].tlsGuessed, true);
    assert.deepEqual(lint(absent).findings, []);
    const port25 = wpms(["define( 'SMTP_HOST', 'smtp.example.com' );", "define( 'SMTP_PORT', 25 );"]);
    const [f] = only(port25, 'port-25');
    assert.equal(applyEdits(port25, preferredFix(f).edits), wpms([...base, "define( 'SMTP_SECURE', 'tls' );"]));
  });

  test('no profile without SMTP_HOST or SMTP_PORT', () => {
    assert.deepEqual(profiles(wpms(["define( 'SMTP_USER', 'me' );", "define( 'SMTP_SECURE', '' );"])), []);
  });
});

describe('phpmailer_init and PHPMailer objects', () => {
  const hook = (body: string[], cb = 'function ( $phpmailer ) {') => `<?php\nadd_action( 'phpmailer_init', ${cb}\n${body.map((l) => `\t${l}`).join('\n')}\n} );\n`;

  test('the callback forms: closure, named function, [$this, method], Class::method, add_filter', () => {
    const body = "$m->isSMTP(); $m->Host = 'smtp.example.com'; $m->Port = 25; $m->SMTPSecure = 'tls'; $m->SMTPAuth = true;";
    const cases = [
      `<?php add_action( 'phpmailer_init', function ( $m ) { ${body} } );`,
      `<?php add_action( 'phpmailer_init', fn( $m ) => $m->Port = 25 ); `,
      `<?php function my_smtp( &$m ) { ${body} }\nadd_action( 'phpmailer_init', 'my_smtp', 10, 1 );`,
      `<?php class A { function __construct() { add_action( 'phpmailer_init', [ $this, 'smtp' ] ); } function smtp( $m ) { ${body} } }`,
      `<?php class A { static function init() { add_action( 'phpmailer_init', array( __CLASS__, 'smtp' ) ); } static function smtp( $m ) { ${body} } }`,
      `<?php class B { static function smtp( $m ) { ${body} } }\nadd_action( 'phpmailer_init', 'B::smtp' );`,
      `<?php function my_smtp( $m ) { ${body} }\nadd_filter( 'phpmailer_init', 'my_smtp' );`,
    ];
    for (const text of cases) {
      const ps = profiles(text).filter((p) => p.ecosystem === 'phpmailer');
      assert.equal(ps.length, 1, text);
      if (text.includes('fn(')) {
        assert.equal(ps[0].active, false, 'an arrow function that never calls isSMTP() keeps mail()');
        continue;
      }
      assert.equal(ps[0].active, true, text);
      assert.equal(ps[0].port?.value, 25);
      assert.deepEqual(
        lint(text).findings.map((f) => f.ruleId),
        ['port-25'],
        text,
      );
    }
  });

  test('a function taking a PHPMailer parameter is read even when it is hooked elsewhere', () => {
    const text = "<?php\nfunction acme_mail_setup( ?\\PHPMailer\\PHPMailer\\PHPMailer $mailer ) {\n\t$mailer->isSMTP();\n\t$mailer->Host = 'smtp.example.com';\n\t$mailer->Port = 25;\n\t$mailer->SMTPSecure = 'tls';\n\t$mailer->SMTPAuth = true;\n}\n";
    assert.deepEqual(profiles(text).map((p) => p.label), ['PHPMailer setup in acme_mail_setup()']);
    assert.deepEqual(found(text), ['5 port-25']);
  });

  test('SMTPSecure is compared strictly: TLS, starttls and true fall back to opportunistic AutoTLS', () => {
    for (const value of ["'TLS'", "'starttls'", 'true', "''"]) {
      const text = hook(['$phpmailer->isSMTP();', "$phpmailer->Host = 'smtp.example.com';", '$phpmailer->Port = 587;', `$phpmailer->SMTPSecure = ${value};`, '$phpmailer->SMTPAuth = true;']);
      assert.equal(profiles(text)[0].tls.value, 'opportunistic', value);
      assert.deepEqual(found(text), ['6 tls-not-enforced'], value);
    }
    for (const [value, mode] of [
      ['PHPMailer::ENCRYPTION_STARTTLS', 'starttls'],
      ['\\PHPMailer\\PHPMailer\\PHPMailer::ENCRYPTION_SMTPS', 'implicit'],
      ["'tls'", 'starttls'],
      ["'ssl'", 'implicit'],
    ]) {
      const text = hook(['$phpmailer->isSMTP();', "$phpmailer->Host = 'smtp.example.com';", `$phpmailer->SMTPSecure = ${value};`]);
      assert.equal(profiles(text)[0].tls.value, mode, value);
    }
  });

  test("'tls' on 465 and 'ssl' on 587 are mismatches; the fixes keep the file's ENCRYPTION_* style", () => {
    const tls465 = hook(['$phpmailer->isSMTP();', "$phpmailer->Host = 'smtp.example.com';", '$phpmailer->Port = 465;', "$phpmailer->SMTPSecure = 'tls';", '$phpmailer->SMTPAuth = true;']);
    assert.deepEqual(found(tls465), ['6 tls-port-mismatch']);
    const ssl587 = hook(['$phpmailer->isSMTP();', "$phpmailer->Host = 'smtp.example.com';", "$phpmailer->Port = '587';", '$phpmailer->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;', '$phpmailer->SMTPAuth = true;']);
    const [f] = only(ssl587, 'tls-port-mismatch');
    const starttls = f.fixes.find((x) => /STARTTLS/.test(x.title));
    assert.ok(starttls);
    const fixed = applyEdits(ssl587, starttls.edits);
    assert.match(fixed, /SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;/);
    assert.match(fixed, /Port = '587';/);
    assertValidPhp(fixed);
  });

  test('SMTPAuth defaults to false and AutoTLS never runs for Host exactly localhost', () => {
    const remote = hook(['$phpmailer->isSMTP();', "$phpmailer->Host = 'smtp.example.com';", '$phpmailer->Port = 587;', "$phpmailer->SMTPSecure = 'tls';"]);
    assert.deepEqual(found(remote), ['3 auth-disabled']);
    assert.deepEqual([profiles(remote)[0].auth?.value, profiles(remote)[0].auth?.origin], [false, 'default']);
    const localhost = hook(['$phpmailer->isSMTP();', "$phpmailer->Host = 'localhost';"]);
    assert.equal(profiles(localhost)[0].tls.value, 'none');
    const loopback = hook(['$phpmailer->isSMTP();', "$phpmailer->Host = '127.0.0.1';"]);
    assert.equal(profiles(loopback)[0].tls.value, 'opportunistic');
  });

  test('Host lists: one profile per entry, ssl:// / tls:// prefixes and :port override SMTPSecure and Port', () => {
    const text = hook([
      '$phpmailer->isSMTP();',
      "$phpmailer->Host = 'a.example.com;ssl://b.example.com:465; tls://c.example.com:2525';",
      '$phpmailer->Port = 587;',
      "$phpmailer->SMTPSecure = 'tls';",
      '$phpmailer->SMTPAuth = true;',
    ]);
    const ps = profiles(text);
    assert.deepEqual(
      ps.map((p) => [p.host?.value, p.port?.value, p.tls.value]),
      [
        ['a.example.com', 587, 'starttls'],
        ['b.example.com', 465, 'implicit'],
        ['c.example.com', 2525, 'starttls'],
      ],
    );
    assert.deepEqual(found(text), []);
    // Spans point inside the string.
    const b = ps[1];
    assert.equal(text.slice(b.host!.span!.start, b.host!.span!.end), 'b.example.com');
    assert.equal(text.slice(b.port!.span!.start, b.port!.span!.end), '465');
    assert.equal(text.slice(b.tls.span!.start, b.tls.span!.end), 'ssl');
  });

  test('a host prefix and :port change with the fix', () => {
    const text = hook(['$phpmailer->isSMTP();', "$phpmailer->Host = 'ssl://smtp.example.com:587';", '$phpmailer->SMTPAuth = true;']);
    const [f] = only(text, 'tls-port-mismatch');
    const starttls = f.fixes.find((x) => /STARTTLS/.test(x.title))!;
    assert.match(applyEdits(text, starttls.edits), /Host = 'tls:\/\/smtp\.example\.com:587';/);
    const implicit = f.fixes.find((x) => /implicit/.test(x.title))!;
    assert.match(applyEdits(text, implicit.edits), /Host = 'ssl:\/\/smtp\.example\.com:465';/);
  });

  test('a missing Port is inserted after the Host line with the same indentation', () => {
    const text = hook(['$phpmailer->isSMTP();', "$phpmailer->Host = 'smtp.example.com';", '$phpmailer->SMTPAuth = true;']);
    const [f] = only(text, 'port-25');
    assert.equal(f.span.start, lint(text).parsed!.profiles[0].anchor.start, 'a default port is reported at isSMTP()');
    const fixed = applyEdits(text, preferredFix(f).edits);
    assert.match(fixed, /\t\$phpmailer->Host = 'smtp\.example\.com';\n\t\$phpmailer->Port = 587;\n\t\$phpmailer->SMTPSecure = 'tls';\n/);
    assertValidPhp(fixed);
  });

  test('inserted statements stay valid next to ?> and after a statement without its semicolon', () => {
    const text = "<?php $m = new PHPMailer(); $m->isSMTP(); $m->Host = 'smtp.example.com' ?>\n<p>sent</p>\n<?php\n$n = new PHPMailer();\n$n->isSMTP();\n$n->Host = 'smtp.example.org'\n?>\n";
    const out = fixAll(text, { path: 'x.php' }).text;
    assert.match(out, /\$m->Host = 'smtp\.example\.com'; \$m->Port = 587; \$m->SMTPSecure = 'tls'; \?>/);
    assert.match(out, /\$n->Host = 'smtp\.example\.org';\n\$n->Port = 587;\n\$n->SMTPSecure = 'tls';\n\?>/);
    assertValidPhp(out);
  });

  test('->set(), ->Mailer and isSendmail() are understood', () => {
    const viaSet = hook(["$phpmailer->Mailer = 'smtp';", "$phpmailer->set( 'Host', 'smtp.example.com' );", "$phpmailer->set( 'Port', 25 );", "$phpmailer->set( 'SMTPSecure', 'tls' );", '$phpmailer->SMTPAuth = true;']);
    assert.deepEqual(found(viaSet), ['5 port-25']);
    const fixed = fixAll(viaSet, { path: 'x.php' }).text;
    assert.match(fixed, /set\( 'Port', 587 \)/);
    const sendmail = hook(['$phpmailer->isSMTP();', "$phpmailer->Host = 'smtp.example.com';", '$phpmailer->Port = 25;', '$phpmailer->isSendmail();']);
    assert.equal(profiles(sendmail)[0].active, false);
    assert.deepEqual(found(sendmail), []);
  });

  test('a PHPMailer object without isSMTP() sends with mail(): inactive', () => {
    const text = "<?php\n$mail = new PHPMailer\\PHPMailer\\PHPMailer();\n$mail->Host = 'smtp.example.com';\n$mail->Port = 25;\n$mail->send();\n";
    const [p] = profiles(text);
    assert.equal(p.active, false);
    assert.match(p.inactiveReason ?? '', /isSMTP/);
    assert.deepEqual(found(text), []);
    const smtp = text.replace('$mail->send();', '$mail->isSMTP();');
    // The port is reported where it is written; the defaults (auth, encryption) at isSMTP().
    assert.deepEqual(found(smtp), ['4 port-25', '5 auth-disabled', '5 tls-not-enforced']);
  });

  test('SMTPOptions: one finding per switch, and the fix flips only that switch', () => {
    const text = hook([
      '$phpmailer->isSMTP();',
      "$phpmailer->Host = 'smtp.example.com';",
      '$phpmailer->Port = 587;',
      "$phpmailer->SMTPSecure = 'tls';",
      '$phpmailer->SMTPAuth = true;',
      "$phpmailer->SMTPOptions = [ 'ssl' => [ 'verify_peer' => false, 'verify_peer_name' => False, 'allow_self_signed' => true, 'cafile' => '/etc/ssl/ca.pem' ] ];",
    ]);
    const fs = only(text, 'tls-verify-disabled');
    assert.deepEqual(fs.map((f) => text.slice(f.span.start, f.span.end)), ['false', 'False', 'true']);
    assert.match(applyEdits(text, fs[1].fixes[0].edits), /'verify_peer' => false, 'verify_peer_name' => True, 'allow_self_signed' => true/);
    const out = fixAll(text, { path: 'x.php' }).text;
    assert.match(out, /'verify_peer' => true, 'verify_peer_name' => True, 'allow_self_signed' => false/);
    assertValidPhp(out);
  });

  test('if/else branches inside a callback are separate setups, not one mixed setup', () => {
    const text = hook([
      '$phpmailer->isSMTP();',
      "$phpmailer->Host = 'smtp.example.com';",
      '$phpmailer->SMTPAuth = true;',
      "$phpmailer->SMTPSecure = 'tls';",
      "if ( defined( 'SMTP_IMPLICIT' ) ) {",
      "\t$phpmailer->SMTPSecure = 'ssl';",
      '\t$phpmailer->Port = 465;',
      '} else {',
      '\t$phpmailer->Port = 587;',
      '}',
    ]);
    const ps = profiles(text);
    assert.deepEqual(ps.map((p) => [p.port?.value, p.tls.value]), [[465, 'implicit'], [587, 'starttls']]);
    assert.match(ps[1].label, /branch at line 10/);
    assert.deepEqual(found(text), []);
  });

  test('a callback that only weakens TLS for a connection configured elsewhere is still reported', () => {
    const text = hook(["$phpmailer->SMTPOptions['ssl']['verify_peer'] = false;"]);
    assert.deepEqual(found(text), ['3 tls-verify-disabled']);
    assert.match(fixAll(text, { path: 'x.php' }).text, /\['verify_peer'\] = true;/);
  });
});

describe('never configuration, local relays, duplicates', () => {
  test("PHPMailer's own class: property defaults are not settings", () => {
    const path = join(FIXTURES, 'class-phpmailer-lib.php');
    const r = lint(readFileSync(path, 'utf8'), path);
    // The library's own classes are recognised before parsing and never read as configuration.
    assert.match(r.skipped ?? '', /no mail settings/);
    assert.deepEqual(r.findings, []);
  });

  test('local relays: localhost, 127.0.0.1 and a single-label service name', () => {
    for (const host of ['localhost', '127.0.0.1', 'mailpit', 'postfix']) {
      const text = wpms(["define( 'WPMS_ON', true );", `define( 'WPMS_SMTP_HOST', '${host}' );`, "define( 'WPMS_SMTP_PORT', 25 );", "define( 'WPMS_SMTP_AUTH', false );"]);
      assert.deepEqual(found(text), [], host);
      assert.equal(profiles(text)[0].active, true);
    }
    const path = join(FIXTURES, 'local-relay.php');
    assert.deepEqual(found(readFileSync(path, 'utf8'), path), []);
  });

  test('a second define of the same constant is a duplicate with a removal; if/else branches are not', () => {
    const text = wpms([...WPMS_BASE, "define( 'WPMS_SMTP_PORT', 587 );", "define( 'WPMS_SSL', 'tls' );", "define( 'WPMS_SMTP_PORT', 25 );"]);
    const [dup] = only(text, 'duplicate-setting');
    assert.equal(lint(text).index.positionAt(dup.span.start).line, 6);
    assert.equal(dup.related[0].span.start, text.indexOf("define( 'WPMS_SMTP_PORT', 587"));
    assert.deepEqual(found(text), ['7 duplicate-setting'], 'the first define wins: no port-25');
    const fixed = fixAll(text, { path: 'wp-config.php' }).text;
    assert.equal(fixed, wpms([...WPMS_BASE, "define( 'WPMS_SMTP_PORT', 587 );", "define( 'WPMS_SSL', 'tls' );"]));

    const branches = wpms([
      "define( 'WPMS_ON', true );",
      "if ( WP_DEBUG ) {\n\tdefine( 'WPMS_SMTP_HOST', 'mailpit' );\n} else {\n\tdefine( 'WPMS_SMTP_HOST', 'smtp.example.com' );\n}",
      "defined( 'WPMS_SMTP_PORT' ) || define( 'WPMS_SMTP_PORT', 587 );",
      "define( 'WPMS_SSL', 'tls' );",
    ]);
    assert.deepEqual(found(branches), []);
    assert.deepEqual(profiles(branches).map((p) => p.host?.value), ['mailpit', 'smtp.example.com']);
  });

  test('removing a duplicate that shares its line deletes only the statement', () => {
    const text = wpms([...WPMS_BASE, "define( 'WPMS_SMTP_PORT', 587 ); define( 'WPMS_SSL', 'tls' );", "define( 'WPMS_SMTP_PORT', 2525 ); // migrated"]);
    const [dup] = only(text, 'duplicate-setting');
    const out = applyEdits(text, dup.fixes[0].edits);
    assert.ok(out.endsWith("define( 'WPMS_SSL', 'tls' );\n// migrated\n"), out);
    assertValidPhp(out);
  });

  test('a half-typed file never crashes: every prefix of a wp-config lints', () => {
    const path = join(FIXTURES, 'wp-config.php');
    const text = readFileSync(path, 'utf8');
    const cut = text.indexOf("define( 'WPMS_SMTP_PORT', ") + "define( 'WPMS_SMTP_PORT', ".length;
    const half = lint(text.slice(0, cut), path);
    assert.equal(half.skipped, undefined);
    assert.equal(half.parsed?.profiles[0]?.ecosystem, 'wp-mail-smtp');
    for (let i = 0; i <= text.length; i += 3) {
      const r = lint(text.slice(0, i), path);
      for (const f of r.findings) for (const fix of f.fixes) applyEdits(text.slice(0, i), fix.edits);
    }
  });

  test('files that never mention SMTP are not parsed', () => {
    const r = lint("<?php\necho 'hello';\n", '/site/index.php');
    assert.equal(r.parsed, undefined);
    assert.match(r.skipped ?? '', /no mail settings/);
  });
});

describe('comments, symbols, suppressions', () => {
  test('comment spans cover //, # and /* */ comments, and directives in them work', () => {
    const text = "<?php\n// one\n# two\n/* three */\ndefine( 'WPMS_ON', true ); // smtp-lint-disable-next-line port-25\ndefine( 'WPMS_SMTP_HOST', 'smtp.example.com' ); define( 'WPMS_SMTP_PORT', 25 );\n";
    const r = lint(text);
    assert.equal(r.parsed?.lineComment, '//');
    assert.deepEqual(r.parsed?.comments.map((c) => text.slice(c.start, c.end)), ['// one', '# two', '/* three */', '// smtp-lint-disable-next-line port-25']);
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['tls-not-enforced']);
  });

  test('symbols name every recognised key with its role', () => {
    const text = hook2();
    const syms = lint(text).parsed?.symbols ?? [];
    const roles = syms.map((s) => `${s.key}=${s.role}`);
    for (const expected of [
      'WPMS_ON=mailer',
      'WPMS_SMTP_HOST=host',
      'WPMS_SMTP_PORT=port',
      'WPMS_SSL=tls',
      'WPMS_SMTP_PASS=password',
      '$m->Host=host',
      '$m->Port=port',
      '$m->SMTPSecure=tls',
      "$m->SMTPOptions['ssl']['verify_peer']=verify",
      '$m->Mailer=mailer',
    ]) {
      assert.ok(roles.includes(expected), `${expected} in ${roles.join(', ')}`);
    }
    for (const s of syms) if (s.keySpan) assert.ok(text.slice(s.keySpan.start, s.keySpan.end).length > 0);
    const port = syms.find((s) => s.key === 'WPMS_SMTP_PORT')!;
    assert.equal(text.slice(port.keySpan!.start, port.keySpan!.end), 'WPMS_SMTP_PORT');
    assert.equal(text.slice(port.valueSpan!.start, port.valueSpan!.end), '587');
  });

  function hook2(): string {
    return wpms([
      "define( 'WPMS_ON', true );",
      "define( 'WPMS_SMTP_HOST', 'smtp.example.com' );",
      "define( 'WPMS_SMTP_PORT', 587 );",
      "define( 'WPMS_SSL', 'tls' );",
      "define( 'WPMS_SMTP_PASS', getenv( 'P' ) );",
      "add_action( 'phpmailer_init', function ( $m ) { $m->isSMTP(); $m->Host = 'smtp.example.com'; $m->Port = 587; $m->SMTPSecure = 'tls'; $m->SMTPOptions = [ 'ssl' => [ 'verify_peer' => true ] ]; } );",
    ]);
  }
});

describe('every offered fix leaves valid PHP', { skip: PHP_AVAILABLE ? false : 'php-cli is not installed' }, () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.php') && !p.endsWith('.fixed.php') ? [p] : [];
    });
  for (const path of files(FIXTURES)) {
    test(path.slice(FIXTURES.length + 1), () => {
      const text = readFileSync(path, 'utf8');
      assert.equal(phpSyntaxError(text), undefined, 'the fixture itself must be valid PHP');
      for (const f of lint(text, path).findings) {
        for (const fix of f.fixes) {
          const out = applyEdits(text, fix.edits);
          assert.equal(phpSyntaxError(out), undefined, `${f.ruleId}: ${fix.title}`);
        }
      }
    });
  }
});

const WORDPRESS = '/usr/share/wordpress';

describe('smoke: Debian WordPress tree', { skip: existsSync(WORDPRESS) ? false : `${WORDPRESS} is not installed` }, () => {
  test('every PHP file lints without findings or exceptions', () => {
    const phpFiles: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        let st;
        try {
          st = statSync(p);
        } catch {
          continue; // a dangling symlink
        }
        if (st.isDirectory()) walk(p);
        else if (name.endsWith('.php')) phpFiles.push(p);
      }
    };
    walk(WORDPRESS);
    assert.ok(phpFiles.length > 500, `only ${phpFiles.length} PHP files found`);
    let parsed = 0;
    const started = Date.now();
    for (const p of phpFiles) {
      const r = lintText(readFileSync(p, 'utf8'), { path: p });
      if (r.parsed) parsed++;
      assert.ok(!r.skipped || /no mail settings/.test(r.skipped), `${p}: ${r.skipped}`);
      assert.deepEqual(r.findings.map((f) => f.ruleId), [], p);
    }
    // ms-default-filters.php registers a phpmailer_init callback and is parsed; pluggable.php only fires the hook, and
    // PHPMailer's own classes are library code: the sniff skips them and everything else.
    assert.ok(parsed >= 1, `parsed ${parsed}`);
    assert.ok(parsed < phpFiles.length / 10, `the sniff let ${parsed} of ${phpFiles.length} files through`);
    assert.ok(Date.now() - started < 30_000);
  });
});

describe('half-typed code', () => {
  const MAILER = '/site/mailer.php';

  test('a file with syntax errors is judged but not fixed (each pass would insert again)', () => {
    // An unclosed string: php-parser recovers and reads the same settings after any edit.
    const broken = '<?php\n$mail = new PHPMailer( true );\n$mail->isSMTP();\n$mail->Host     = "smtp.postm\n$mail->SMTPAuth = true;\n$mail->send();\n';
    const r = lint(broken, MAILER);
    assert.ok(r.findings.length > 0, 'the recovered settings are still judged');
    assert.deepEqual(r.findings.flatMap((f) => f.fixes), []);
    assert.equal(fixAll(broken, { path: MAILER }).text, broken);

    // The same file once the string is closed: the same findings, now with fixes.
    const typed = broken.replace('"smtp.postm', '"smtp.postmarkapp.com";');
    const fixedFindings = lint(typed, MAILER).findings;
    assert.deepEqual(
      r.findings.map((f) => f.ruleId),
      fixedFindings.map((f) => f.ruleId),
    );
    assert.ok(fixedFindings.some((f) => f.fixes.length > 0));
  });

  test('a comment or single-quoted string that runs to the end (php-parser reports no error for these): no fixes', () => {
    const base = "<?php\ndefine('WPMS_ON', true);\ndefine('WPMS_SMTP_HOST', 'smtp.gmail.com');\ndefine('WPMS_SSL', 'tls');\ndefine('WPMS_SMTP_PORT', 587);\ndefine('WPMS_SMTP_PORT', 25);\n";
    for (const [open, closed] of [
      ['/* note', '/* note */'],
      ['/** note *', '/** note */'],
      ['/*/', '/**/'],
      ["$note = 'it\\'s", "$note = 'it\\'s';"],
      ["$note = 'dir\\\\';", "$note = 'dir\\\\';"],
    ]) {
      const dup = only(base + open, 'duplicate-setting');
      assert.equal(dup.length, 1, open);
      if (open === closed) assert.equal(dup[0].fixes.length, 1, `${open} is closed`);
      else assert.deepEqual(dup[0].fixes, [], open);
      assert.equal(only(base + closed, 'duplicate-setting')[0].fixes.length, 1, closed);
      if (PHP_AVAILABLE) assert.equal(phpSyntaxError(base + open) === undefined, open === closed, open);
    }
  });

  test('removing the last statement of a file without a final newline adds none', () => {
    const text = "<?php\ndefine('WPMS_ON', true);\ndefine('WPMS_SMTP_HOST', 'smtp.gmail.com');\ndefine('WPMS_SSL', 'tls');\ndefine('WPMS_SMTP_PORT', 587);\ndefine('WPMS_SMTP_PORT', 25);";
    const fixed = fixAll(text, { path: '/site/wp-config.php' }).text;
    assert.equal(fixed, "<?php\ndefine('WPMS_ON', true);\ndefine('WPMS_SMTP_HOST', 'smtp.gmail.com');\ndefine('WPMS_SSL', 'tls');\ndefine('WPMS_SMTP_PORT', 587);");
    // With a final newline (LF or CRLF) the line goes with its own break.
    assert.equal(fixAll(`${text}\n`, { path: '/site/wp-config.php' }).text, `${fixed}\n`);
    const crlf = `${text.replace(/\n/g, '\r\n')}\r\n`;
    assert.equal(fixAll(crlf, { path: '/site/wp-config.php' }).text, `${fixed.replace(/\n/g, '\r\n')}\r\n`);
    if (PHP_AVAILABLE) assertValidPhp(fixed);
  });

  test('php-parser going round in circles is stopped, not waited for', () => {
    // php-parser 3.7 loops forever on these with suppressErrors: the parser re-reading one token (`function f\\" $` in a
    // class), and the lexer re-reading one character (an attribute opener `#[` after a stray `]`). Each runs in a
    // child, so a regression fails instead of hanging the test run.
    const engine = join(__dirname, '..', '..', 'server', 'src', 'engine');
    for (const [text, line] of [
      ["<?php\ndefine('WPMS_ON', true);\nclass Acme_Mailer {\n\tpublic function configure\\\" $", 4],
      ["<?php\ndefine( 'WPMS_SMTP_PORT', 25]#[7 );\ndefine( 'WPMS_SSL', 'tls' );\n", 3],
    ] as const) {
      const script = `const r = require(${JSON.stringify(engine)}).lintText(${JSON.stringify(text)}, { path: '/site/wp-config.php' }); process.stdout.write(JSON.stringify({ skipped: r.skipped }));`;
      const started = Date.now();
      const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(child.signal, null, `${JSON.stringify(text)}: still parsing after ${Date.now() - started} ms`);
      assert.equal(JSON.parse(child.stdout).skipped, `PHP could not be parsed: php-parser stopped making progress near line ${line} (half-typed code?)`);
    }
  });

  test('code nested hundreds deep is skipped with a reason, at fixed limits (not wherever the stack happens to end)', () => {
    const port = (value: string) => `<?php\n$phpmailer->isSMTP();\n$phpmailer->Port = ${value};\n`;
    for (const text of [
      port(`${'('.repeat(50_000)}25`),
      port(`${'('.repeat(401)}25${')'.repeat(401)}`),
      port(`${'$a ? $b : '.repeat(5000)}25`),
      port(`25${' + 1'.repeat(401)}`),
      `<?php\n$phpmailer->isSMTP();\n$x = ${'$a->'.repeat(801)}b;\n$phpmailer->Port = 25;\n`,
      `<?php\nadd_action( 'phpmailer_init', function ( ${'a.'.repeat(4000)} $phpmailer ) { $phpmailer->Port = 25; } );\n`,
    ]) {
      assert.equal(lint(text, '/site/functions.php').skipped, 'PHP not linted: code nested too deeply to read', text.slice(0, 60));
    }
    // Deep, but within what the walks follow.
    const wpConfig = (middle: string) => `<?php\ndefine('WPMS_ON', true);\ndefine('WPMS_SMTP_HOST', 'smtp.gmail.com');\n${middle}\ndefine('WPMS_SMTP_PORT', 25);\n`;
    for (const middle of [`$x = ${'('.repeat(100)}1${')'.repeat(100)};`, `$x = ${'$a->'.repeat(700)}b;`, `$x = 1${' + 1'.repeat(300)};`]) {
      const r = lint(wpConfig(middle));
      assert.equal(r.skipped, undefined, middle.slice(0, 20));
      assert.ok(r.findings.some((f) => f.ruleId === 'port-25'), middle.slice(0, 20));
    }
  });

  test('real code (every fixture, a quarter of the WordPress tree): the progress guard never trips, nothing ends unterminated', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        let st;
        try {
          st = statSync(p);
        } catch {
          return [];
        }
        return st.isDirectory() ? files(p) : p.endsWith('.php') ? [p] : [];
      });
    const wordpress = existsSync(WORDPRESS) ? files(WORDPRESS).sort().filter((_, i) => i % 4 === 0) : [];
    const all = [...files(FIXTURES), ...wordpress];
    assert.ok(all.length > 20);
    for (const p of all) {
      const text = readFileSync(p, 'utf8');
      assert.equal(parsePhp(text, p).endsUnterminated, undefined, p);
    }
  });
});
