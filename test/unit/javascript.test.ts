// The JavaScript/TypeScript format: Nodemailer createTransport() options and URLs, with Nodemailer's own rules
// (secure + 465 auto, requireTLS, ignoreTLS, defaults), environment defaults, same-file consts and spreads,
// certificate switches, and fixes that keep the file's style and stay valid (node --check for JS, the Lezer TS
// grammar for TypeScript).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { parser } from '@lezer/javascript';
import { applyEdits, fixAll, lintText, type LintResult, type MailProfile } from '../../server/src/engine';
import { dialectFor, javascriptFormat } from '../../server/src/engine/formats/javascript';
import { deepNesting, parseWithBudget } from '../../server/src/engine/formats/lezer-budget';
import { lintHelpersFor } from './lint-helpers';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'javascript');
const JS = '/app/src/mailer.js';
const TS = '/app/src/mailer.ts';

const { lint, rules, found, only } = lintHelpersFor(JS);

function profile(text: string, path = JS): MailProfile {
  return lint(text, path).parsed!.profiles[0];
}

/** createTransport({ <props> }) in a CommonJS module, one property per line. */
const transport = (...props: string[]) =>
  `const nodemailer = require('nodemailer');\n\nmodule.exports = nodemailer.createTransport({\n${props.map((p) => `  ${p},\n`).join('')}});\n`;

const AUTH = 'auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS }';
const HOST = "host: 'smtp.example.com'";

function jsError(text: string, ext = '.cjs'): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-js-'));
  const file = join(dir, `x${ext}`);
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
  return r.status === 0 ? undefined : r.stderr;
}

/** Error nodes of the Lezer grammar for the file's dialect (TypeScript for .ts). */
function grammarErrors(text: string, path: string): number {
  const dialect = dialectFor(path);
  const tree = (dialect ? parser.configure({ dialect }) : parser).parse(text);
  let errors = 0;
  tree.iterate({ enter: (n) => void (n.type.isError && errors++) });
  return errors;
}

describe('Nodemailer semantics', () => {
  test('secure not written + 465 is implicit TLS by itself: nothing to report', () => {
    const p = profile(transport(HOST, 'port: 465', AUTH));
    assert.deepEqual([p.tls.value, p.tlsFromPort], ['implicit', true]);
    assert.deepEqual(rules(transport(HOST, 'port: 465', AUTH)), []);
  });

  test('secure: false on 465 hangs; secure: true on 587 fails the handshake', () => {
    assert.deepEqual(found(transport(HOST, 'port: 465', 'secure: false', AUTH)), ['6 tls-port-mismatch']);
    assert.deepEqual(found(transport(HOST, 'port: 587', 'secure: true', AUTH)), ['6 tls-port-mismatch']);
  });

  test("JavaScript truthiness: secure: 'false' is true (implicit TLS)", () => {
    assert.equal(profile(transport(HOST, 'port: 587', "secure: 'false'", AUTH)).tls.value, 'implicit');
  });

  test('port defaults to 587, or 465 with secure: true', () => {
    assert.deepEqual([profile(transport(HOST, AUTH)).port?.value, profile(transport(HOST, AUTH)).port?.origin], [587, 'default']);
    assert.equal(profile(transport(HOST, 'secure: true', AUTH)).port?.value, 465);
  });

  test('requireTLS requires STARTTLS; without it STARTTLS is only opportunistic; ignoreTLS is plaintext', () => {
    assert.deepEqual(rules(transport(HOST, 'port: 587', 'requireTLS: true', AUTH)), []);
    assert.deepEqual(rules(transport(HOST, 'port: 587', AUTH)), ['tls-not-enforced']);
    assert.deepEqual(rules(transport(HOST, 'port: 587', 'ignoreTLS: true', AUTH)), ['missing-tls']);
    // opportunisticTLS only matters when the upgrade fails: still not enforced.
    assert.deepEqual(rules(transport(HOST, 'port: 587', 'opportunisticTLS: true', AUTH)), ['tls-not-enforced']);
  });

  test('service: host, port and TLS come from Nodemailer; certificate and password findings still apply', () => {
    const text = transport("service: 'gmail'", "auth: { user: 'me@gmail.com', pass: 'abcd efgh ijkl mnop' }", 'tls: { rejectUnauthorized: false }');
    const p = profile(text);
    assert.equal(p.port, undefined);
    assert.equal(p.tlsGuessed, true);
    assert.deepEqual(rules(text), ['plaintext-password', 'tls-verify-disabled']);
    assert.equal(p.edit.setTransport?.(587, 'starttls'), undefined);
  });

  test('no auth: Nodemailer sends without logging in, which a remote relay rejects; a local one is fine', () => {
    assert.deepEqual(rules(transport("host: 'smtp.sendgrid.net'", 'port: 587', 'requireTLS: true')), ['auth-disabled']);
    assert.deepEqual(rules(transport("host: 'localhost'", 'port: 25')), []);
    assert.deepEqual(rules(transport("host: 'smtp-relay.gmail.com'", 'port: 587', 'requireTLS: true')), []);
  });

  test('not SMTP: sendmail, stream, JSON and SES transports are inactive', () => {
    for (const t of ['sendmail: true', 'streamTransport: true', 'jsonTransport: true', 'SES: { ses, aws }']) {
      const p = profile(transport(t, "host: 'smtp.example.com'", 'port: 25'));
      assert.equal(p.active, false, t);
    }
  });
});

