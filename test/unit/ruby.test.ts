// The Ruby format: the tokenizer and parser on the Ruby that config files use, the mail gem's (>= 2.8) TLS
// vocabulary (`tls: true` is implicit TLS), Rails delivery_method gating, GitLab gitlab.rb, and fixes that never
// combine TLS with STARTTLS and keep the file valid Ruby (`ruby -c`, when installed).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { applyEdits, fixAll, lintText } from '../../server/src/engine';
import { rubyFormat } from '../../server/src/engine/formats/ruby';
import { lex } from '../../server/src/engine/formats/ruby/lexer';
import { parseRuby, RubyTooDeep } from '../../server/src/engine/formats/ruby/parser';
import { lintHelpersFor } from './lint-helpers';

const ROOT = join(__dirname, '..', '..', '..');
const RUBY = spawnSync('ruby', ['--version']).status === 0;
const PROD = '/app/config/environments/production.rb';

const { lint, found, rules, profiles, only } = lintHelpersFor(PROD);

const rb = (...lines: string[]) => `${lines.join('\n')}\n`;

/** config.action_mailer.smtp_settings = { <pairs> } inside Rails.application.configure. */
const rails = (...pairs: string[]) =>
  rb('Rails.application.configure do', '  config.action_mailer.delivery_method = :smtp', '  config.action_mailer.smtp_settings = {', ...pairs.map((p, i) => `    ${p}${i < pairs.length - 1 ? ',' : ''}`), '  }', 'end');

const REMOTE = ["address: 'smtp.example.com'", "user_name: 'app@example.com'", "password: ENV['SMTP_PASSWORD']"];

function rubyError(text: string): string | undefined {
  if (!RUBY) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-rb-'));
  const file = join(dir, 'x.rb');
  writeFileSync(file, text);
  const r = spawnSync('ruby', ['-c', file], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${r.stdout}${r.stderr}`;
}

describe('tokenizer', () => {
  const kinds = (text: string) => lex(text).tokens.filter((t) => t.kind !== 'nl').map((t) => `${t.kind}:${t.value ?? t.text}`);

  test('labels, symbols, rockets, constants and strings with escapes and interpolation', () => {
    assert.deepEqual(kinds(`{ port: 587, :tls => true, 'x' => "a\\tb", mode: OpenSSL::SSL::VERIFY_NONE }`), [
      'op:{', 'label:port', 'number:587', 'op:,', 'symbol:tls', 'op:=>', 'kw:true', 'op:,', 'string:x', 'op:=>', 'string:a\tb', 'op:,',
      'label:mode', 'const:OpenSSL', 'op:::', 'const:SSL', 'op:::', 'const:VERIFY_NONE', 'op:}',
    ]);
    const interp = lex(`x = "#{ENV['A']}:25"`).tokens.find((t) => t.kind === 'string')!;
    assert.equal(interp.interp, true);
    assert.equal(lex("y = 'it''s'").tokens.filter((t) => t.kind === 'string').length, 2);
  });

  test('comments (#, =begin/=end) never produce tokens; `#` inside strings is not a comment', () => {
    const { tokens, comments } = lex(rb('# port: 25', '=begin', 'port: 25', '=end', 'x = "a#b" # c'));
    assert.equal(comments.length, 3);
    assert.ok(!tokens.some((t) => t.text === '25'));
    assert.ok(tokens.some((t) => t.kind === 'string' && t.value === 'a#b'));
  });

  test('heredocs are one string token; their body is never read as code', () => {
    const { tokens } = lex(rb("gitlab_rails['ldap_servers'] = YAML.load <<-'EOS'", '  main:', "    password: 'x'", '    port: 25', '  EOS', "gitlab_rails['smtp_port'] = 587"));
    assert.ok(!tokens.some((t) => t.text === '25'));
    const heredoc = tokens.find((t) => t.kind === 'string' && t.text.startsWith('<<'))!;
    assert.match(heredoc.value!, /password: 'x'/);
    assert.ok(tokens.some((t) => t.text === '587'));
  });

  test('%w[] and %q() literals, regexps and division', () => {
    const k = kinds("a = %w[smtp mail]\nb = %q(it's)\nc = x / 2\nd = /a.b/i");
    assert.ok(k.includes('words:smtp mail'));
    assert.ok(k.includes("string:it's"));
    assert.ok(k.includes('op:/'));
    assert.ok(k.some((t) => t.startsWith('regex:')));
  });

  test('never throws and always ends, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const { tokens } = lex(s);
        parseRuby(tokens);
        for (const t of tokens) assert.ok(t.start <= t.end && t.end <= s.length);
      }),
      { numRuns: 400 },
    );
  });
});

