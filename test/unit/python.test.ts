// The Python format through the public engine (lintText / fixAll): Django EMAIL_* semantics and defaults, environment
// lookups (os, django-environ, python-decouple) and their pitfalls, email URLs, Flask-Mail and fastapi-mail shapes,
// branches, duplicates, custom backends, and fixes that keep the file valid Python (python3 -m py_compile).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { applyEdits, fixAll, lintText } from '../../server/src/engine';
import { parser } from '@lezer/python';
import { pythonFormat } from '../../server/src/engine/formats/python';
import { parseWithBudget } from '../../server/src/engine/formats/lezer-budget';
import { lintHelpersFor } from './lint-helpers';

const ROOT = join(__dirname, '..', '..', '..');
const PYTHON = spawnSync('python3', ['--version']).status === 0;
const PATH = '/proj/mysite/settings.py';

const { lint, found, profiles, only } = lintHelpersFor(PATH);

const py = (...lines: string[]) => `${lines.join('\n')}\n`;

/** py_compile on a text; undefined when it compiles. */
function pythonError(text: string): string | undefined {
  if (!PYTHON) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-py-'));
  const file = join(dir, 'settings.py');
  writeFileSync(file, text);
  const r = spawnSync('python3', ['-c', 'import sys, ast; ast.parse(open(sys.argv[1]).read())', file], { encoding: 'utf8' });
  return r.status === 0 ? undefined : r.stderr;
}

/** Every fix of every finding (not only the preferred ones) must leave valid Python. */
function assertAllFixesCompile(text: string, path = PATH): number {
  let checked = 0;
  for (const f of lint(text, path).findings) {
    for (const fix of f.fixes) {
      const out = applyEdits(text, fix.edits);
      assert.equal(pythonError(out), undefined, `${f.ruleId} / ${fix.title} breaks the file:\n${out}`);
      checked++;
    }
  }
  return checked;
}