describe('values', () => {
  test('environment defaults: ??, ||, Number(), parseInt() || and consts of the file', () => {
    for (const expr of ['process.env.SMTP_PORT ?? 25', 'process.env.SMTP_PORT || 25', 'Number(process.env.SMTP_PORT ?? 25)', 'parseInt(process.env.SMTP_PORT, 10) || 25', "+(process.env['SMTP_PORT'] ?? 25)"]) {
      const p = profile(transport(HOST, `port: ${expr}`, 'requireTLS: true', AUTH));
      assert.deepEqual([p.port?.value, p.port?.origin], [25, 'fallback'], expr);
    }
    const viaConst = `const PORT = 25;\n${transport(HOST, 'port: PORT', 'requireTLS: true', AUTH)}`;
    assert.deepEqual([profile(viaConst).port?.value, profile(viaConst).port?.origin], [25, 'literal']);
  });

  test('a value only the runtime knows: no finding about it', () => {
    const text = transport(HOST, 'port: process.env.SMTP_PORT', "secure: process.env.SMTP_SECURE === 'true'", AUTH);
    assert.equal(profile(text).port, undefined);
    assert.equal(profile(text).tlsGuessed, true);
    assert.deepEqual(rules(text), []);
  });

  test('TypeScript wrappers (as, !, satisfies) are seen through', () => {
    const text = `import nodemailer from 'nodemailer';\nconst opts = { host: process.env.SMTP_HOST!, port: (process.env.SMTP_PORT ?? 25) as unknown as number, auth: { user: 'u', pass: process.env.P as string } } satisfies object;\nexport default nodemailer.createTransport(opts);\n`;
    assert.equal(profile(text, TS).port?.value, 25);
  });

  test('options from a const and spreads of consts; an unknown spread means no defaults', () => {
    const text = `const nodemailer = require('nodemailer');\nconst base = { host: 'smtp.example.com', port: 25 };\nconst opts = { ...base, requireTLS: true, ${AUTH} };\nmodule.exports = nodemailer.createTransport(opts);\n`;
    assert.deepEqual(found(text), ['2 port-25']);
    const open = `const nodemailer = require('nodemailer');\nmodule.exports = nodemailer.createTransport({ ...config.smtp, host: 'smtp.example.com' });\n`;
    const p = profile(open);
    assert.equal(p.port, undefined);
    assert.equal(p.auth, undefined);
    assert.deepEqual(rules(open), []);
  });
});

