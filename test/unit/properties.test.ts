// Spring Boot .properties: the reader against java.util.Properties itself (when a JDK is installed), exact ranges,
// the Spring/Jakarta Mail semantics, documents and profiles, and fixes written in the file's own style.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { fixAll, lintText, redact, type LintResult, type MailProfile } from '../../server/src/engine';
import { propertiesFormat, unbracketKey } from '../../server/src/engine/formats/properties';
import { readProperties } from '../../server/src/engine/formats/properties/reader';
import { readSpringValue } from '../../server/src/engine/formats/properties/spring';

const PATH = 'src/main/resources/application.properties';

function lint(text: string, path = PATH): LintResult {
  return lintText(text, { path });
}

function rules(r: LintResult): string[] {
  return r.findings.map((f) => `${r.index.positionAt(f.span.start).line + 1} ${f.ruleId}`).sort();
}

function profile(text: string, path = PATH): MailProfile {
  const r = lint(text, path);
  assert.ok(r.parsed && !r.skipped, `not parsed: ${r.skipped}`);
  assert.equal(r.parsed.profiles.length, 1);
  return r.parsed.profiles[0];
}

const mail = (lines: string[]) => ['spring.mail.host=smtp.example.com', ...lines].join('\n') + '\n';

describe('file names', () => {
  test('application and bootstrap properties, with or without a profile, anywhere', () => {
    for (const p of ['application.properties', 'src/main/resources/application-prod.properties', 'config/bootstrap.properties', 'C:\\app\\application-eu.west.properties']) {
      assert.ok(propertiesFormat.matchesPath(p), p);
    }
  });
  test('other .properties files are not read', () => {
    for (const p of ['gradle.properties', 'messages.properties', 'log4j.properties', 'application.yml', 'myapplication.properties']) {
      assert.ok(!propertiesFormat.matchesPath(p), p);
    }
  });
  test('a file without spring.mail keys is skipped', () => {
    const r = lint('spring.datasource.url=jdbc:h2:mem:x\nspring.datasource.password=hunter22\n');
    assert.ok(r.skipped);
    assert.deepEqual(r.findings, []);
  });
  test('spring.mail keys only in comments are not read', () => {
    const r = lint('# spring.mail.host=smtp.example.com\n! spring.mail.port=25\n');
    assert.ok(r.skipped);
  });
});