describe('parser', () => {
  test('if/elsif/else, unless and modifiers become branches', () => {
    const { stmts, branches } = parseRuby(lex(rb('if a', '  x = 1', 'elsif b', '  x = 2', 'else', '  x = 3', 'end', 'y = 4 unless c')).tokens);
    const paths = stmts.filter((s) => s.node.t === 'assign').map((s) => s.path.map((c) => `${c.id}:${c.branch}`).join(','));
    assert.deepEqual(paths, ['0:0', '0:1', '0:2', '1:0']);
    assert.equal(branches.get(0), 3);
    assert.equal(branches.get(1), 2);
  });

  test('blocks record their statements with the block name', () => {
    const { stmts } = parseRuby(lex(rb('Mail.defaults do', '  delivery_method :smtp, address: "x"', 'end')).tokens);
    const dm = stmts.find((s) => s.node.t === 'call' && s.node.name === 'delivery_method')!;
    assert.deepEqual(dm.blocks, ['Mail.defaults']);
  });
});

describe('mail gem semantics', () => {
  test('tls: true and ssl: true are implicit TLS (the word trap): fine on 465, a mismatch on 587', () => {
    assert.deepEqual(rules(rails(...REMOTE, 'port: 465', 'tls: true')), []);
    assert.deepEqual(rules(rails(...REMOTE, 'port: 465', 'ssl: true')), []);
    assert.deepEqual(found(rails(...REMOTE, 'port: 587', 'tls: true')), ['8 tls-port-mismatch']);
    assert.equal(profiles(rails(...REMOTE, 'port: 587', 'tls: true'))[0].tls.value, 'implicit');
  });

  test('enable_starttls true/:always requires STARTTLS, :auto and enable_starttls_auto are opportunistic', () => {
    const mode = (...p: string[]) => profiles(rails(...REMOTE, 'port: 587', ...p))[0].tls;
    assert.equal(mode('enable_starttls: true').value, 'starttls');
    assert.equal(mode('enable_starttls: :always').value, 'starttls');
    assert.equal(mode('enable_starttls: :auto').value, 'opportunistic');
    assert.equal(mode('enable_starttls_auto: true').value, 'opportunistic');
    assert.deepEqual([mode().value, mode().origin], ['opportunistic', 'default']);
    assert.equal(mode('enable_starttls: false').value, 'none');
    assert.equal(mode('enable_starttls_auto: false').value, 'none');
    assert.equal(mode('enable_starttls: false', 'enable_starttls_auto: true').value, 'opportunistic');
    assert.equal(mode('enable_starttls: nil').value, 'opportunistic');
  });

  test("Ruby truthiness: tls: 'false' is true (implicit TLS)", () => {
    assert.equal(profiles(rails(...REMOTE, 'port: 465', "tls: 'false'"))[0].tls.value, 'implicit');
  });

  test('openssl_verify_mode none in every spelling disables checks; peer does not', () => {
    for (const v of ["'none'", ':none', 'OpenSSL::SSL::VERIFY_NONE', "'NONE'", "ENV.fetch('SMTP_VERIFY', 'none')"]) {
      assert.deepEqual(rules(rails(...REMOTE, 'port: 587', 'enable_starttls: true', `openssl_verify_mode: ${v}`)), ['tls-verify-disabled'], v);
    }
    assert.deepEqual(rules(rails(...REMOTE, 'port: 587', 'enable_starttls: true', "openssl_verify_mode: 'peer'")), []);
    const text = rails(...REMOTE, 'port: 587', 'enable_starttls: true', 'openssl_verify_mode: :none');
    assert.match(fixAll(text, { path: PROD }).text, /openssl_verify_mode: :peer/);
  });

  test('defaults: localhost:25 with nothing written; a remote address alone means port 25', () => {
    const [p] = profiles(rails("address: 'smtp.example.com'"));
    assert.deepEqual([p.port?.value, p.port?.origin], [25, 'default']);
    assert.deepEqual(rules(rails('port: 25')), []);
  });

  test('authentication: nil with a user name still logs in; no user name to a remote relay is auth-disabled', () => {
    assert.equal(profiles(rails(...REMOTE, 'port: 587', 'enable_starttls: true', 'authentication: nil'))[0].auth?.value, true);
    assert.deepEqual(rules(rails("address: 'smtp.sendgrid.net'", 'port: 587', 'enable_starttls: true')), ['auth-disabled']);
  });

  test('ENV lookups: fetch with a default, fetch with a block, || defaults, .to_i and Integer()', () => {
    for (const expr of ["ENV.fetch('SMTP_PORT', 25).to_i", "ENV.fetch('SMTP_PORT') { 25 }", "(ENV['SMTP_PORT'] || 25).to_i", "Integer(ENV.fetch('SMTP_PORT', '25'))", "ENV['SMTP_PORT'] || 25"]) {
      const [p] = profiles(rails(...REMOTE, `port: ${expr}`, 'enable_starttls: true'));
      assert.deepEqual([p.port?.value, p.port?.origin], [25, 'fallback'], expr);
    }
    assert.equal(profiles(rails(...REMOTE, "port: ENV['SMTP_PORT'].to_i", 'enable_starttls: true'))[0].port, undefined);
    // A comparison on a defaulted lookup: 'false' == 'true' is false, so no implicit TLS (and on 465 a mismatch).
    const cmp = rails(...REMOTE, 'port: 465', "tls: ENV.fetch('SMTP_TLS', 'false') == 'true'");
    assert.deepEqual([profiles(cmp)[0].tls.value, profiles(cmp)[0].tlsGuessed], ['opportunistic', false]);
    assert.deepEqual(rules(cmp), ['tls-port-mismatch']);
    assert.match(fixAll(cmp, { path: PROD }).text, /tls: ENV\.fetch\('SMTP_TLS', 'true'\) == 'true'/);
  });

  test('a **splat may bring any key: no defaults are assumed for keys not written', () => {
    const text = rb("ActionMailer::Base.smtp_settings = { **Rails.application.credentials.smtp, address: 'smtp.example.com' }");
    const [p] = profiles(text, '/app/config/initializers/mail.rb');
    assert.deepEqual([p.port, p.auth, p.tlsGuessed], [undefined, undefined, true]);
    assert.deepEqual(rules(text, '/app/config/initializers/mail.rb'), []);
  });

  test('a hash held in a local variable is read where it is assigned', () => {
    const text = rb('smtp = {', "  address: 'smtp.example.com',", '  port: 25,', "  user_name: 'u',", "  password: ENV['P']", '}', 'ActionMailer::Base.smtp_settings = smtp');
    assert.deepEqual(found(text, '/app/config/initializers/mail.rb'), ['3 port-25', '7 tls-not-enforced']);
  });
});