describe('Django semantics', () => {
  test('an EMAIL_HOST alone means port 25, no TLS and no login (Django defaults)', () => {
    const [p] = profiles(py("EMAIL_HOST = 'smtp.example.com'"));
    assert.equal(p.ecosystem, 'django');
    assert.deepEqual([p.port?.value, p.port?.origin, p.tls.value, p.tls.origin, p.auth?.value], [25, 'default', 'none', 'default', false]);
    assert.deepEqual(found(py("EMAIL_HOST = 'smtp.example.com'")).map((f) => f.split(' ')[1]).sort(), ['auth-disabled', 'missing-tls', 'port-25']);
  });

  test('no EMAIL_HOST means localhost: nothing to report', () => {
    assert.deepEqual(found(py('EMAIL_PORT = 25', 'EMAIL_USE_TLS = False')), []);
  });

  test('EMAIL_USE_TLS is STARTTLS, EMAIL_USE_SSL implicit TLS; both off is plaintext', () => {
    const base = ["EMAIL_HOST = 'smtp.example.com'", "EMAIL_HOST_USER = 'u'", "EMAIL_HOST_PASSWORD = os.environ['P']"];
    assert.equal(profiles(py(...base, 'EMAIL_PORT = 587', 'EMAIL_USE_TLS = True'))[0].tls.value, 'starttls');
    assert.equal(profiles(py(...base, 'EMAIL_PORT = 465', 'EMAIL_USE_SSL = True'))[0].tls.value, 'implicit');
    assert.equal(profiles(py(...base, 'EMAIL_PORT = 587', 'EMAIL_USE_TLS = False', 'EMAIL_USE_SSL = False'))[0].tls.value, 'none');
    assert.deepEqual(found(py(...base, 'EMAIL_PORT = 465', 'EMAIL_USE_SSL = True')), []);
    assert.deepEqual(found(py(...base, 'EMAIL_PORT = 465', 'EMAIL_USE_TLS = True')), ['5 tls-port-mismatch']);
    assert.deepEqual(found(py(...base, 'EMAIL_PORT = 587', 'EMAIL_USE_SSL = True')), ['5 tls-port-mismatch']);
  });

  test("Python truthiness: the string 'False' switches TLS on", () => {
    const [p] = profiles(py("EMAIL_HOST = 'smtp.example.com'", 'EMAIL_PORT = 587', "EMAIL_USE_TLS = 'False'"));
    assert.equal(p.tls.value, 'starttls');
  });

  test('the os.environ.get pitfall: only the default is judged, and the message says so', () => {
    const text = py('import os', "EMAIL_HOST = 'smtp.example.com'", 'EMAIL_PORT = 587', "EMAIL_USE_TLS = os.environ.get('EMAIL_USE_TLS', False)");
    const [p] = profiles(text);
    assert.deepEqual([p.tls.value, p.tls.origin, p.tls.reference], ['none', 'fallback', "os.environ.get('EMAIL_USE_TLS')"]);
    const [f] = only(text, 'missing-tls');
    assert.match(f.message, /fallback value of os\.environ\.get\('EMAIL_USE_TLS'\)/);
    assert.equal(lint(text).index.positionAt(f.span.start).line, 3);
    // The fix edits only the default.
    assert.match(fixAll(text, { path: PATH }).text, /EMAIL_USE_TLS = os\.environ\.get\('EMAIL_USE_TLS', True\)/);
  });

  test('non-SMTP backends make the settings inactive, also as an environment default', () => {
    for (const backend of ["'django.core.mail.backends.console.EmailBackend'", "'django.core.mail.backends.locmem.EmailBackend'", "'anymail.backends.mailgun.EmailBackend'", "env('EMAIL_BACKEND', default='django.core.mail.backends.filebased.EmailBackend')"]) {
      const text = py(`EMAIL_BACKEND = ${backend}`, "EMAIL_HOST = 'smtp.example.com'", 'EMAIL_PORT = 25');
      const [p] = profiles(text);
      assert.equal(p.active, false, backend);
      assert.match(p.inactiveReason ?? '', /does not send over SMTP/);
      assert.deepEqual(found(text), [], backend);
    }
    assert.equal(profiles(py("EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'", "EMAIL_HOST = 'smtp.example.com'"))[0].active, true);
  });

  test('a star import: keys not written here may come from the imported module, so no defaults apply', () => {
    const [p] = profiles(py('from .base import *', "EMAIL_HOST = 'smtp.example.com'"));
    assert.equal(p.port, undefined);
    assert.equal(p.tlsGuessed, true);
    assert.equal(p.auth, undefined);
    assert.deepEqual(found(py('from .base import *', "EMAIL_HOST = 'smtp.example.com'")), []);
  });

  test('if/else branches are judged separately; only the SMTP branch reports', () => {
    const text = py(
      'if DEBUG:',
      "    EMAIL_BACKEND = 'django.core.mail.backends.console.EmailBackend'",
      'else:',
      "    EMAIL_HOST = 'smtp.sendgrid.net'",
      '    EMAIL_PORT = 25',
      '    EMAIL_USE_TLS = True',
      "    EMAIL_HOST_USER = 'apikey'",
      "    EMAIL_HOST_PASSWORD = os.environ['KEY']",
    );
    const ps = profiles(text);
    assert.equal(ps.length, 2);
    assert.deepEqual(ps.map((p) => p.active), [false, true]);
    assert.match(ps[1].label, /branch at line 4/);
    assert.deepEqual(found(text), ['5 port-25']);
  });

  test('an if without else: the settings before it and the branch are two setups', () => {
    const text = py("EMAIL_HOST = 'smtp.example.com'", 'EMAIL_PORT = 587', 'EMAIL_USE_TLS = True', "EMAIL_HOST_USER = 'u'", "EMAIL_HOST_PASSWORD = os.environ['P']", 'if LEGACY:', '    EMAIL_PORT = 465');
    assert.deepEqual(profiles(text).map((p) => p.port?.value), [465, 587]);
    assert.deepEqual(found(text), ['3 tls-port-mismatch']);
  });

  test('commented-out settings never count', () => {
    assert.deepEqual(found(py("EMAIL_HOST = 'smtp.example.com'", 'EMAIL_PORT = 587', 'EMAIL_USE_TLS = True', "EMAIL_HOST_USER = 'u'", "EMAIL_HOST_PASSWORD = os.environ['P']", '# EMAIL_PORT = 25', '# EMAIL_USE_TLS = False')), []);
  });

  test('look-alikes: database and broker TLS switches are not mail settings', () => {
    const text = py("DATABASES = {'default': {'OPTIONS': {'ssl': {'ca': '/x.pem'}, 'ssl_mode': 'DISABLED'}}}", 'CELERY_BROKER_USE_SSL = False', 'LDAP_START_TLS = False');
    const r = lint(text);
    assert.ok(r.skipped);
    assert.deepEqual(r.findings, []);
  });

  test('the same key twice on the same path: the last wins, the first is reported and removed by the fix', () => {
    const text = py("EMAIL_HOST = 'smtp.example.com'", 'EMAIL_PORT = 25', 'EMAIL_USE_TLS = True', "EMAIL_HOST_USER = 'u'", "EMAIL_HOST_PASSWORD = os.environ['P']", 'EMAIL_PORT = 587');
    const [dup] = only(text, 'duplicate-setting');
    assert.equal(lint(text).index.positionAt(dup.span.start).line, 1);
    assert.equal(applyEdits(text, dup.fixes[0].edits), py("EMAIL_HOST = 'smtp.example.com'", 'EMAIL_USE_TLS = True', "EMAIL_HOST_USER = 'u'", "EMAIL_HOST_PASSWORD = os.environ['P']", 'EMAIL_PORT = 587'));
    // EMAIL_PORT = int(EMAIL_PORT) builds on the earlier value: not a duplicate.
    assert.deepEqual(only(py("EMAIL_HOST = 'x.example'", "EMAIL_PORT = '587'", 'EMAIL_PORT = int(EMAIL_PORT)'), 'duplicate-setting'), []);
  });

  test('auth: both user and password must be non-empty; an empty environment default is not judged', () => {
    const host = "EMAIL_HOST = 'smtp.example.com'";
    assert.equal(profiles(py(host, "EMAIL_HOST_USER = ''", "EMAIL_HOST_PASSWORD = 'x'"))[0].auth?.value, false);
    assert.equal(profiles(py(host, "EMAIL_HOST_USER = 'me'"))[0].auth?.value, false);
    assert.equal(profiles(py(host, "EMAIL_HOST_USER = 'me'", "EMAIL_HOST_PASSWORD = os.environ.get('P', '')"))[0].auth, undefined);
    assert.equal(profiles(py(host, "EMAIL_HOST_USER = os.getenv('U', '')", "EMAIL_HOST_PASSWORD = os.getenv('P', '')"))[0].auth, undefined);
  });
});