describe('frameworks that hand options to Nodemailer', () => {
  test('NestJS MailerModule: transport objects (also from useFactory) and URLs; ConfigService defaults', () => {
    const text = `@Module({ imports: [MailerModule.forRootAsync({ useFactory: (config: ConfigService) => ({ transport: { host: config.get<string>('H', 'smtp.example.com'), port: config.get<number>('P', 25), ${AUTH} } }) })] })\nexport class M {}\n`;
    const p = profile(text, '/app/src/app.module.ts');
    assert.deepEqual([p.label, p.host?.value, p.port?.value, p.port?.origin], ['Nodemailer transport (NestJS MailerModule)', 'smtp.example.com', 25, 'fallback']);
    const url = "MailerModule.forRoot({ transport: 'smtp://u:p@smtp.example.com:465' });\n";
    assert.deepEqual(rules(url, '/app/src/app.module.ts'), ['tls-port-mismatch']);
  });

  test("Strapi: provider 'nodemailer' with providerOptions; env() / env.int() defaults; other providers are ignored", () => {
    const text = `module.exports = ({ env }) => ({ email: { config: { provider: 'nodemailer', providerOptions: { host: env('SMTP_HOST', 'smtp.example.com'), port: env.int('SMTP_PORT', 25), ${AUTH} } } }, upload: { config: { provider: 'aws-s3', providerOptions: { port: 25 } } } });\n`;
    const ps = lint(text, '/app/config/plugins.js').parsed!.profiles;
    assert.equal(ps.length, 1);
    assert.deepEqual([ps[0].port?.value, ps[0].port?.reference], [25, "env.int('SMTP_PORT')"]);
  });

  test('Payload nodemailerAdapter transportOptions and the old smtpTransport() wrapper', () => {
    const payload = `export default buildConfig({ email: nodemailerAdapter({ transportOptions: { host: 'smtp.example.com', port: 587, secure: true, ${AUTH} } }) });\n`;
    assert.deepEqual(rules(payload, '/app/payload.config.ts'), ['tls-port-mismatch']);
    const wrapped = `const smtpTransport = require('nodemailer-smtp-transport');\nmodule.exports = nodemailer.createTransport(smtpTransport({ host: 'smtp.example.com', port: 465, secure: false, ${AUTH} }));\n`;
    assert.deepEqual(rules(wrapped), ['tls-port-mismatch']);
  });
});

describe('connection URLs', () => {
  const url = (u: string) => `const nodemailer = require('nodemailer');\nmodule.exports = nodemailer.createTransport('${u}');\n`;

  test('smtp: writes secure: false, so smtp://…:465 hangs; smtps: without a port is 465', () => {
    assert.deepEqual(rules(url('smtp://u:p@smtp.example.com:465')), ['tls-port-mismatch']);
    assert.deepEqual([profile(url('smtps://u:p@smtp.example.com')).port?.value, profile(url('smtps://u:p@smtp.example.com')).tls.value], [465, 'implicit']);
    assert.deepEqual(rules(url('smtps://u:p@smtp.example.com')), []);
  });

  test('query options: requireTLS=true, ignoreTLS=true and tls.rejectUnauthorized=false', () => {
    assert.deepEqual(rules(url('smtp://u:p@smtp.example.com:587?requireTLS=true')), []);
    assert.deepEqual(rules(url('smtp://u:p@smtp.example.com:587?ignoreTLS=true')), ['missing-tls']);
    const text = url('smtp://u:p@smtp.example.com:587?requireTLS=true&tls.rejectUnauthorized=false');
    const [f] = only(text, 'tls-verify-disabled');
    assert.equal(applyEdits(text, f.fixes[0].edits), url('smtp://u:p@smtp.example.com:587?requireTLS=true'));
  });

  test('the URL password is a secret and never reaches a message', () => {
    const r = lint(url('smtp://mailer:Wq7-zX2-pL9@smtp.example.com:25'));
    assert.ok(r.parsed!.secrets.includes('Wq7-zX2-pL9'));
    assert.ok(r.findings.some((f) => f.ruleId === 'plaintext-password'));
    for (const f of r.findings) assert.ok(!f.message.includes('Wq7-zX2-pL9'));
  });

  test('template URLs: interpolated parts are unknown, literal parts are judged', () => {
    const text = 'const nodemailer = require("nodemailer");\nmodule.exports = nodemailer.createTransport(`smtp://${process.env.U}:${process.env.P}@smtp.example.com:25`);\n';
    const p = profile(text);
    assert.deepEqual([p.host?.value, p.port?.value, p.password?.value.kind], ['smtp.example.com', 25, 'reference']);
  });
});