describe('Rails gating', () => {
  test('delivery_method :test, :letter_opener, :file and perform_deliveries = false make smtp_settings inactive', () => {
    for (const dm of [':test', ':letter_opener', ':file', ':sendmail']) {
      const text = rb('Rails.application.configure do', `  config.action_mailer.delivery_method = ${dm}`, "  config.action_mailer.smtp_settings = { address: 'smtp.example.com', port: 25 }", 'end');
      assert.equal(profiles(text)[0].active, false, dm);
      assert.deepEqual(rules(text), [], dm);
    }
    const off = rb('config.action_mailer.perform_deliveries = false', "config.action_mailer.smtp_settings = { address: 'smtp.example.com', port: 25 }");
    assert.equal(profiles(off)[0].active, false);
  });

  test('a delivery_method in another branch does not gate these settings', () => {
    const text = rb(
      'if Rails.env.production?',
      "  ActionMailer::Base.smtp_settings = { address: 'smtp.example.com', port: 25, user_name: 'u', password: ENV['P'] }",
      'else',
      '  ActionMailer::Base.delivery_method = :letter_opener',
      'end',
    );
    assert.equal(profiles(text, '/app/config/initializers/mail.rb')[0].active, true);
  });

  test('development with MailCatcher on 1025 is a local catcher: nothing to report', () => {
    assert.deepEqual(rules(rails("address: 'localhost'", 'port: 1025')), []);
    assert.deepEqual(rules(rails("address: 'mailcatcher'", 'port: 1025')), []);
  });

  test('smtp_settings assigned twice on the same path: the first is a duplicate without a profile', () => {
    const text = rb("config.action_mailer.smtp_settings = { address: 'smtp.example.com', port: 25 }", "config.action_mailer.smtp_settings = { address: 'smtp.example.com', port: 587, enable_starttls: true, user_name: 'u', password: ENV['P'] }");
    assert.deepEqual(found(text), ['1 duplicate-setting']);
    assert.equal(profiles(text).length, 1);
  });

  test('a duplicate smtp_settings over several lines is reported over the whole assignment its fix removes', () => {
    const text = rb(
      'config.action_mailer.smtp_settings = {',
      "  address: 'old.example.com',",
      '  port: 25',
      '}',
      "config.action_mailer.smtp_settings = { address: 'smtp.example.com', port: 587, enable_starttls: true }",
    );
    const [dup] = only(text, 'duplicate-setting');
    assert.equal(text.slice(dup.span.start, dup.span.end), rb('config.action_mailer.smtp_settings = {', "  address: 'old.example.com',", '  port: 25', '}').trimEnd());
    assert.deepEqual(dup.fixes[0].edits, [{ start: 0, end: dup.span.end + 1, newText: '' }]);
  });

  test('look-alikes: LDAP verify_certificates and Redis verify_mode are not mail settings', () => {
    const text = rb("Rails.application.config.ldap = { host: 'ldap.example.com', port: 389, verify_certificates: false }", 'REDIS = { ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_NONE } }');
    assert.ok(lint(text, '/app/config/initializers/ldap.rb').skipped);
  });
});