describe('environment lookups', () => {
  const head = ["EMAIL_HOST = 'smtp.example.com'", "EMAIL_HOST_USER = 'u'", "EMAIL_HOST_PASSWORD = os.environ['P']"];

  test('os.getenv, os.environ.get, `or` defaults and int() casts read the default', () => {
    for (const expr of ["int(os.getenv('EMAIL_PORT', 25))", "int(os.environ.get('EMAIL_PORT', '25'))", "int(os.environ.get('EMAIL_PORT') or 25)", "os.getenv('EMAIL_PORT', 25)"]) {
      const [p] = profiles(py('import os', ...head, `EMAIL_PORT = ${expr}`, 'EMAIL_USE_TLS = True'));
      assert.deepEqual([p.port?.value, p.port?.origin], [25, 'fallback'], expr);
    }
  });

  test('a lookup without default is unknown: no port finding; the fix adds a default', () => {
    const text = py(...head, "EMAIL_PORT = env.int('EMAIL_PORT')", 'EMAIL_USE_TLS = False');
    assert.equal(profiles(text)[0].port, undefined);
    assert.deepEqual(found(text).map((f) => f.split(' ')[1]), ['missing-tls']);
    assert.match(fixAll(text, { path: PATH }).text, /EMAIL_PORT = env\.int\('EMAIL_PORT', default=587\)\nEMAIL_USE_TLS = True/);
  });

  test('os.environ[...] can be neither judged nor given a default', () => {
    const text = py('import os', ...head, "EMAIL_PORT = int(os.environ['EMAIL_PORT'])", 'EMAIL_USE_TLS = False');
    assert.equal(profiles(text)[0].port, undefined);
    assert.match(fixAll(text, { path: PATH }).text, /EMAIL_PORT = int\(os\.environ\['EMAIL_PORT'\]\)\nEMAIL_USE_TLS = True/);
  });

  test('django-environ: env(), env.int(), env.bool() defaults and Env(...) schema defaults', () => {
    const text = py('import environ', 'env = environ.Env(EMAIL_PORT=(int, 25))', "EMAIL_HOST = env('EMAIL_HOST', default='smtp.example.com')", "EMAIL_PORT = env('EMAIL_PORT')", "EMAIL_USE_TLS = env.bool('EMAIL_USE_TLS', default=True)");
    const [p] = profiles(text);
    assert.deepEqual([p.host?.value, p.port?.value, p.port?.origin, p.tls.value], ['smtp.example.com', 25, 'fallback', 'starttls']);
    assert.match(fixAll(text, { path: PATH }).text, /env = environ\.Env\(EMAIL_PORT=\(int, 587\)\)/);
  });

  test('python-decouple: cast=bool parses the default word; the fix keeps the word style', () => {
    const text = py('from decouple import config', "EMAIL_HOST = config('EMAIL_HOST', default='smtp.example.com')", "EMAIL_PORT = config('EMAIL_PORT', default=587, cast=int)", "EMAIL_USE_TLS = config('EMAIL_USE_TLS', default='False', cast=bool)");
    assert.equal(profiles(text)[0].tls.value, 'none');
    assert.match(fixAll(text, { path: PATH }).text, /config\('EMAIL_USE_TLS', default='True', cast=bool\)/);
  });

  test('comparisons on a defaulted lookup are judged on the default and fixed there', () => {
    const text = py('import os', ...head, 'EMAIL_PORT = 587', "EMAIL_USE_TLS = os.getenv('EMAIL_USE_TLS', 'false').lower() == 'true'");
    const [p] = profiles(text);
    assert.deepEqual([p.tls.value, p.tls.origin], ['none', 'fallback']);
    assert.match(fixAll(text, { path: PATH }).text, /os\.getenv\('EMAIL_USE_TLS', 'true'\)\.lower\(\) == 'true'/);
  });

  test('a flag only the runtime knows makes the TLS mode a guess: no TLS findings', () => {
    const text = py('import os', ...head, 'EMAIL_PORT = 587', "EMAIL_USE_TLS = os.environ.get('EMAIL_USE_TLS') is not None");
    assert.equal(profiles(text)[0].tlsGuessed, true);
    assert.deepEqual(found(text), []);
  });
});