describe('certificate checks', () => {
  test('tls.rejectUnauthorized: false, an accept-all checkServerIdentity and NODE_TLS_REJECT_UNAUTHORIZED=0', () => {
    assert.deepEqual(rules(transport(HOST, 'port: 587', 'requireTLS: true', AUTH, 'tls: { rejectUnauthorized: false }')), ['tls-verify-disabled']);
    assert.deepEqual(rules(transport(HOST, 'port: 587', 'requireTLS: true', AUTH, 'tls: { checkServerIdentity: () => undefined }')), ['tls-verify-disabled']);
    assert.deepEqual(rules(transport(HOST, 'port: 587', 'requireTLS: true', AUTH, 'tls: { checkServerIdentity: (host, cert) => tls.checkServerIdentity(host, cert) }')), []);
    assert.deepEqual(rules(`process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\n${transport(HOST, 'port: 587', 'requireTLS: true', AUTH)}`), ['tls-verify-disabled']);
    assert.deepEqual(rules(transport(HOST, 'port: 587', 'requireTLS: true', AUTH, 'tls: { rejectUnauthorized: process.env.NODE_ENV === "production" }')), []);
  });

  test('look-alikes: an https.Agent or an axios option with checks off is not the mail transport', () => {
    const text = `const https = require('https');\nconst agent = new https.Agent({ rejectUnauthorized: false });\nconst api = axios.create({ httpsAgent: agent });\n${transport(HOST, 'port: 587', 'requireTLS: true', AUTH)}`;
    assert.deepEqual(rules(text), []);
  });
});