describe('reader', () => {
  test('separators, comments and the exact ranges of keys and values', () => {
    const text = 'a=1\n  b : two words \nc   3\n# d=4\n   ! e=5\nf\ng=\n';
    const { entries, comments } = readProperties(text);
    const at = (s: { start: number; end: number }) => text.slice(s.start, s.end);
    assert.deepEqual(
      entries.map((e) => [e.key, e.value, at(e.keySpan), at(e.valueSpan), e.separator]),
      [
        ['a', '1', 'a', '1', '='],
        ['b', 'two words ', 'b', 'two words ', ' : '],
        ['c', '3', 'c', '3', '   '],
        ['f', '', 'f', '', ''],
        ['g', '', 'g', '', '='],
      ],
    );
    assert.deepEqual(comments.map(at), ['# d=4', '! e=5']);
  });

  test('continuation lines drop their leading whitespace; an even number of backslashes does not continue', () => {
    const text = 'a=one \\\n    two\\\n\tthree\nb=x\\\\\nc=y\n';
    const { entries } = readProperties(text);
    assert.deepEqual(
      entries.map((e) => [e.key, e.value]),
      [
        ['a', 'one twothree'],
        ['b', 'x\\'],
        ['c', 'y'],
      ],
    );
    // The value range covers the continuation lines as written.
    assert.equal(text.slice(entries[0].valueSpan.start, entries[0].valueSpan.end), 'one \\\n    two\\\n\tthree');
  });

  test('escapes: \\uXXXX, \\t, \\=, \\: and escaped separators inside keys', () => {
    const { entries } = readProperties('k\\:ey\\=x=v\\u0040l\\tue\\:\nport\\u003a587\nsp\\ ace = 1\n');
    assert.deepEqual(
      entries.map((e) => [e.key, e.value]),
      [
        ['k:ey=x', 'v@l\tue:'],
        ['port:587', ''],
        ['sp ace', '1'],
      ],
    );
  });

  test('Spring document separators #--- and !--- split documents', () => {
    const { entries, docs } = readProperties('a=1\n#---\nb=2\n!---\nc=3\n  #---\nd=4\n');
    assert.equal(docs.length, 3);
    assert.deepEqual(
      entries.map((e) => [e.key, e.doc]),
      [
        ['a', 0],
        ['b', 1],
        ['c', 2],
        ['d', 2], // an indented #--- is a plain comment
      ],
    );
  });

  test('CRLF and lone CR line breaks', () => {
    const { entries } = readProperties('a=1\r\nb=2\rc=3\\\r\n  4');
    assert.deepEqual(
      entries.map((e) => [e.key, e.value]),
      [
        ['a', '1'],
        ['b', '2'],
        ['c', '34'],
      ],
    );
  });

  test('half-typed input never throws', () => {
    for (const t of ['\\', 'a=\\', 'a\\u12', '=', ':x', 'a=b\\u', '\\\n\\\n', ' \t\f']) {
      assert.doesNotThrow(() => readProperties(t), JSON.stringify(t));
      assert.doesNotThrow(() => lint(`spring.mail.host=x\n${t}`), JSON.stringify(t));
    }
  });

  // Differential test against the JDK's own Properties.load, when java is installed.
  const java = spawnSync('java', ['-version']).status === 0;
  test('agrees with java.util.Properties on generated files', { skip: !java && 'no JDK installed' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-props-'));
    writeFileSync(
      join(dir, 'PropsDump.java'),
      [
        'import java.io.*; import java.nio.charset.StandardCharsets; import java.nio.file.*; import java.util.*;',
        'public class PropsDump { public static void main(String[] args) throws Exception {',
        '  for (String a : args) { Properties p = new Properties();',
        '    try (Reader r = Files.newBufferedReader(Paths.get(a), StandardCharsets.UTF_8)) { p.load(r); }',
        '    catch (IllegalArgumentException e) { System.out.println("ERR"); continue; }',
        '    List<String> keys = new ArrayList<>(p.stringPropertyNames()); Collections.sort(keys);',
        '    StringBuilder sb = new StringBuilder();',
        '    for (String k : keys) sb.append(hex(k)).append("=").append(hex(p.getProperty(k))).append(";");',
        '    System.out.println(sb); } }',
        '  static String hex(String s) { StringBuilder b = new StringBuilder(); for (char c : s.toCharArray()) b.append(String.format("%04x", (int) c)); return b.toString(); } }',
      ].join('\n'),
    );
    const piece = fc.constantFrom(
      'spring', '.', 'mail', 'host', 'a', 'B', ' ', '  ', '\t', '=', ':', ' = ', ': ', '\\', '\\\\', '\\=', '\\:', '\\ ',
      '\\u0040', '\\u00e9', '\\t', '\\n', '#', '!', '\\\n', '\\\r\n', '\n', '\r\n', '\r', 'é', '${X:25}', 'smtp://u:p@h:25',
    );
    const files = fc.sample(fc.array(piece, { maxLength: 30 }).map((parts) => parts.join('')), { numRuns: 800, seed: 4242 });
    const paths = files.map((text, i) => {
      const p = join(dir, `f${i}.properties`);
      writeFileSync(p, text);
      return p;
    });
    const out = spawnSync('java', [join(dir, 'PropsDump.java'), ...paths], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    const lines = out.stdout.split('\n');
    const hex = (s: string) => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('');
    let compared = 0;
    files.forEach((text, i) => {
      if (lines[i] === 'ERR') return; // a malformed \u escape: Java refuses the file, we read what we can
      const map = new Map<string, string>();
      for (const e of readProperties(text).entries) map.set(e.key, e.value);
      const keys = [...map.keys()].sort();
      const mine = keys.map((k) => `${hex(k)}=${hex(map.get(k)!)};`).join('');
      assert.equal(mine, lines[i], `file ${JSON.stringify(text)}`);
      compared++;
    });
    assert.ok(compared > 200);
  });
});

describe('placeholders', () => {
  test('${NAME:default} is a fallback, ${NAME} is unknown, defaults may nest', () => {
    assert.deepEqual(readSpringValue('${SMTP_PORT:587}'), { text: '587', origin: 'fallback', reference: '${SMTP_PORT}', unknown: false });
    assert.equal(readSpringValue('${SMTP_PORT}').unknown, true);
    assert.deepEqual(readSpringValue('${A:${B:25}}'), { text: '25', origin: 'fallback', reference: '${A}', unknown: false });
    assert.equal(readSpringValue('${A:${B}}').unknown, true);
    assert.equal(readSpringValue('smtp.${DOMAIN}').unknown, true);
    assert.deepEqual(readSpringValue('${EMPTY:}'), { text: '', origin: 'fallback', reference: '${EMPTY}', unknown: false });
  });
  test('a port fallback of 25 is reported as a fallback, an unknown port not at all', () => {
    const r = lint(mail(['spring.mail.port=${SMTP_PORT:25}', 'spring.mail.properties.mail.smtp.starttls.enable=true', 'spring.mail.properties.mail.smtp.starttls.required=true', 'spring.mail.username=u', 'spring.mail.password=${P}']));
    assert.deepEqual(rules(r), ['2 port-25']);
    assert.match(r.findings[0].message, /fallback value of \$\{SMTP_PORT\}/);
    const unknown = lint(mail(['spring.mail.port=${SMTP_PORT}', 'spring.mail.properties.mail.smtp.starttls.required=true', 'spring.mail.username=u', 'spring.mail.password=${P}']));
    assert.deepEqual(rules(unknown), []);
  });
});

describe('Spring Boot and Jakarta Mail semantics', () => {
  const secure = ['spring.mail.username=u', 'spring.mail.password=${P}'];
  const cases: [string, string[], { port: number | string | undefined; tls: string; auth?: boolean }][] = [
    ['no port, no TLS: port 25 plaintext', [], { port: 25, tls: 'none' }],
    ['smtps: implicit TLS on 465', ['spring.mail.protocol=smtps'], { port: 465, tls: 'implicit' }],
    ['ssl.enable: implicit TLS, default port 465', ['spring.mail.properties.mail.smtp.ssl.enable=true'], { port: 465, tls: 'implicit' }],
    ['spring.mail.ssl.enabled (Boot 3.1+)', ['spring.mail.ssl.enabled=true', 'spring.mail.port=465'], { port: 465, tls: 'implicit' }],
    ['starttls.enable alone is opportunistic', ['spring.mail.port=587', 'spring.mail.properties.mail.smtp.starttls.enable=true'], { port: 587, tls: 'opportunistic' }],
    ['starttls.required requires it', ['spring.mail.port=587', 'spring.mail.properties.mail.smtp.starttls.enable=true', 'spring.mail.properties.mail.smtp.starttls.required=true'], { port: 587, tls: 'starttls' }],
    ['Jakarta reads "yes" as false', ['spring.mail.port=587', 'spring.mail.properties.mail.smtp.starttls.enable=yes'], { port: 587, tls: 'none' }],
    ['mail.smtp.* is ignored with protocol smtps', ['spring.mail.protocol=smtps', 'spring.mail.properties.mail.smtp.starttls.enable=true', 'spring.mail.properties.mail.smtp.port=587'], { port: 465, tls: 'implicit' }],
    ['mail.smtp.port when spring.mail.port is unset', ['spring.mail.properties.mail.smtp.port=2525', 'spring.mail.properties.mail.smtp.starttls.required=true'], { port: 2525, tls: 'starttls' }],
    ['legacy SSL socket factory: its port', ['spring.mail.port=587', 'spring.mail.properties.mail.smtp.socketFactory.class=javax.net.ssl.SSLSocketFactory', 'spring.mail.properties.mail.smtp.socketFactory.port=465'], { port: 465, tls: 'implicit' }],
  ];
  for (const [name, lines, want] of cases) {
    test(name, () => {
      const p = profile(mail([...lines, ...secure]));
      assert.equal(p.port?.value, want.port);
      assert.equal(p.tls.value, want.tls);
      assert.equal(p.ecosystem, 'spring-boot');
    });
  }

  test('credentials log in even without mail.smtp.auth (Jakarta authenticates when both are given)', () => {
    assert.equal(profile(mail(['spring.mail.username=u', 'spring.mail.password=${P}'])).auth?.value, true);
    assert.equal(profile(mail(['spring.mail.properties.mail.smtp.auth=false', 'spring.mail.username=u', 'spring.mail.password=${P}'])).auth?.value, true);
  });
  test('no credentials: auth off, reported for a remote relay and not for a local one', () => {
    const r = lint(mail(['spring.mail.port=587', 'spring.mail.properties.mail.smtp.starttls.required=true']));
    assert.deepEqual(rules(r), ['1 auth-disabled']);
    const local = lint('spring.mail.host=localhost\nspring.mail.port=25\n');
    assert.deepEqual(rules(local), []);
  });
  test('smtps with only mail.smtp.auth and no credentials: auth off', () => {
    const p = profile(mail(['spring.mail.protocol=smtps', 'spring.mail.properties.mail.smtp.auth=true']));
    assert.equal(p.auth?.value, false);
    assert.equal(p.auth?.key, 'spring.mail.properties.mail.smtps.auth');
  });
  test('ssl.trust: "*" and a list naming the relay disable checks; a list of other hosts does not', () => {
    const t = (v: string) => profile(mail([`spring.mail.properties.mail.smtp.ssl.trust=${v}`])).verifyDisabled.length;
    assert.equal(t('*'), 1);
    assert.equal(t('smtp.other.com SMTP.EXAMPLE.COM'), 1);
    assert.equal(t('smtp.other.com'), 0);
    assert.equal(profile(mail(['spring.mail.properties.mail.smtp.ssl.checkserveridentity=false'])).verifyDisabled.length, 1);
    assert.equal(profile(mail(['spring.mail.properties.mail.smtp.ssl.checkserveridentity=true'])).verifyDisabled.length, 0);
  });
  test('jndi-name and unknown protocols make the settings inactive', () => {
    assert.equal(profile(mail(['spring.mail.jndi-name=mail/Session', 'spring.mail.port=25'])).active, false);
    assert.equal(profile(mail(['spring.mail.jndiName=mail/Session'])).active, false);
    assert.equal(profile(mail(['spring.mail.protocol=imap'])).active, false);
  });
  test('look-alike keys of other clients never fire', () => {
    const r = lint(
      [
        'spring.mail.host=smtp.example.com',
        'spring.mail.port=587',
        'spring.mail.username=u',
        'spring.mail.password=${P}',
        'spring.mail.properties.mail.smtp.starttls.required=true',
        'mail.smtp.ssl.trust=*',
        'spring.mail.properties.mail.imap.ssl.trust=*',
        'spring.datasource.hikari.data-source-properties.sslmode=disable',
        'spring.rabbitmq.ssl.validate-server-certificate=false',
        'spring.kafka.ssl.trust-store-type=PKCS12',
      ].join('\n'),
    );
    assert.deepEqual(rules(r), []);
  });
  test('relaxed binding of spring.mail keys: case, dashes and underscores', () => {
    const p = profile('spring.mail.HOST=smtp.example.com\nspring.mail.Port=465\nspring.mail.SSL.ENABLED=true\nspring.mail.username=u\nspring.mail.password=${P}\n');
    assert.equal(p.port?.value, 465);
    assert.equal(p.tls.value, 'implicit');
  });
});

describe('documents and profiles', () => {
  const base = ['spring.mail.host=smtp.sendgrid.net', 'spring.mail.port=587', 'spring.mail.username=apikey', 'spring.mail.password=${KEY}', 'spring.mail.properties.mail.smtp.starttls.enable=true'];
  test('a profile document that points at a local catcher is not judged like the default', () => {
    const r = lint([...base, '#---', 'spring.config.activate.on-profile=dev', 'spring.mail.host=mailpit', 'spring.mail.port=1025', ''].join('\n'));
    assert.deepEqual(rules(r), ['5 tls-not-enforced']);
  });
  test('an inherited problem in a profile document is reported there, once per profile', () => {
    const r = lint([...base, '#---', 'spring.config.activate.on-profile=eu', 'spring.mail.host=smtp.eu.sendgrid.net', ''].join('\n'));
    assert.deepEqual(rules(r), ['5 tls-not-enforced', '8 tls-not-enforced']);
    const eu = r.findings.find((f) => r.index.positionAt(f.span.start).line === 7)!;
    assert.match(eu.message, /of the default document/);
  });
  test('a profile document that only changes the password repeats nothing', () => {
    const r = lint([...base, '#---', 'spring.profiles=ci', 'spring.mail.password=${CI_KEY}', ''].join('\n'));
    assert.deepEqual(rules(r), ['5 tls-not-enforced']);
    const ci = r.parsed!.profiles[1];
    assert.equal(ci.active, false);
    assert.match(ci.inactiveReason ?? '', /credentials/);
  });
  test('a literal password in a credentials-only profile document is still reported', () => {
    const r = lint([...base, '#---', 'spring.profiles=ci', 'spring.mail.password=Qx8-live-7Kp2', ''].join('\n'));
    assert.deepEqual(rules(r), ['5 tls-not-enforced', '8 plaintext-password']);
  });
});

describe('fixes', () => {
  test('inserted keys follow the file: separator style, placement next to their kin', () => {
    const text = 'spring.mail.host : smtp.mailgun.org\nspring.mail.username : postmaster@mg.example.com\nspring.mail.password : ${MG}\nspring.mail.properties.mail.smtp.auth : true\nlogging.level.root : INFO\n';
    const fixed = fixAll(text, { path: PATH }).text;
    assert.equal(
      fixed,
      'spring.mail.host : smtp.mailgun.org\nspring.mail.port : 587\nspring.mail.username : postmaster@mg.example.com\nspring.mail.password : ${MG}\nspring.mail.properties.mail.smtp.auth : true\nspring.mail.properties.mail.smtp.starttls.enable : true\nspring.mail.properties.mail.smtp.starttls.required : true\nlogging.level.root : INFO\n',
    );
    assert.deepEqual(lint(fixed).findings, []);
  });
  test('a placeholder keeps its variable; only the default changes', () => {
    const text = mail(['spring.mail.port=${SMTP_PORT:25}', 'spring.mail.properties.mail.smtp.starttls.required=true', 'spring.mail.username=u', 'spring.mail.password=${P}']);
    assert.match(fixAll(text, { path: PATH }).text, /^spring\.mail\.port=\$\{SMTP_PORT:587\}$/m);
  });
  test('CRLF files get CRLF lines', () => {
    const text = 'spring.mail.host=smtp.example.com\r\nspring.mail.port=25\r\nspring.mail.username=u\r\nspring.mail.password=${P}\r\n';
    const fixed = fixAll(text, { path: PATH }).text;
    assert.ok(!/[^\r]\n/.test(fixed), JSON.stringify(fixed));
    assert.match(fixed, /starttls\.required=true\r\n/);
  });
  test('a line removed between a lone CR and an LF does not join them into one CRLF break (fuzz seed 2, case 54792)', () => {
    // Removing `ssl.trust` with its LF left the CR before it next to the blank line's LF: a CRLF, one line fewer.
    const trust = 'spring.mail.host=smtp.example.com\rspring.mail.port=587\rspring.mail.properties.mail.smtp.starttls.required=true\rspring.mail.properties.mail.smtp.ssl.trust=*\n\nlogging.level.root=INFO\n';
    assert.equal(fixAll(trust, { path: PATH }).text, 'spring.mail.host=smtp.example.com\rspring.mail.port=587\rspring.mail.properties.mail.smtp.starttls.required=true\n\nlogging.level.root=INFO\n');
    // The same with a duplicate removal, and with the fuzz case's key inserted right before the removed line.
    const duplicate = 'spring.mail.host=localhost\rspring.mail.port=2525\n\nspring.mail.port=25\r';
    assert.equal(fixAll(duplicate, { path: PATH }).text, 'spring.mail.host=localhost\n\nspring.mail.port=25\r');
    const both = 'spring.mail.host=smtp.example.com\rspring.mail.port=25\rspring.mail.properties.mail.smtp.starttls.enable=true\rspring.mail.properties.mail.smtp.ssl.trust=*\n\nx=1';
    const fixed = fixAll(both, { path: PATH }).text;
    assert.equal(fixed, 'spring.mail.host=smtp.example.com\rspring.mail.port=587\rspring.mail.properties.mail.smtp.starttls.enable=true\rspring.mail.properties.mail.smtp.starttls.required=true\n\nx=1');
    assert.equal(fixAll(fixed, { path: PATH }).text, fixed);
  });
  test('the duplicate that has no effect is removed, continuation lines included', () => {
    const text = 'spring.mail.host=localhost\nspring.mail.port=\\\n  2525\nspring.mail.port=25\n';
    const r = lint(text);
    assert.deepEqual(rules(r), ['2 duplicate-setting']);
    assert.equal(fixAll(text, { path: PATH }).text, 'spring.mail.host=localhost\nspring.mail.port=25\n');
  });
  test('switching away from smtps rewrites the protocol and adds mail.smtp.* keys', () => {
    const text = 'spring.mail.host=smtp.office365.com\nspring.mail.protocol=smtps\nspring.mail.port=587\nspring.mail.username=u\nspring.mail.password=${P}\n';
    const fixed = fixAll(text, { path: PATH }).text;
    const p = profile(fixed);
    assert.equal(p.tls.value, 'starttls');
    assert.equal(p.port?.value, 587);
    assert.match(fixed, /spring\.mail\.protocol=smtp\n/);
  });
  test('fixing twice changes nothing, and every fix keeps the file readable', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('25', '465', '587', '2525', '${PORT:25}'),
        fc.constantFrom('', 'spring.mail.protocol=smtps', 'spring.mail.properties.mail.smtp.ssl.enable=true', 'spring.mail.properties.mail.smtp.starttls.enable=true'),
        fc.constantFrom('', 'spring.mail.properties.mail.smtp.ssl.trust=*', 'spring.mail.properties.mail.smtp.ssl.checkserveridentity=false'),
        fc.constantFrom(' = ', '=', ': '),
        (port, tls, verify, sep) => {
          const text = [`spring.mail.host${sep}smtp.mailgun.org`, `spring.mail.port${sep}${port}`, 'spring.mail.username=u', 'spring.mail.password=${P}', tls, verify].filter(Boolean).join('\n') + '\n';
          const once = fixAll(text, { path: PATH }).text;
          assert.equal(fixAll(once, { path: PATH }).text, once);
          const left = lint(once).findings.map((f) => f.ruleId);
          assert.deepEqual(left.filter((r) => r !== 'tls-not-enforced' && r !== 'provider-port'), [], once);
        },
      ),
      { numRuns: 120, seed: 7 },
    );
  });
});