describe('email URLs', () => {
  test('django-environ: smtps and smtp+tls mean STARTTLS, smtp+ssl implicit TLS', () => {
    const url = (u: string) => py('env = environ.Env()', `EMAIL_CONFIG = env.email_url('EMAIL_URL', default='${u}')`, 'vars().update(EMAIL_CONFIG)');
    assert.equal(profiles(url('smtps://u:p@smtp.example.com:587'))[0].tls.value, 'starttls');
    assert.deepEqual(found(url('smtps://u:p@smtp.example.com:587')), []);
    assert.deepEqual(found(url('smtps://u:p@smtp.example.com:465')), ['2 tls-port-mismatch']);
    assert.deepEqual(found(url('smtp+ssl://u:p@smtp.example.com:465')), []);
    assert.deepEqual(found(url('consolemail://')), []);
    const [p] = profiles(url('smtp+tls://u:p@smtp.example.com'));
    assert.deepEqual([p.port?.value, p.port?.origin], [25, 'implied']);
  });

  test('the URL default is a fallback and its password is a secret', () => {
    const text = py('env = environ.Env()', "EMAIL_CONFIG = env.email_url('EMAIL_URL', default='smtp://mailer:Zq9-rT4-wW2@smtp.example.com:25')");
    const r = lint(text);
    assert.ok(r.parsed?.secrets.includes('Zq9-rT4-wW2'));
    assert.equal(r.parsed?.profiles[0].port?.origin, 'fallback');
    for (const f of r.findings) assert.ok(!f.message.includes('Zq9-rT4-wW2'));
  });
});