describe('GitLab gitlab.rb', () => {
  const gl = (...lines: string[]) => rb("external_url 'https://gitlab.example.com'", ...lines);
  const PATH = '/etc/gitlab/gitlab.rb';

  test('the shipped template (all commented out) gives nothing', () => {
    const text = gl("# gitlab_rails['smtp_enable'] = true", "# gitlab_rails['smtp_port'] = 465", "# gitlab_rails['smtp_tls'] = false");
    const r = lint(text, PATH);
    assert.ok(r.skipped);
    assert.deepEqual(r.findings, []);
  });

  test('smtp_enable not true: GitLab uses sendmail, the SMTP keys are inactive', () => {
    for (const enable of ["gitlab_rails['smtp_enable'] = false", '']) {
      const text = gl(enable, "gitlab_rails['smtp_address'] = 'smtp.example.com'", "gitlab_rails['smtp_port'] = 25");
      assert.equal(profiles(text, PATH)[0].active, false);
      assert.deepEqual(rules(text, PATH), []);
    }
  });

  test('smtp_tls is implicit TLS: 465 + smtp_tls true is right, 465 + starttls_auto is a mismatch', () => {
    const base = ["gitlab_rails['smtp_enable'] = true", "gitlab_rails['smtp_address'] = 'smtp.example.com'", "gitlab_rails['smtp_user_name'] = 'gitlab'", "gitlab_rails['smtp_password'] = ENV['P']"];
    assert.deepEqual(rules(gl(...base, "gitlab_rails['smtp_port'] = 465", "gitlab_rails['smtp_tls'] = true"), PATH), []);
    assert.deepEqual(rules(gl(...base, "gitlab_rails['smtp_port'] = 465", "gitlab_rails['smtp_enable_starttls_auto'] = true"), PATH), ['tls-port-mismatch']);
    assert.deepEqual(rules(gl(...base, "gitlab_rails['smtp_port'] = 587", "gitlab_rails['smtp_tls'] = true"), PATH), ['tls-port-mismatch']);
  });

  test('the implicit fix turns smtp_enable_starttls_auto off (Omnibus refuses both); the STARTTLS fix is auto at best', () => {
    const text = gl("gitlab_rails['smtp_enable'] = true", "gitlab_rails['smtp_address'] = 'smtp.example.com'", "gitlab_rails['smtp_port'] = 465", "gitlab_rails['smtp_user_name'] = 'gitlab'", "gitlab_rails['smtp_password'] = ENV['P']", "gitlab_rails['smtp_enable_starttls_auto'] = true");
    const [m] = only(text, 'tls-port-mismatch', PATH);
    const implicit = applyEdits(text, m.fixes.find((f) => f.preferred)!.edits);
    assert.match(implicit, /'smtp_enable_starttls_auto'\] = false/);
    assert.match(implicit, /\['smtp_port'\] = 465\ngitlab_rails\['smtp_tls'\] = true/);
    const starttls = applyEdits(text, m.fixes.find((f) => !f.preferred)!.edits);
    assert.match(starttls, /'smtp_port'\] = 587/);
    // GitLab passes only enable_starttls_auto: the result is opportunistic STARTTLS, reported as such; no STARTTLS
    // fix is offered for it (it could not change anything), at most the switch to implicit TLS.
    const left = lint(starttls, PATH).findings;
    assert.deepEqual(left.map((f) => f.ruleId), ['tls-not-enforced']);
    assert.equal(profiles(starttls, PATH)[0].edit.setTransport?.(587, 'starttls'), undefined);
    for (const fix of left[0].fixes) assert.match(fix.title, /implicit TLS/);
  });
});