describe('fixes', () => {
  test('STARTTLS: port 587, secure: false, requireTLS: true, inserted after the port in the object style', () => {
    const text = transport(HOST, 'port: 25', AUTH);
    assert.equal(fixAll(text, { path: JS }).text, transport(HOST, 'port: 587', 'secure: false', 'requireTLS: true', AUTH));
  });

  test('implicit TLS: port 465 and secure: true', () => {
    const text = transport(HOST, 'port: 25', AUTH);
    const alt = only(text, 'port-25')[0].fixes.find((f) => !f.preferred)!;
    assert.equal(applyEdits(text, alt.edits), transport(HOST, 'port: 465', 'secure: true', AUTH));
  });

  test('ignoreTLS is turned off by the STARTTLS fix', () => {
    const out = fixAll(transport(HOST, 'port: 587', 'ignoreTLS: true', AUTH), { path: JS }).text;
    assert.match(out, /ignoreTLS: false/);
    assert.match(out, /requireTLS: true/);
  });

  test('an environment lookup gets its default edited, or one added', () => {
    assert.match(fixAll(transport(HOST, 'port: Number(process.env.SMTP_PORT ?? 25)', AUTH), { path: JS }).text, /port: Number\(process\.env\.SMTP_PORT \?\? 587\)/);
    const text = transport(HOST, 'port: process.env.SMTP_PORT', 'secure: false', AUTH);
    assert.match(fixAll(text, { path: JS }).text, /port: process\.env\.SMTP_PORT \?\? 587,\n {2}requireTLS: true,\n {2}secure: false,/);
  });

  test('a switch only the runtime knows blocks a fix rather than half-fixing', () => {
    const text = transport(HOST, 'port: 25', "secure: process.env.SMTP_SECURE === 'true'", AUTH);
    assert.deepEqual(only(text, 'port-25')[0].fixes, []);
  });

  test('object layouts: inline objects, quoted keys, no trailing comma, semicolon-free', () => {
    const inline = `const nodemailer = require('nodemailer')\nmodule.exports = nodemailer.createTransport({ host: 'smtp.example.com', port: 25, ${AUTH} })\n`;
    assert.match(fixAll(inline, { path: JS }).text, /\{ host: 'smtp\.example\.com', port: 587, secure: false, requireTLS: true, auth/);
    const last = `const nodemailer = require('nodemailer');\nmodule.exports = nodemailer.createTransport({\n\t${AUTH},\n\t"host": "smtp.example.com",\n\t"port": 25\n});\n`;
    assert.match(fixAll(last, { path: JS }).text, /\t"port": 587,\n\t"secure": false,\n\t"requireTLS": true\n\}\);/);
  });

  test('duplicate options in one object: the first is reported and removable', () => {
    const text = transport(HOST, 'port: 25', 'port: 587', 'requireTLS: true', AUTH);
    const [d] = only(text, 'duplicate-setting');
    assert.equal(applyEdits(text, d.fixes[0].edits), transport(HOST, 'port: 587', 'requireTLS: true', AUTH));
  });

  test('every fix of every fixture is valid: node --check for JavaScript, the TS grammar for TypeScript', () => {
    const files = readdirSync(FIXTURES, { recursive: true, withFileTypes: false }) as string[];
    let checked = 0;
    for (const rel of files.filter((f) => /\.(c|m)?[jt]s$/.test(f) && !f.includes('.fixed.'))) {
      const path = join(FIXTURES, rel);
      const text = readFileSync(path, 'utf8');
      for (const f of lint(text, path).findings) {
        for (const fix of f.fixes) {
          const out = applyEdits(text, fix.edits);
          // Lezer's TS grammar rejects some valid TS (a decorator before `export class`): a fix must add no error.
          if (/\.ts$/.test(path)) assert.ok(grammarErrors(out, path) <= grammarErrors(text, path), `${rel}: ${fix.title}\n${out}`);
          else assert.equal(jsError(out, rel.endsWith('.mjs') ? '.mjs' : '.cjs'), undefined, `${rel}: ${fix.title}`);
          checked++;
        }
      }
    }
    assert.ok(checked >= 12, `only ${checked} fixes checked`);
  });

  test('the TypeScript golden fix parses without errors', () => {
    const fixed = readFileSync(join(FIXTURES, 'fix', 'options.fixed.ts'), 'utf8');
    assert.equal(grammarErrors(fixed, 'options.ts'), 0);
    assert.equal(fixAll(readFileSync(join(FIXTURES, 'fix', 'options.ts'), 'utf8'), { path: join(FIXTURES, 'fix', 'options.ts') }).text, fixed);
  });
});