describe('Flask-Mail, Flask-Mailman and fastapi-mail', () => {
  test('app.config subscripts: the fix inserts in the same shape and quotes', () => {
    const text = py('app = Flask(__name__)', 'app.config["MAIL_SERVER"] = "smtp.mailgun.org"', 'app.config["MAIL_PORT"] = 25', 'app.config["MAIL_USERNAME"] = "postmaster@mg.example.com"', 'app.config["MAIL_PASSWORD"] = os.environ["P"]');
    assert.equal(profiles(text)[0].ecosystem, 'flask-mail');
    const out = fixAll(text, { path: '/app/app.py' }).text;
    assert.match(out, /app\.config\["MAIL_PORT"\] = 587\napp\.config\["MAIL_USE_TLS"\] = True\n/);
    assert.equal(pythonError(out), undefined);
  });

  test('MAIL_SUPPRESS_SEND and non-SMTP MAIL_BACKEND make Flask settings inactive', () => {
    assert.equal(profiles(py("MAIL_SERVER = 'smtp.example.com'", 'MAIL_SUPPRESS_SEND = True'), '/app/config.py')[0].active, false);
    assert.equal(profiles(py("MAIL_SERVER = 'smtp.example.com'", "MAIL_BACKEND = 'console'"), '/app/config.py')[0].active, false);
  });

  test('config classes inherit from classes in the file; subclasses can override', () => {
    const text = py('class Config:', "    MAIL_SERVER = 'smtp.example.com'", '    MAIL_PORT = 25', "    MAIL_USERNAME = 'u'", "    MAIL_PASSWORD = os.environ['P']", '', '', 'class Production(Config):', '    MAIL_PORT = 587', '    MAIL_USE_TLS = True');
    const ps = profiles(text, '/app/config.py');
    assert.deepEqual(ps.map((p) => [p.label, p.port?.value, p.tls.value]), [
      ['Flask-Mail MAIL_* settings (class Config)', 25, 'none'],
      ['Flask-Mail MAIL_* settings (class Production)', 587, 'starttls'],
    ]);
    // Inserting into the class body keeps its indentation.
    assert.match(fixAll(text, { path: '/app/config.py' }).text, /^ {4}MAIL_PORT = 587\n {4}MAIL_USE_TLS = True\n/m);
  });

  test('pydantic BaseSettings: class values are only defaults of the environment variables', () => {
    const [p] = profiles(py('class Settings(BaseSettings):', "    MAIL_SERVER: str = 'smtp.example.com'", '    MAIL_PORT: int = 25', '    MAIL_USE_TLS: bool = False'), '/app/settings.py');
    assert.deepEqual([p.port?.value, p.port?.origin], [25, 'fallback']);
    assert.match(p.port?.reference ?? '', /MAIL_PORT environment variable/);
  });

  test('fastapi-mail: MAIL_STARTTLS / MAIL_SSL_TLS, VALIDATE_CERTS and USE_CREDENTIALS', () => {
    const conf = (port: number, starttls: string, ssl: string, extra = '') =>
      py(`conf = ConnectionConfig(MAIL_USERNAME='u', MAIL_PASSWORD=s.P, MAIL_FROM='a@b.c', MAIL_PORT=${port}, MAIL_SERVER='smtp.example.com', MAIL_STARTTLS=${starttls}, MAIL_SSL_TLS=${ssl}${extra})`);
    assert.deepEqual(found(conf(587, 'True', 'False')), []);
    assert.deepEqual(found(conf(465, 'False', 'True')), []);
    assert.deepEqual(found(conf(587, 'False', 'False')).map((f) => f.split(' ')[1]), ['missing-tls']);
    assert.deepEqual(found(conf(587, 'True', 'False', ', USE_CREDENTIALS=False')).map((f) => f.split(' ')[1]), ['auth-disabled']);
    const verify = conf(587, 'True', 'False', ', VALIDATE_CERTS=False');
    const [f] = only(verify, 'tls-verify-disabled');
    assert.ok(f);
    assert.match(applyEdits(verify, f.fixes[0].edits), /VALIDATE_CERTS=True\)/);
  });
});

describe('custom email backends', () => {
  test('CERT_NONE, check_hostname = False and _create_unverified_context are reported and flipped back', () => {
    const text = py(
      'import ssl',
      'from django.core.mail.backends.smtp import EmailBackend',
      'class Relay(EmailBackend):',
      '    def open(self):',
      '        self.ssl_context = ssl._create_unverified_context()',
      '        self.ssl_context.check_hostname = False',
      '        self.ssl_context.verify_mode = ssl.CERT_NONE',
      '        return super().open()',
    );
    const fs = only(text, 'tls-verify-disabled', '/proj/app/backends.py');
    assert.equal(fs.length, 3);
    const out = fixAll(text, { path: '/proj/app/backends.py' }).text;
    assert.match(out, /ssl\.create_default_context\(\)/);
    assert.match(out, /check_hostname = True/);
    assert.match(out, /verify_mode = ssl\.CERT_REQUIRED/);
  });

  test('the same switches outside an email backend are not mail settings', () => {
    const text = py('import ssl', 'EMAIL_HOST = "localhost"', 'class Client(HTTPAdapter):', '    def init(self):', '        ctx = ssl.create_default_context()', '        ctx.verify_mode = ssl.CERT_NONE');
    assert.deepEqual(found(text), []);
  });
});