describe('fixes', () => {
  test('STARTTLS: port 587 and enable_starttls: true, replacing enable_starttls_auto in place', () => {
    const text = rails(...REMOTE, 'port: 25', 'enable_starttls_auto: true');
    assert.equal(fixAll(text, { path: PROD }).text, rails(...REMOTE, 'port: 587', 'enable_starttls: true'));
  });

  test('implicit: port 465 and tls: true, switching STARTTLS keys off', () => {
    const text = rails(...REMOTE, 'port: 25', 'enable_starttls: true');
    const alt = only(text, 'port-25')[0].fixes.find((f) => !f.preferred)!;
    assert.equal(applyEdits(text, alt.edits), rails(...REMOTE, 'port: 465', 'tls: true', 'enable_starttls: false'));
  });

  test('no fix ever leaves TLS and STARTTLS both on (mail >= 2.8 raises ArgumentError)', () => {
    const variants = [
      ['port: 25'],
      ['port: 465', 'enable_starttls_auto: true'],
      ['port: 587', 'tls: true', 'enable_starttls_auto: true'],
      ['port: 587', 'ssl: true'],
      ['port: 25', 'enable_starttls: :auto'],
    ];
    for (const v of variants) {
      const text = rails(...REMOTE, ...v);
      for (const f of lint(text).findings) {
        for (const fix of f.fixes) {
          const out = applyEdits(text, fix.edits);
          const tlsOn = /\b(tls|ssl): true/.test(out);
          const starttlsOn = /enable_starttls(_auto)?: (true|:always|:auto)/.test(out);
          assert.ok(!(tlsOn && starttlsOn), `${fix.title} combines TLS and STARTTLS:\n${out}`);
          assert.equal(rubyError(out), undefined);
        }
      }
    }
  });

  test('braceless arguments and rocket hashes keep their style', () => {
    const md = rb('Mail.defaults do', "  delivery_method :smtp, address: 'smtp.example.com', port: 25, user_name: 'u', password: ENV['P']", 'end');
    assert.match(fixAll(md, { path: '/app/lib/mail.rb' }).text, /port: 587, enable_starttls: true, user_name/);
    const rocket = rb('ActionMailer::Base.smtp_settings = {', "  :address => 'smtp.example.com',", '  :port => 25,', "  :user_name => 'u',", "  :password => ENV['P']", '}');
    assert.match(fixAll(rocket, { path: '/app/config/initializers/mail.rb' }).text, /:port => 587,\n {2}:enable_starttls => true,\n/);
  });

  test('every offered fix of every fixture is valid Ruby', { skip: !RUBY && 'ruby is not installed' }, () => {
    const files = ['config/environments/production.rb', 'config/environments/staging.rb', 'config/initializers/smtp.rb', 'lib/mailer.rb', 'gitlab/gitlab.rb'];
    let checked = 0;
    for (const f of files) {
      const path = join(ROOT, 'test', 'fixtures', 'ruby', f);
      const text = readFileSync(path, 'utf8');
      for (const finding of lint(text, path).findings) {
        for (const fix of finding.fixes) {
          assert.equal(rubyError(applyEdits(text, fix.edits)), undefined, `${f}: ${fix.title}`);
          checked++;
        }
      }
    }
    assert.ok(checked >= 8, `only ${checked} fixes checked`);
  });
});