describe('secrets', () => {
  test('a literal password never appears in a message; placeholder words are not masked', () => {
    const r = lint(mail(['spring.mail.port=25', 'spring.mail.username=u', 'spring.mail.password=Zr4!live-secret-91']));
    assert.ok(r.findings.length > 0);
    for (const f of r.findings) assert.ok(!f.message.includes('Zr4!live-secret-91'));
    assert.ok(r.parsed!.secrets.includes('Zr4!live-secret-91'));
    const placeholder = lint(mail(['spring.mail.port=25', 'spring.mail.username=u', 'spring.mail.password=pass']));
    assert.ok(!placeholder.parsed!.secrets.includes('pass'));
    assert.ok(placeholder.findings.every((f) => !f.message.includes('****')));
  });
});

describe('secrets as the file spells them', () => {
  test('a password written with \\u escapes, \\: and a continuation line is redacted in that spelling, line by line', () => {
    const text = mail(['spring.mail.port=25', 'spring.mail.username=u', 'spring.mail.password=Zq8-SMTP\\u002Dpw-c41\\', '    e9Tx\\:z']);
    const r = lint(text);
    assert.ok(r.parsed);
    assert.ok(r.parsed.secrets.includes('Zq8-SMTP-pw-c41e9Tx:z'), 'the decoded value');
    assert.ok(r.parsed.secrets.includes('Zq8-SMTP\\u002Dpw-c41'), 'the first line as written');
    assert.ok(r.parsed.secrets.includes('e9Tx\\:z'), 'the continuation as written');
    const shown = redact(text, r.parsed.secrets);
    assert.ok(!shown.includes('Zq8') && !shown.includes('e9Tx'), shown);
  });
});