describe('fixes', () => {
  test('inserted settings go right after the port, with the statement indentation, inside the branch', () => {
    const text = py('if not DEBUG:', "    EMAIL_HOST = 'smtp.example.com'", '    EMAIL_PORT = 25  # relay', "    EMAIL_HOST_USER = 'u'", "    EMAIL_HOST_PASSWORD = os.environ['P']");
    assert.equal(fixAll(text, { path: PATH }).text, py('if not DEBUG:', "    EMAIL_HOST = 'smtp.example.com'", '    EMAIL_PORT = 587  # relay', '    EMAIL_USE_TLS = True', "    EMAIL_HOST_USER = 'u'", "    EMAIL_HOST_PASSWORD = os.environ['P']"));
  });

  test('the implicit-TLS alternative sets 465, EMAIL_USE_SSL = True and turns EMAIL_USE_TLS off', () => {
    const text = py("EMAIL_HOST = 'smtp.example.com'", 'EMAIL_PORT = 25', 'EMAIL_USE_TLS = True', "EMAIL_HOST_USER = 'u'", "EMAIL_HOST_PASSWORD = os.environ['P']");
    const alt = only(text, 'port-25')[0].fixes.find((f) => !f.preferred)!;
    assert.equal(applyEdits(text, alt.edits), py("EMAIL_HOST = 'smtp.example.com'", 'EMAIL_PORT = 465', 'EMAIL_USE_SSL = True', 'EMAIL_USE_TLS = False', "EMAIL_HOST_USER = 'u'", "EMAIL_HOST_PASSWORD = os.environ['P']"));
  });

  test('a one-line `if x: KEY = v` and `A = 1; B = 2` get `; KEY = v` on the same line', () => {
    const text = py("EMAIL_HOST = 'smtp.example.com'; EMAIL_PORT = 25", "EMAIL_HOST_USER = 'u'", "EMAIL_HOST_PASSWORD = os.environ['P']");
    const out = fixAll(text, { path: PATH }).text;
    assert.equal(out.split('\n')[0], "EMAIL_HOST = 'smtp.example.com'; EMAIL_PORT = 587; EMAIL_USE_TLS = True");
    assert.equal(pythonError(out), undefined);
  });

  test('keyword arguments on one line get an inline keyword; multi-line ones a new line with a trailing comma', () => {
    const inline = py("app.config.update(MAIL_SERVER='smtp.example.com', MAIL_PORT=25, MAIL_USERNAME='u', MAIL_PASSWORD=p)");
    assert.match(fixAll(inline, { path: '/a/app.py' }).text, /MAIL_PORT=587, MAIL_USE_TLS=True, MAIL_USERNAME/);
    const dict = py("app.config.update({", "    'MAIL_SERVER': 'smtp.example.com',", "    'MAIL_PORT': 25,", "    'MAIL_USERNAME': 'u',", "    'MAIL_PASSWORD': p", '})');
    assert.match(fixAll(dict, { path: '/a/app.py' }).text, /'MAIL_PORT': 587,\n {4}'MAIL_USE_TLS': True,\n/);
  });

  test('every offered fix of every fixture compiles', { skip: !PYTHON && 'python3 is not installed' }, () => {
    const files = ['settings.py', 'local_settings.py', 'settings_email_url.py', 'config.py', 'myapp/__init__.py', 'myapp/email.py', 'myapp/backends.py', 'settings/production.py'];
    let checked = 0;
    for (const f of files) {
      const path = join(ROOT, 'test', 'fixtures', 'python', f);
      checked += assertAllFixesCompile(readFileSync(path, 'utf8'), path);
    }
    assert.ok(checked >= 10, `only ${checked} fixes were checked`);
  });
});