describe('robustness', () => {
  test('file detection: any .rb outside installed gems; the sniff needs mail settings', () => {
    assert.ok(rubyFormat.matchesPath('/app/config/environments/production.rb'));
    assert.ok(rubyFormat.matchesPath('/etc/gitlab/gitlab.rb'));
    assert.ok(!rubyFormat.matchesPath('/app/vendor/bundle/ruby/3.2.0/gems/mail-2.8.1/lib/mail/network/delivery_methods/smtp.rb'));
    assert.ok(!rubyFormat.sniff!("config.cache_classes = true\n"));
    assert.ok(rubyFormat.sniff!("gitlab_rails['smtp_port'] = 25"));
  });

  test('half-typed files never throw and still give what they can', () => {
    const text = rb('Rails.application.configure do', '  config.action_mailer.smtp_settings = {', "    address: 'smtp.example.com',", '    port: 25,', '    user_name: ');
    const r = lint(text);
    assert.ok(!r.skipped?.startsWith('could not parse'), r.skipped);
    assert.ok(r.findings.some((f) => f.ruleId === 'port-25'));
  });

  test('a half-typed hash (unclosed string, no closing brace) is judged but never fixed into the broken text', () => {
    const text = 'Rails.application.configure do\n  config.action_mailer.smtp_settings = {\n    :address => ENV.fetch("SMTP_ADDRESS';
    const once = fixAll(text, { path: PROD }).text;
    assert.equal(once, text);
    assert.equal(fixAll(once, { path: PROD }).text, once);
    assert.ok(rules(text).includes('port-25'));
  });

  test('any prefix of a real config parses without throwing', () => {
    const full = readFileSync(join(ROOT, 'test', 'fixtures', 'ruby', 'gitlab', 'gitlab.rb'), 'utf8') + readFileSync(join(ROOT, 'test', 'fixtures', 'ruby', 'config', 'initializers', 'smtp.rb'), 'utf8');
    fc.assert(
      fc.property(fc.nat(full.length), fc.string({ maxLength: 6 }), (cut, junk) => {
        const r = lint(full.slice(0, cut) + junk, '/etc/gitlab/gitlab.rb');
        assert.ok(!r.skipped?.startsWith('could not parse'), r.skipped);
      }),
      { numRuns: 150 },
    );
  });

  test('passwords, also in hashes of other services, are secrets and never reach a message', () => {
    const text = rb("gitlab_rails['smtp_enable'] = true", "gitlab_rails['smtp_address'] = 'smtp.example.com'", "gitlab_rails['smtp_port'] = 25", "gitlab_rails['smtp_password'] = 'Qz8-wX3#rT6'", "gitlab_rails['ldap_servers'] = { 'main' => { 'password' => 'ldapBind-99' } }");
    const r = lint(text, '/etc/gitlab/gitlab.rb');
    assert.ok(r.parsed!.secrets.includes('Qz8-wX3#rT6'));
    assert.ok(r.parsed!.secrets.includes('ldapBind-99'));
    for (const f of r.findings) assert.ok(!f.message.includes('Qz8-wX3#rT6'));
  });

  test('the same findings with LF, CRLF and lone CR line endings; fixes keep the file\'s line ending', () => {
    const lf = readFileSync(join(ROOT, 'test', 'fixtures', 'ruby', 'config', 'initializers', 'smtp.rb'), 'utf8');
    const lines = (t: string) => {
      const r = lint(t, '/app/config/initializers/smtp.rb');
      return r.findings.map((f) => `${r.index.positionAt(f.span.start).line} ${f.ruleId}`).sort();
    };
    assert.ok(lines(lf).length > 0);
    for (const eol of ['\r\n', '\r']) {
      const text = lf.replace(/\n/g, eol);
      assert.deepEqual(lines(text), lines(lf), JSON.stringify(eol));
      const fixed = fixAll(text, { path: '/app/config/initializers/smtp.rb' }).text;
      assert.equal(fixed.replace(/\r\n?/g, ''), fixed.replace(/\r\n?|\n/g, ''), 'a fix wrote a different line ending');
    }
  });
});