describe('robustness', () => {
  test('file detection: JS/TS sources, not node_modules, bundles or type declarations; the sniff needs createTransport', () => {
    for (const p of ['/a/src/mail.js', '/a/mail.mjs', '/a/mail.cjs', '/a/mail.ts', '/a/mail.tsx', '/a/mail.jsx', '/a/mail.mts']) assert.ok(javascriptFormat.matchesPath(p), p);
    for (const p of ['/a/node_modules/nodemailer/lib/smtp-connection/index.js', '/a/types/mail.d.ts', '/a/public/app.min.js', '/a/mail.json']) assert.ok(!javascriptFormat.matchesPath(p), p);
    assert.ok(!javascriptFormat.sniff!('export const x = 1;'));
    assert.ok(javascriptFormat.sniff!('nodemailer.createTransport({})'));
    assert.equal(dialectFor('/a/b.tsx'), 'ts jsx');
  });

  test('stays linear on large files: a chain of 4,000 object spreads in well under 8 s', () => {
    const text = `const nodemailer = require('nodemailer');\n${Array.from({ length: 4000 }, (_, i) => `const o${i} = { a: ${i}, ...o${Math.max(0, i - 1)} };\n`).join('')}module.exports = nodemailer.createTransport({ ...o3999, host: 'smtp.example.com', port: 25 });\n`;
    const t0 = Date.now();
    lint(text);
    assert.ok(Date.now() - t0 < 8000, `took ${Date.now() - t0} ms`);
  });

  test('a checkServerIdentity body with a huge run of blanks is read in linear time', () => {
    const text = transport(HOST, 'port: 587', 'requireTLS: true', AUTH, `tls: { checkServerIdentity: () => { return${'\r '.repeat(50000)}! } }`);
    const t0 = Date.now();
    lint(text);
    assert.ok(Date.now() - t0 < 4000, `took ${Date.now() - t0} ms`);
  });

  test('half-typed code never throws and still gives what it can', () => {
    const text = "const nodemailer = require('nodemailer');\nconst t = nodemailer.createTransport({ host: 'smtp.example.com', port: 25, secure: ";
    const r = lint(text);
    assert.ok(!r.skipped?.startsWith('could not parse'), r.skipped);
    assert.ok(r.findings.some((f) => f.ruleId === 'port-25'));
  });

  test('any prefix of a real mailer module parses without throwing', () => {
    const full = readFileSync(join(FIXTURES, 'src', 'correct.js'), 'utf8') + readFileSync(join(FIXTURES, 'src', 'mail.ts'), 'utf8');
    fc.assert(
      fc.property(fc.nat(full.length), fc.string({ maxLength: 6 }), (cut, junk) => {
        const r = lint(full.slice(0, cut) + junk, TS);
        assert.ok(!r.skipped?.startsWith('could not parse'), r.skipped);
      }),
      { numRuns: 150 },
    );
  });

  test('the same findings with LF, CRLF and lone CR line endings; fixes keep the file\'s line ending', () => {
    const lf = readFileSync(join(FIXTURES, 'src', 'mail.ts'), 'utf8');
    const lines = (t: string) => {
      const r = lint(t, TS);
      return r.findings.map((f) => `${r.index.positionAt(f.span.start).line} ${f.ruleId}`).sort();
    };
    assert.ok(lines(lf).length > 0);
    for (const eol of ['\r\n', '\r']) {
      const text = lf.replace(/\n/g, eol);
      assert.deepEqual(lines(text), lines(lf), JSON.stringify(eol));
      const fixed = fixAll(text, { path: TS }).text;
      assert.equal(fixed.replace(/\r\n?/g, ''), fixed.replace(/\r\n?|\n/g, ''), 'a fix wrote a different line ending');
    }
  });
});