describe('robustness', () => {
  test('file detection: any .py, but not installed packages; the sniff skips files without mail keys', () => {
    assert.ok(pythonFormat.matchesPath('/p/mysite/settings/production.py'));
    assert.ok(pythonFormat.matchesPath('C:\\p\\app\\config.py'));
    assert.ok(!pythonFormat.matchesPath('/p/.venv/lib/python3.12/site-packages/django/conf/global_settings.py'));
    assert.ok(!pythonFormat.matchesPath('/p/settings.pyc'));
    assert.ok(!pythonFormat.sniff!('import os\nDEBUG = True\n'));
    assert.ok(pythonFormat.sniff!('EMAIL_HOST = "x"'));
  });

  test('half-typed settings never throw and still give what they can', () => {
    const text = py("EMAIL_HOST = 'smtp.example.com'", 'EMAIL_PORT = 25', 'EMAIL_USE_TLS = ', 'def broken(:', "    EMAIL_PORT = env('X'");
    const r = lint(text);
    assert.equal(r.skipped, undefined);
    assert.ok(r.findings.some((f) => f.ruleId === 'port-25'));
  });

  test('any prefix of a real settings file parses without throwing', () => {
    const full = readFileSync(join(ROOT, 'test', 'fixtures', 'python', 'local_settings.py'), 'utf8') + readFileSync(join(ROOT, 'test', 'fixtures', 'python', 'myapp', 'email.py'), 'utf8');
    fc.assert(
      fc.property(fc.nat(full.length), fc.string({ maxLength: 8 }), (cut, junk) => {
        const r = lint(full.slice(0, cut) + junk);
        assert.ok(!r.skipped?.startsWith('could not parse'), r.skipped);
      }),
      { numRuns: 150 },
    );
  });

  test('stays linear on large files: 20,000 conditional settings in well under 8 s', () => {
    const text = Array.from({ length: 20000 }, (_, i) => `if X_${i}:\n    EMAIL_PORT = ${i % 60000}\n`).join('') + "EMAIL_HOST = 'smtp.example.com'\n";
    const t0 = Date.now();
    lint(text);
    assert.ok(Date.now() - t0 < 8000, `took ${Date.now() - t0} ms`);
  });

  test('secrets never reach a message', () => {
    const text = py("EMAIL_HOST = 'smtp.example.com'", 'EMAIL_PORT = 25', "EMAIL_HOST_USER = 'me@example.com'", "EMAIL_HOST_PASSWORD = 'Vx8#qL2-pZ7w'", "SECRET_KEY = 'k3y-Zz9-abcdef'");
    const r = lint(text);
    assert.ok(r.parsed!.secrets.includes('Vx8#qL2-pZ7w'));
    assert.ok(r.parsed!.secrets.includes('k3y-Zz9-abcdef'));
    assert.ok(r.findings.some((f) => f.ruleId === 'plaintext-password'));
    for (const f of r.findings) assert.ok(!f.message.includes('Vx8#qL2-pZ7w'), f.message);
  });

  test('the same findings with LF, CRLF and lone CR line endings; fixes keep the file\'s line ending', () => {
    const lf = readFileSync(join(ROOT, 'test', 'fixtures', 'python', 'config.py'), 'utf8');
    const lines = (t: string) => {
      const r = lint(t, PATH);
      return r.findings.map((f) => `${r.index.positionAt(f.span.start).line} ${f.ruleId}`).sort();
    };
    assert.ok(lines(lf).length > 0);
    for (const eol of ['\r\n', '\r']) {
      const text = lf.replace(/\n/g, eol);
      assert.deepEqual(lines(text), lines(lf), JSON.stringify(eol));
      const fixed = fixAll(text, { path: PATH }).text;
      assert.equal(fixed.replace(/\r\n?/g, ''), fixed.replace(/\r\n?|\n/g, ''), 'a fix wrote a different line ending');
    }
  });
});