describe('Spring bracket notation for map keys', () => {
  const brackets = (lines: string[]) => mail(['spring.mail.port=587', 'spring.mail.username=u', 'spring.mail.password=${P}', ...lines]);

  test('`spring.mail.properties[mail.smtp.starttls.required]` reads like the dotted key (no false missing-tls / auth-disabled)', () => {
    const bracketed = brackets(['spring.mail.properties[mail.smtp.auth]=true', 'spring.mail.properties[mail.smtp.starttls.enable]=true', 'spring.mail.properties[mail.smtp.starttls.required]=true']);
    const dotted = bracketed.replace(/properties\[([^\]]*)\]/g, 'properties.$1');
    assert.deepEqual(rules(lint(bracketed)), []);
    assert.deepEqual(rules(lint(dotted)), []);
    const p = profile(bracketed);
    assert.deepEqual([p.tls.value, p.auth?.value], [profile(dotted).tls.value, profile(dotted).auth?.value]);
    assert.equal(p.tls.value, 'starttls');
    // Hovers know the bracketed keys.
    const symbols = lint(bracketed).parsed!.symbols.filter((s) => s.key.includes('['));
    assert.deepEqual(symbols.map((s) => s.role), ['auth', 'tls', 'tls']);
  });

  test('a bracketed key and its dotted spelling are the same setting: a duplicate', () => {
    const text = brackets(['spring.mail.properties.mail.smtp.starttls.enable=false', 'spring.mail.properties[mail.smtp.starttls.enable]=true']);
    assert.ok(rules(lint(text)).some((r) => r.endsWith('duplicate-setting')), rules(lint(text)).join(', '));
  });

  test('unbracketKey: `[a.b]` and `.[a.b]`, unclosed brackets kept, linear on long runs of `[`', () => {
    assert.equal(unbracketKey('spring.mail.properties[mail.smtp.auth]'), 'spring.mail.properties.mail.smtp.auth');
    assert.equal(unbracketKey('spring.mail.properties.[mail.smtp.auth]'), 'spring.mail.properties.mail.smtp.auth');
    assert.equal(unbracketKey('spring.mail.properties[mail.smtp'), 'spring.mail.properties[mail.smtp');
    // A search for `]` from every `[` would be about 2e10 steps here (many seconds); linear is milliseconds.
    const t0 = performance.now();
    unbracketKey(`spring.mail.properties${'['.repeat(200000)}`);
    assert.ok(performance.now() - t0 < 2000, `${(performance.now() - t0).toFixed(0)} ms`);
  });

  test('a fix in a bracket-style file writes its new Jakarta keys in brackets', () => {
    const text = mail(['spring.mail.port=25', 'spring.mail.username=u', 'spring.mail.password=${P}', 'spring.mail.properties[mail.smtp.auth]=true']);
    const fixed = fixAll(text, { path: PATH }).text;
    assert.match(fixed, /^spring\.mail\.properties\[mail\.smtp\.starttls\.required\]=true$/m);
    assert.ok(!/^spring\.mail\.properties\.mail/m.test(fixed), fixed);
    assert.deepEqual(rules(lint(fixed)), []);
  });
});