describe('half-typed and hostile code', () => {
  /** CPU milliseconds spent in fn (the machine may be busy with other tests: wall time would be noisy). */
  const cpuMs = (fn: () => void) => {
    const before = process.cpuUsage();
    fn();
    const d = process.cpuUsage(before);
    return (d.user + d.system) / 1000;
  };

  test('an unclosed string in the options: judged, not fixed (each pass inserted the same keys again)', () => {
    const text = "const nodemailer = require('nodemailer');\nexports.mailer = nodemailer.createTransport({ host: 'smtp.mailg";
    const r = lint(text, '/p/mailer.cjs');
    assert.ok(r.findings.length > 0);
    assert.deepEqual(r.findings.flatMap((f) => f.fixes), []);
    assert.equal(fixAll(text, { path: '/p/mailer.cjs' }).text, text);
  });

  test('stray text inside the options object: no fixes there; a syntax error elsewhere in the file leaves fixes alone', () => {
    const strayInside = transport(HOST, 'port: 587', "require(\t<}_S'XTLS: true", AUTH, 'tls: { rejectUnauthorized: false }');
    const r = lint(strayInside);
    assert.ok(r.findings.some((f) => f.ruleId === 'tls-verify-disabled'));
    assert.deepEqual(r.findings.flatMap((f) => f.fixes), []);
    assert.equal(fixAll(strayInside, { path: JS }).text, strayInside);

    const strayElsewhere = `${transport(HOST, 'port: 587', AUTH, 'tls: { rejectUnauthorized: false }')}function broken( {\n`;
    assert.ok(grammarErrors(strayElsewhere, JS) > 0);
    const fixes = lint(strayElsewhere).findings.flatMap((f) => f.fixes);
    assert.ok(fixes.length > 0);
    const fixed = fixAll(strayElsewhere, { path: JS }).text;
    assert.equal(fixAll(fixed, { path: JS }).text, fixed);
  });

  test('a NestJS module (a decorator the grammar reads as an error) keeps its fixes', () => {
    const path = join(FIXTURES, 'src', 'app.module.ts');
    const text = readFileSync(path, 'utf8');
    assert.ok(grammarErrors(text, path) > 0, 'the grammar still trips over the decorator: this test checks nothing');
    assert.ok(lint(text, path).findings.some((f) => f.fixes.length > 0));
  });

  test('a 100 KB run of operators is given up on in bounded time, with a reason', () => {
    const text = (n: number) => `const nodemailer = require('nodemailer');\nnodemailer.createTransport({ host: env${'*'.repeat(n)}('SMTP_HOST'), port: 25 });\n`;
    let r: LintResult | undefined;
    // Unguarded, 25,000 take 14 s and 100,000 minutes (the grammar's error recovery re-reads the rest of the line).
    const ms = cpuMs(() => (r = lint(text(100_000))));
    assert.ok(ms < 2000, `${ms.toFixed(0)} ms`);
    assert.match(r!.skipped ?? '', /parser gave up on broken code near line 2/);
    // A short run is still parsed and judged.
    assert.equal(lint(text(20)).skipped, undefined);
  });

  test('brackets nested thousands deep and runs of thousands of + are refused before parsing', () => {
    const head = "const nodemailer = require('nodemailer');\nnodemailer.createTransport({ host: 'smtp.example.com', port: 25 });\n";
    for (const tail of [`x = ${'({'.repeat(50_000)}`, `x = ${'({\n'.repeat(30_000)}`, `x = ${'+'.repeat(100_000)}y`, `x = ${'['.repeat(100_000)}`]) {
      let r: LintResult | undefined;
      const ms = cpuMs(() => (r = lint(head + tail)));
      assert.ok(ms < 2000, `${JSON.stringify(tail.slice(0, 12))}: ${ms.toFixed(0)} ms`);
      assert.match(r!.skipped ?? '', /nested more than 1000 deep|more than 1000 \+ or - signs/);
    }
    // Deep but real nesting is read.
    assert.deepEqual(rules(`${head}x = ${'['.repeat(200)}${']'.repeat(200)};\n`), ['port-25', 'auth-disabled', 'tls-not-enforced'].sort());
  });

  test('the parse budget never trips on real code: every fixture, and the sources of the packages installed here', () => {
    const files = (dir: string, depth = 0): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = join(dir, e.name);
        if (e.isDirectory()) return depth < 6 ? files(p, depth + 1) : [];
        return /\.([cm]?js|ts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
      });
    const sources = [...files(FIXTURES), ...['typescript/lib/typescript.js', 'fast-check/lib', 'yaml/dist', 'php-parser/src', 'jsonc-parser/lib'].flatMap((rel) => {
      const p = join(ROOT, 'node_modules', rel);
      try {
        return /\.js$/.test(p) ? [p] : files(p);
      } catch {
        return [];
      }
    })];
    assert.ok(sources.length > 50, `only ${sources.length} files`);
    for (const p of sources) {
      const text = readFileSync(p, 'utf8');
      assert.equal(deepNesting(text), undefined, p);
      assert.doesNotThrow(() => parseWithBudget(text, (input) => (dialectFor(p) ? parser.configure({ dialect: dialectFor(p) }) : parser).parse(input)), p);
    }
  });
});

describe('docs/formats/python-ruby-javascript.md', () => {
  test('every javascript example gives exactly the findings it names', () => {
    const page = readFileSync(join(ROOT, 'docs', 'formats', 'python-ruby-javascript.md'), 'utf8');
    const re = /<!--\s*example:\s*(\S+\.(?:js|mjs|cjs|ts))\s+expects\s+([^>]*?)\s*-->\s*\n```[^\n]*\n([\s\S]*?)\n```/g;
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