describe('half-typed code', () => {
  test('a 100 KB run of stray operators is given up on in bounded time, with a reason; real code never is', () => {
    const text = `EMAIL_HOST = 'smtp.example.com'\nEMAIL_PORT = 25\nX = env${'}'.repeat(100_000)}('SMTP_HOST')\n`;
    const before = process.cpuUsage();
    const r = lint(text);
    const d = process.cpuUsage(before);
    assert.ok((d.user + d.system) / 1000 < 2000, `${(d.user + d.system) / 1000} ms`);
    assert.match(r.skipped ?? '', /parser gave up on broken code near line 3/);

    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.py') ? [join(dir, e.name)] : []));
    const stdlib = ['/usr/lib/python3.11/email', '/usr/lib/python3.11/logging', '/usr/lib/python3.11/json'].filter((d) => existsSync(d));
    const sources = [...files(join(ROOT, 'test', 'fixtures', 'python')), ...stdlib.flatMap(files)];
    assert.ok(sources.length > 10);
    for (const p of sources) assert.doesNotThrow(() => parseWithBudget(readFileSync(p, 'utf8'), (input) => parser.parse(input)), p);
  });

  test('brackets nested thousands deep are refused with a reason (fuzz seed 3, case 64172); real nesting is read', () => {
    // ~3,300 open brackets, an error token, more brackets: @lezer/python built a tree whose walk threw
    // ("Cannot read properties of undefined (reading 'isAnonymous')"), so the file could not be parsed at all.
    const hostile = `EMAIL_HOST = 'smtp.example.com'\nEMAIL_PORT = 25\nEMAIL_HO${'('.repeat(3347)}\`$}jX_<"G&${'('.repeat(1000)}ST_PASSWORD = env("K")\n`;
    const r = lint(hostile);
    assert.match(r.skipped ?? '', /^Python not linted: brackets nested more than 1000 deep/);
    assert.deepEqual(r.findings, []);
    // Python allows 200 nested brackets: that deep still parses and is judged; a long `# ----` ruler is no nesting.
    const deep = `# ${'-'.repeat(3000)}\nEMAIL_HOST = 'smtp.example.com'\nEMAIL_PORT = ${'('.repeat(200)}25${')'.repeat(200)}\n`;
    assert.ok(found(deep).includes('3 port-25'), found(deep).join());
    assert.deepEqual(found(deep), found(`# -\nEMAIL_HOST = 'smtp.example.com'\nEMAIL_PORT = 25\n`));
  });

  test('a file with syntax errors is judged but not fixed (each pass would insert again)', () => {
    const broken = "EMAIL_HOST = config('EMAIL_HOST', default='smtp.zoho.eu')\nEMAIL_PORT = config('EMAIL_";
    const r = lint(broken);
    assert.ok(r.findings.length > 0, 'the recovered settings are still judged');
    assert.deepEqual(r.findings.flatMap((f) => f.fixes), []);
    assert.equal(fixAll(broken, { path: PATH }).text, broken);
    // Typed out, the same file gets the same findings, with fixes.
    const typed = "EMAIL_HOST = config('EMAIL_HOST', default='smtp.zoho.eu')\nEMAIL_PORT = config('EMAIL_PORT')\n";
    assert.deepEqual(
      lint(typed).findings.map((f) => f.ruleId),
      r.findings.map((f) => f.ruleId),
    );
    assert.ok(lint(typed).findings.some((f) => f.fixes.length > 0));
  });

  test('only the broken statement loses its fixes: valid code the grammar does not know keeps them elsewhere', () => {
    const settings = "EMAIL_HOST = 'smtp.example.com'\nEMAIL_PORT = 25\n";
    // Lezer's Python grammar marks a bare `yield` and a float with a trailing dot as errors; Python accepts both.
    for (const tail of ['EMAIL_TIMEOUT = 20.\n', '\n\ndef messages():\n    yield\n']) {
      const text = settings + tail;
      if (PYTHON) assert.equal(pythonError(text), undefined, tail);
      const fixed = fixAll(text, { path: PATH }).text;
      assert.notEqual(fixed, text, `${JSON.stringify(tail)}: no fix applied`);
      assert.equal(fixAll(fixed, { path: PATH }).text, fixed);
    }
    // An unclosed call swallows the lines after it: its statement is not edited.
    const unclosed = "EMAIL_HOST = 'smtp.example.com'\nEMAIL_PORT = int(env('PORT', 25)\n";
    assert.ok(lint(unclosed).findings.some((f) => f.ruleId === 'missing-tls'));
    assert.deepEqual(lint(unclosed).findings.flatMap((f) => f.fixes), []);
    assert.ok(lint(`${unclosed.trimEnd()})\n`).findings.some((f) => f.ruleId === 'missing-tls' && f.fixes.length > 0));
  });

  test('an unterminated string in a CRLF file: no span ends between the \\r and the \\n', () => {
    const text = "SERVER_EMAIL = 'root@localhost'\r\nEMAIL_HOST = 'localhEMAIL_PORT = 25\r\n";
    const r = lint(text);
    const spans = [...r.findings.flatMap((f) => [f.span, ...f.related.map((x) => x.span)]), ...r.parsed!.symbols.flatMap((s) => [s.keySpan, s.valueSpan])];
    assert.ok(r.findings.length > 0);
    for (const s of spans) {
      if (!s) continue;
      for (const at of [s.start, s.end]) assert.ok(!(text[at - 1] === '\r' && text[at] === '\n'), `${s.start}-${s.end} splits a line break`);
    }
    const host = r.parsed!.symbols.find((s) => s.key === 'EMAIL_HOST')!;
    assert.equal(text.slice(host.valueSpan!.start, host.valueSpan!.end), "'localhEMAIL_PORT = 25");
    // The same file with LF: the same findings at the same places.
    const lf = lint(text.replace(/\r\n/g, '\n'));
    assert.deepEqual(
      lf.findings.map((f) => `${lf.index.positionAt(f.span.start).line}:${lf.index.positionAt(f.span.end).line} ${f.ruleId}`),
      r.findings.map((f) => `${r.index.positionAt(f.span.start).line}:${r.index.positionAt(f.span.end).line} ${f.ruleId}`),
    );
  });
});

describe('docs/formats/python-ruby-javascript.md', () => {
  test('every python example gives exactly the findings it names', () => {
    const page = readFileSync(join(ROOT, 'docs', 'formats', 'python-ruby-javascript.md'), 'utf8');
    const re = /<!--\s*example:\s*(\S+\.(?:py))\s+expects\s+([^>]*?)\s*-->\s*\n```[^\n]*\n([\s\S]*?)\n```/g;
    let count = 0;
    for (const m of page.matchAll(re)) {
      const expects = m[2].trim() === 'nothing' ? [] : m[2].split(/[\s,]+/).filter(Boolean).sort();
      const r = lintText(`${m[3]}\n`, { path: `/docs-example/${m[1]}` });
      assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), expects, `${m[1]}:\n${m[3]}`);
      count++;
    }
    assert.ok(count >= 2, `only ${count} examples`);
  });
});