describe('half-typed code', () => {
  test('an unclosed string, heredoc or =begin, or brackets that do not pair up: judged, but not fixed', () => {
    const typed = rails("address: 'smtp.gmail.com'", 'port: 25');
    assert.ok(lint(typed).findings.some((f) => f.fixes.length > 0), 'the complete file has fixes');
    const halfTyped = [
      typed.replace("'smtp.gmail.com'", "'smtp.gmail.com"), // the string runs to the end of the file
      typed.replace('port: 25', 'port: 25, other: (1'), // an unclosed parenthesis
      typed.replace('port: 25', 'port: 25)'), // a stray closer
      `${typed}x = <<~EOS\n  text\n`, // a heredoc without its terminator
      `${typed}=begin\nnotes\n`, // a block comment that never ends
    ];
    for (const text of halfTyped) {
      const r = lint(text);
      assert.ok(r.findings.some((f) => f.ruleId === 'port-25'), text);
      assert.deepEqual(r.findings.flatMap((f) => f.fixes), [], text);
      assert.equal(fixAll(text, { path: PROD }).text, text);
    }
  });

  test('no entry is added after a call without parentheses: Ruby passes the pairs after it to that call', () => {
    const path = '/app/config/initializers/smtp.rb';
    for (const text of [
      "ActionMailer::Base.smtp_settings = {\n  address: 'mail.example.com',\n  port: ENV.fet ch('SMTP_PORT', 587).to_i,\n  enable_starttls: true,\n  user_name: ENV['SMTP_USER']\n}\n",
      "require 'mail'\n\nMail.defaults do\n  delivery_method :smtp, address: export 'smtp.example.com', port: 587, enable_starttls: true\nend\n",
    ]) {
      const once = fixAll(text, { path }).text;
      assert.equal(fixAll(once, { path }).text, once, text);
      assert.equal(once, text, 'nothing is inserted into the call');
    }
    // With parentheses the call ends where it should, and the entry is added.
    const parens = "ActionMailer::Base.smtp_settings = {\n  address: 'mail.example.com',\n  port: ENV.fetch('SMTP_PORT', 587).to_i,\n  user_name: ENV['SMTP_USER']\n}\n";
    const fixed = fixAll(parens, { path }).text;
    assert.match(fixed, /enable_starttls: true/);
    assert.equal(fixAll(fixed, { path }).text, fixed);
  });

  test('blocks that do not add up (an `end` too many or too few, a hash cut by a block): judged, but not fixed', () => {
    const typed = rails("address: 'smtp.gmail.com'", 'port: 25');
    const settings = "config.action_mailer.smtp_settings = {\n  address: 'smtp.gmail.com',\n  port: 25\n}\n";
    const broken = [
      `${typed}${settings}end\n`, // the settings pasted after the block, with its `end`: one `end` too many
      typed.replace(/end\n$/, ''), // the block's `end` is missing
      typed.replace('Rails.application.configure do', 'Rails.application.configure'), // its `do` is missing
      typed.replace("address: 'smtp.gmail.com',", "address: 'smtp.gmail.com',\n    :re do\n  end"), // a block inside the hash
      `${typed}if ENV['SMTP']\n${settings}`, // an `if` without its `end`
    ];
    for (const text of broken) {
      const r = lint(text);
      assert.ok(r.findings.some((f) => f.ruleId === 'port-25'), text);
      assert.deepEqual(r.findings.flatMap((f) => f.fixes), [], text);
      assert.equal(fixAll(text, { path: PROD }).text, text);
      const error = rubyError(text);
      if (RUBY) assert.ok(error, `ruby -c accepts what this test calls broken:\n${text}`);
    }
  });

  test('Ruby the parser once misread is not taken for broken code', () => {
    const valid = [
      rb('class Mailer', '  private def secret', '    1', '  end', 'end'), // a def as an argument
      rb('class Mailer', '  def host=(value)', '    @host = value', '  end', '  def abs() self end', '  def -@() self end', '  def enable(on = true) on end', 'end'),
      rb('def initialize do_enable = true', '  @on = do_enable', 'end'), // parameters without parentheses
      rb('module Empty end', 'class Other; end'),
      rb('good, bad = list.partition do |x|', '  x.ok?', 'end'), // several targets, a block in the value
      rb('case host', 'when ALLOWED.any? do |h|', '    h == host', '  end', '  1', 'end'), // a block in a `when`
      rb('say case format', 'when :ruby then 1', 'else 2', 'end'), // a case as an argument
      rb('meta = class << self; self; end'),
      rb('FLAGS = [NONE = 0,', '  SOME = 1]'), // assignments inside an array, over lines
      rb('def x', '  super do |y|', '    y', '  end', 'end'),
      rb("x = path.chomp(?/)", "y = name.tr(?-, ?_)"), // character literals
      rb('OPS = { :+@ => 1, :** => 2, :>= => 3, :@ivar => 4 }'), // operator and variable symbols
      rb('def f', '  1', 'rescue StandardError', '  2', 'else', '  3', 'ensure', '  4', 'end'),
    ];
    for (const text of valid) {
      if (RUBY) assert.equal(rubyError(text), undefined, text);
      const tokens = lex(text);
      assert.equal(tokens.halfTyped, false, text);
      assert.equal(parseRuby(tokens.tokens).broken, undefined, text);
    }
  });

  test('the tokenizer knows what runs to the end of the file', () => {
    assert.equal(lex("x = 'a'\ny = [1, (2)]\n").halfTyped, false);
    assert.equal(lex("x = 'a\n").halfTyped, true);
    assert.equal(lex('x = %w[a b\n').halfTyped, true);
    assert.equal(lex('x = [1, 2}\n').halfTyped, true);
    assert.equal(lex("x = \"#{ENV['A']\"\n").halfTyped, true);
    assert.equal(lex('=begin\nx\n=end\ny = 1\n').halfTyped, false);
  });

  test('every Ruby fixture reads as complete code (its fixes are offered)', () => {
    const dir = join(ROOT, 'test', 'fixtures', 'ruby');
    const files = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : e.name.endsWith('.rb') ? [join(d, e.name)] : []));
    const all = files(dir);
    assert.ok(all.length > 10);
    for (const f of all) {
      const { tokens, halfTyped } = lex(readFileSync(f, 'utf8'));
      assert.equal(halfTyped, false, f);
      assert.equal(parseRuby(tokens).broken, undefined, f);
    }
  });

  test('code nested hundreds deep is skipped with a reason, at a fixed limit (not wherever the stack happens to end)', () => {
    const settings = (port: string) => rb('Rails.application.configure do', `  config.action_mailer.smtp_settings = { address: 'smtp.gmail.com', port: ${port} }`, 'end');
    for (const text of [
      settings(`${'('.repeat(50_000)}25`),
      settings(`${'('.repeat(250)}25${')'.repeat(250)}`),
      settings(`${'!'.repeat(50_000)}25`),
      settings(`${'x = '.repeat(2000)}25`),
      settings(`25${' ** 1'.repeat(2000)}`),
      `${'if x\n'.repeat(10_000)}${settings('25')}`,
      `${'x do\n'.repeat(250)}${settings('25')}${'end\n'.repeat(250)}`,
    ]) {
      assert.equal(lint(text).skipped, 'Ruby not linted: code nested too deeply to read', text.slice(0, 80));
    }
    assert.ok(rules(settings(`${'('.repeat(100)}25${')'.repeat(100)}`)).includes('port-25'), 'a hundred levels are read');
    assert.throws(() => parseRuby(lex(`x = ${'['.repeat(300)}`).tokens), RubyTooDeep);
  });

  test('a 100 KB method chain is read in linear time (no name copied per link, no recursion per link)', () => {
    const config = (n: number) => rb('Rails.application.configure do', `  x = ${'a.'.repeat(n)}b`, "  config.action_mailer.smtp_settings = { address: 'smtp.gmail.com', port: 25 }", 'end');
    // CPU time, best of three: other test files share the machine.
    const time = (n: number) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const before = process.cpuUsage();
        const r = lint(config(n));
        const d = process.cpuUsage(before);
        assert.equal(r.skipped, undefined);
        assert.ok(r.findings.some((f) => f.ruleId === 'port-25'));
        best = Math.min(best, (d.user + d.system) / 1000);
      }
      return best;
    };
    time(1000); // warm up
    const small = time(25_000);
    const large = time(50_000);
    assert.ok(large < 3 * Math.max(small, 30), `${small.toFixed(0)} ms at 25,000 links, ${large.toFixed(0)} ms at 50,000`);
  });
});

describe('docs/formats/python-ruby-javascript.md', () => {
  test('every ruby example gives exactly the findings it names', () => {
    const page = readFileSync(join(ROOT, 'docs', 'formats', 'python-ruby-javascript.md'), 'utf8');
    const re = /<!--\s*example:\s*(\S+\.(?:rb))\s+expects\s+([^>]*?)\s*-->\s*\n```[^\n]*\n([\s\S]*?)\n```/g;
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
