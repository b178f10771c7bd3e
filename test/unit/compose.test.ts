// Compose files: which names are read, environment as a map or a list (typed and quoted values), interpolation
// defaults, one profile set per service, env_file notes, plaintext secrets, in-place edits that keep the YAML
// style, and tolerance of half-typed files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { applyEdits, fixAll, lintText, redact, type LintResult, type MailProfile } from '../../server/src/engine';
import { appOfImage, composeFormat } from '../../server/src/engine/formats/compose';
import { composeWriter, environmentEntries } from '../../server/src/engine/formats/compose/yaml-env';

const PATH = '/srv/stack/docker-compose.yml';

function lint(text: string, path = PATH): LintResult {
  return lintText(text, { path });
}

function profiles(r: LintResult): MailProfile[] {
  assert.ok(r.parsed && !r.skipped, `not parsed: ${r.skipped}`);
  return r.parsed.profiles;
}

function only(r: LintResult): MailProfile {
  const ps = profiles(r);
  assert.equal(ps.length, 1, `expected one profile, got ${ps.map((p) => p.label).join(' | ')}`);
  return ps[0];
}

function rules(r: LintResult): string[] {
  return r.findings.map((f) => `${r.index.positionAt(f.span.start).line + 1} ${f.ruleId}`).sort();
}

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `text lacks ${needle}`);
  return text.slice(0, i).split('\n').length;
}

/** A compose file with one service whose environment block is `env` (already indented by 6). */
function compose(env: string, image = 'ghcr.io/example/app:1.0', service = 'app'): string {
  return `services:\n  ${service}:\n    image: ${image}\n    environment:\n${env}`;
}

describe('which files are compose files', () => {
  test('Compose names match, other YAML does not', () => {
    for (const p of ['docker-compose.yml', 'docker-compose.yaml', 'docker-compose.prod.yml', 'compose.yaml', 'compose.override.yml', 'sub/dir/compose.dev.yaml', 'C:\\stack\\docker-compose.yml']) {
      assert.ok(composeFormat.matchesPath(p), p);
    }
    for (const p of ['application.yml', 'my-compose.yml', 'docker-compose.json', '.env', 'compose/app.yml', 'config/packages/mailer.yaml']) {
      assert.ok(!composeFormat.matchesPath(p), p);
    }
  });

  test('a YAML file named like Compose but without services: is skipped with a reason', () => {
    const r = lint('version: 2.3\nchanges:\n  - SMTP_PORT moved from 25 to 587\n', '/x/docker-compose.notes.yml');
    assert.equal(r.format, 'compose');
    assert.match(r.skipped ?? '', /no top-level services/);
    assert.deepEqual(r.findings, []);
  });

  test('a Compose file without mail settings is linted, not skipped', () => {
    const r = lint('services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: example\n');
    assert.equal(r.skipped, undefined);
    assert.deepEqual(profiles(r), []);
    assert.deepEqual(r.findings, []);
  });

  test('images name the app whose vocabulary reads shared keys', () => {
    assert.equal(appOfImage('vaultwarden/server:1.32.0'), 'vaultwarden');
    assert.equal(appOfImage('docker.getoutline.com/outlinewiki/outline:0.80.2'), 'outline');
    assert.equal(appOfImage('ghcr.io/mastodon/mastodon:v4.3.2@sha256:abc'), 'mastodon');
    assert.equal(appOfImage('nextcloud:29-apache'), 'nextcloud');
    assert.equal(appOfImage('supabase/gotrue:v2.164.0'), 'supabase');
    assert.equal(appOfImage('localhost:5000/nextcloud-backup:1'), undefined);
    assert.equal(appOfImage('postgres:16'), undefined);
  });
});

describe('environment as a map or a list', () => {
  const map = compose('      EMAIL_HOST: smtp.mailgun.org\n      EMAIL_PORT: 25\n      EMAIL_USE_TLS: false\n');
  const list = compose('      - EMAIL_HOST=smtp.mailgun.org\n      - "EMAIL_PORT=25"\n      - EMAIL_USE_TLS=false\n');

  test('both syntaxes give the same profile, on the same lines', () => {
    const a = only(lint(map));
    const b = only(lint(list));
    for (const p of [a, b]) {
      assert.equal(p.host?.value, 'smtp.mailgun.org');
      assert.equal(p.port?.value, 25);
      assert.equal(p.tls.value, 'none');
      assert.equal(p.ecosystem, 'django');
    }
    assert.deepEqual(rules(lint(map)), ['6 port-25', '7 missing-tls']);
    assert.deepEqual(rules(lint(list)), ['6 port-25', '7 missing-tls']);
  });

  test('typed YAML values (ints, booleans) are read as Compose passes them: the text as written', () => {
    const text = compose('      SMTP_SERVER: smtp.gmail.com\n      SMTP_PORT: 587\n      SMTP_TLS: true\n      LOCAL_DOMAIN: social.example.org\n');
    const p = only(lint(text));
    assert.equal(p.port?.value, 587);
    assert.equal(p.tls.value, 'implicit');
    assert.deepEqual(rules(lint(text)), ['7 tls-port-mismatch']);
  });

  test('a list item edits only the value part, keeping its quotes', () => {
    const text = compose('      - "EMAIL_HOST=smtp.mailgun.org"\n      - "EMAIL_PORT=25"\n      - \'EMAIL_USE_TLS=True\'\n');
    const fixed = fixAll(text, { path: PATH }).text;
    assert.match(fixed, /- "EMAIL_PORT=587"\n/);
    assert.match(fixed, /- 'EMAIL_USE_TLS=True'\n/);
    assert.deepEqual(parseDocument(fixed).errors, []);
  });

  test('`- KEY="value"` keeps the inner quotes and edits inside them', () => {
    const text = compose('      - EMAIL_HOST=smtp.mailgun.org\n      - EMAIL_PORT="25"\n      - EMAIL_USE_TLS=True\n');
    const p = only(lint(text));
    assert.equal(p.port?.value, 25);
    const fixed = fixAll(text, { path: PATH }).text;
    assert.match(fixed, /- EMAIL_PORT="587"\n/);
  });

  test('a key without a value passes the shell variable through: unknown, no finding about it', () => {
    const text = compose('      - EMAIL_HOST=smtp.mailgun.org\n      - EMAIL_PORT\n      - EMAIL_USE_TLS=True\n');
    const p = only(lint(text));
    assert.equal(p.port, undefined);
    assert.deepEqual(rules(lint(text)), []);
    const mapText = compose('      EMAIL_HOST: smtp.mailgun.org\n      EMAIL_PORT:\n      EMAIL_USE_TLS: "True"\n');
    assert.equal(only(lint(mapText)).port, undefined);
  });
});

describe('interpolation', () => {
  test('${VAR:-default} and ${VAR-default} are judged by their default, and say so', () => {
    for (const value of ['${SMTP_PORT:-25}', '${SMTP_PORT-25}']) {
      const text = compose(`      MAIL_MAILER: smtp\n      MAIL_HOST: smtp.mailgun.org\n      MAIL_PORT: ${value}\n      MAIL_ENCRYPTION: tls\n`);
      const r = lint(text);
      const p = only(r);
      assert.equal(p.port?.value, 25);
      assert.equal(p.port?.origin, 'fallback');
      assert.equal(p.port?.reference, '${SMTP_PORT}');
      const f = r.findings.find((x) => x.ruleId === 'port-25');
      assert.ok(f, value);
      assert.match(f.message, /fallback value of \$\{SMTP_PORT\}/);
    }
  });

  test('nested defaults resolve; required and alternate forms are unknown', () => {
    const nested = compose('      MAIL_HOST: smtp.mailgun.org\n      MAIL_PORT: ${PORT:-${SMTP_PORT:-25}}\n      MAIL_ENCRYPTION: tls\n');
    assert.equal(only(lint(nested)).port?.value, 25);
    for (const value of ['${SMTP_PORT:?set the port}', '${SMTP_PORT?}', '${SMTP_PORT:+587}', '${SMTP_PORT}', '$SMTP_PORT']) {
      const text = compose(`      MAIL_HOST: smtp.mailgun.org\n      MAIL_PORT: "${value}"\n      MAIL_ENCRYPTION: tls\n`);
      const r = lint(text);
      assert.equal(only(r).port, undefined, value);
      assert.ok(!r.findings.some((f) => f.ruleId === 'invalid-port'), value);
    }
  });

  test('the fix changes the default and keeps the lookup', () => {
    const text = compose('      MAIL_MAILER: smtp\n      MAIL_HOST: smtp.postmarkapp.com\n      MAIL_PORT: ${MAIL_PORT:-25}\n      MAIL_ENCRYPTION: tls\n');
    assert.match(fixAll(text, { path: PATH }).text, /MAIL_PORT: \$\{MAIL_PORT:-587\}\n/);
  });
});

describe('services, anchors and env_file', () => {
  test('one profile set per service, labelled with the service', () => {
    const text =
      'services:\n  web:\n    image: a\n    environment:\n      EMAIL_HOST: smtp.mailgun.org\n      EMAIL_PORT: 587\n      EMAIL_USE_TLS: "True"\n' +
      '  worker:\n    image: a\n    environment:\n      - EMAIL_HOST=smtp.mailgun.org\n      - EMAIL_PORT=25\n';
    const ps = profiles(lint(text));
    assert.equal(ps.length, 2);
    assert.match(ps[0].label, /service web/);
    assert.match(ps[1].label, /service worker/);
    assert.deepEqual(rules(lint(text)), ['11 missing-tls', '12 port-25']);
  });

  test('an environment shared through an anchor is judged once and names every service', () => {
    const text =
      'services:\n  web:\n    image: a\n    environment: &env\n      EMAIL_HOST: smtp.mailgun.org\n      EMAIL_PORT: 25\n      EMAIL_USE_TLS: "True"\n' +
      '  worker:\n    image: a\n    environment: *env\n';
    const r = lint(text);
    const p = only(r);
    assert.match(p.label, /services web, worker/);
    assert.deepEqual(rules(r), ['6 port-25']);
  });

  test('a key overriding a `<<:` merge is not a duplicate, and the override wins', () => {
    const text =
      'x-mail: &mail\n  EMAIL_HOST: smtp.mailgun.org\n  EMAIL_PORT: 25\n  EMAIL_USE_TLS: "True"\n' +
      'services:\n  web:\n    image: a\n    environment:\n      <<: *mail\n      EMAIL_PORT: 587\n';
    const r = lint(text);
    assert.equal(only(r).port?.value, 587);
    assert.deepEqual(rules(r), []);
  });

  test('service-level merges reach an inherited environment', () => {
    const text =
      'x-base: &base\n  image: a\n  environment:\n    EMAIL_HOST: smtp.mailgun.org\n    EMAIL_PORT: 25\n    EMAIL_USE_TLS: "True"\n' +
      'services:\n  web:\n    <<: *base\n    command: run\n';
    const r = lint(text);
    assert.equal(only(r).port?.value, 25);
    assert.deepEqual(rules(r), ['5 port-25']);
  });

  test('env_file references become hover notes; their files are not read', () => {
    const text =
      'services:\n  a:\n    image: x\n    env_file: .env.production\n  b:\n    image: x\n    env_file:\n      - ./common.env\n      - path: ./secret.env\n        required: false\n';
    const r = lint(text);
    const notes = r.parsed!.symbols.filter((s) => s.key === 'env_file').map((s) => text.slice(s.valueSpan!.start, s.valueSpan!.end));
    assert.deepEqual(notes, ['.env.production', './common.env', './secret.env']);
    assert.deepEqual(r.findings, []);
  });

  test('hover symbols carry the app ecosystem', () => {
    const text = compose('      GF_SMTP_ENABLED: "true"\n      GF_SMTP_HOST: smtp.gmail.com:587\n', 'grafana/grafana:11.2.0');
    const sym = lint(text).parsed!.symbols.find((s) => s.key === 'GF_SMTP_HOST');
    assert.equal(sym?.ecosystem, 'grafana');
    assert.equal(sym?.role, 'host');
  });
});

describe('secrets in compose files', () => {
  test('a literal SMTP password in environment: is a plaintext-password finding, never shown', () => {
    const secret = 'Kx9-fake-Rq2-mailgun-77';
    const text = compose(`      EMAIL_HOST: smtp.mailgun.org\n      EMAIL_PORT: 587\n      EMAIL_USE_TLS: "True"\n      EMAIL_HOST_PASSWORD: ${secret}\n`);
    const r = lint(text);
    assert.deepEqual(rules(r), ['8 plaintext-password']);
    assert.ok(r.parsed!.secrets.includes(secret));
    for (const f of r.findings) assert.ok(!f.message.includes(secret));
  });

  test('`$$` is an escaped dollar, not a lookup: the password is still a literal, redacted in both spellings', () => {
    const text = compose('      EMAIL_HOST: smtp.mailgun.org\n      EMAIL_PORT: 587\n      EMAIL_USE_TLS: "True"\n      EMAIL_HOST_PASSWORD: "Qz7-pa$$w0rd-91"\n');
    const r = lint(text);
    assert.deepEqual(rules(r), ['8 plaintext-password']);
    assert.ok(r.parsed!.secrets.includes('Qz7-pa$$w0rd-91'));
    assert.ok(r.parsed!.secrets.includes('Qz7-pa$w0rd-91'));
  });

  test('${VAR} and _FILE variants are references, not leaks', () => {
    const ref = compose('      EMAIL_HOST: smtp.mailgun.org\n      EMAIL_PORT: 587\n      EMAIL_USE_TLS: "True"\n      EMAIL_HOST_PASSWORD: ${MAILGUN_PASSWORD}\n');
    assert.deepEqual(rules(lint(ref)), []);
    const file = compose('      - SMTP_HOST=smtp.fastmail.com\n      - SMTP_SECURE=ssl\n      - SMTP_NAME=cloud@example.org\n      - SMTP_PASSWORD_FILE=/run/secrets/smtp\n', 'nextcloud:29');
    const r = lint(file);
    assert.equal(only(r).password?.value.kind, 'reference');
    assert.deepEqual(rules(r), []);
  });

  test('GITLAB_OMNIBUS_CONFIG (Ruby code) is not judged, but its SMTP password is kept secret', () => {
    const text = compose(
      "      GITLAB_OMNIBUS_CONFIG: |\n        gitlab_rails['smtp_port'] = 25\n        gitlab_rails['smtp_password'] = \"fake-omnibus-pw-42\"\n",
      'gitlab/gitlab-ce:17.3.1-ce.0',
    );
    const r = lint(text);
    assert.deepEqual(r.findings, []);
    assert.ok(r.parsed!.secrets.includes('fake-omnibus-pw-42'));
  });
});

describe('edits keep the YAML style', () => {
  test('an insertion in a map copies the neighbour quoting and indentation', () => {
    const text = compose('      SMTP_SERVER: "smtp.mailgun.org"\n      SMTP_PORT: "25"   # relay\n      LOCAL_DOMAIN: "example.org"\n', 'ghcr.io/mastodon/mastodon:v4.3.2');
    const fixed = fixAll(text, { path: PATH }).text;
    assert.ok(fixed.includes('      SMTP_PORT: "587"   # relay\n      SMTP_ENABLE_STARTTLS: "always"\n'), fixed);
    const env = parseDocument(fixed).toJS().services.app.environment;
    assert.equal(env.SMTP_ENABLE_STARTTLS, 'always');
    assert.equal(env.SMTP_PORT, '587');
  });

  test('an insertion in a list adds an item at the same indentation', () => {
    const text = compose('    - GF_SMTP_ENABLED=true\n    - GF_SMTP_HOST=smtp.gmail.com:25\n', 'grafana/grafana:11');
    const fixed = fixAll(text, { path: PATH }).text;
    assert.ok(fixed.includes('    - GF_SMTP_HOST=smtp.gmail.com:587\n    - GF_SMTP_STARTTLS_POLICY=MandatoryStartTLS'), fixed);
    assert.deepEqual(parseDocument(fixed).toJS().services.app.environment.slice(-1), ['GF_SMTP_STARTTLS_POLICY=MandatoryStartTLS']);
  });

  test('every fix of every fixture-like file leaves valid YAML that keeps its keys', () => {
    const texts = [
      compose('      - "N8N_SMTP_HOST=smtp.gmail.com"\n      - N8N_SMTP_PORT=587\n'),
      compose('      N8N_SMTP_HOST: smtp.gmail.com\n      N8N_SMTP_PORT: 587\n      N8N_SMTP_SSL: "true"\n'),
      compose("      N8N_SMTP_HOST: 'smtp.gmail.com'\n      N8N_SMTP_PORT: '25'\n"),
      'services:\n  a:\n    image: x\n    environment: { N8N_SMTP_HOST: smtp.gmail.com, N8N_SMTP_PORT: 25 }\n',
      'services:\n  a:\n    image: x\n    environment: [N8N_SMTP_HOST=smtp.gmail.com, N8N_SMTP_PORT=25]\n',
    ];
    for (const text of texts) {
      const r = lint(text);
      assert.ok(r.findings.length > 0, text);
      for (const f of r.findings) {
        for (const fix of f.fixes) {
          const out = applyEdits(text, fix.edits);
          assert.deepEqual(parseDocument(out).errors, [], `${fix.title} broke:\n${out}`);
          const before = envKeys(text);
          const after = envKeys(out);
          for (const k of before) assert.ok(after.includes(k), `${fix.title} lost ${k}`);
        }
      }
    }
  });
});

/** The environment keys of the first service, from either syntax. */
function envKeys(text: string): string[] {
  const services = parseDocument(text).toJS().services as Record<string, { environment: unknown }>;
  const env = Object.values(services)[0].environment;
  return Array.isArray(env) ? env.map((s: string) => s.split('=')[0]) : Object.keys(env as object);
}

describe('robustness', () => {
  test('every prefix of a compose file lints without throwing, with spans inside the text', () => {
    const text =
      'x-env: &env\n  SMTP_SERVER: "smtp.mailgun.org"\n  SMTP_PORT: 25\n' +
      'services:\n  web:\n    image: ghcr.io/mastodon/mastodon:v4\n    environment:\n      <<: *env\n      LOCAL_DOMAIN: x.org\n' +
      '  grafana:\n    image: grafana/grafana\n    environment:\n      - "GF_SMTP_ENABLED=true"\n      - GF_SMTP_HOST=[2001:db8::1]:25\n      - GF_SMTP_SKIP_VERIFY=true\n';
    for (let n = 0; n <= text.length; n++) {
      const part = text.slice(0, n);
      const r = lintText(part, { path: PATH });
      for (const f of r.findings) {
        assert.ok(f.span.start >= 0 && f.span.end <= part.length, `span out of range at prefix ${n}`);
        for (const fix of f.fixes) assert.doesNotThrow(() => applyEdits(part, fix.edits), `fix at prefix ${n}`);
      }
    }
  });

  test('broken YAML does not crash and still reads what it can', () => {
    const text = 'services:\n  web:\n    image: "unterminated\n    environment:\n      - EMAIL_PORT=25\n  other: [\n';
    assert.doesNotThrow(() => lint(text));
  });

  test('suppression comments work in compose files', () => {
    const text = compose('      EMAIL_HOST: smtp.mailgun.org\n      # smtp-lint-disable-next-line port-25 -- relay allows 25\n      EMAIL_PORT: 25\n      EMAIL_USE_TLS: "True"\n');
    assert.deepEqual(rules(lint(text)), []);
    assert.equal(lineOf(text, 'EMAIL_PORT: 25'), 7);
  });
});

describe('linear time, deep nesting, secrets as written', () => {
  /** Milliseconds for fn, best of three. */
  const timed = (fn: () => void): number => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      fn();
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };

  test('a block-scalar value followed by thousands of blank CRLF lines is read in linear time', () => {
    const withBlanks = (n: number) => compose(`      SMTP_HOST: |\r\n        a${'\r\n'.repeat(n)}        b\r\n      SMTP_PORT: 25\r\n`).replace(/\n/g, '\r\n').replace(/\r\r/g, '\r');
    // `(\r?\n|\r)*$` took exponential time here: about 3 s for 26 lines, doubling with each line.
    const t0 = performance.now();
    const r = lint(withBlanks(26));
    assert.ok(performance.now() - t0 < 1000, `26 blank lines: ${(performance.now() - t0).toFixed(0)} ms`);
    assert.equal(only(r).port?.value, 25);
    const small = timed(() => lint(withBlanks(2000)));
    const large = timed(() => lint(withBlanks(16000)));
    // 8 times the lines: linear is 8 times slower, quadratic 64; allow noise up to 24.
    assert.ok(large < Math.max(50, small * 24), `2,000 lines: ${small.toFixed(1)} ms, 16,000 lines: ${large.toFixed(1)} ms`);
  });

  test('removing an entry of a flow list is linear in the blanks before it, with or without a comma to take', () => {
    const text = (n: number, before: string) => `services:\n  app:\n    environment: [${before}${'\t\n'.repeat(n)}      SMTP_PORT=25 ]\n`;
    const removeLast = (t: string) => {
      const doc = parseDocument(t);
      const env = ((doc.contents as any).get('services').get('app') as any).get('environment', true);
      const entries = environmentEntries(doc, t, env);
      return applyEdits(t, [composeWriter(t, '\n').removeEntry(entries[entries.length - 1])]);
    };
    assert.equal(removeLast(text(2, 'SMTP_HOST=smtp.example.com,')), 'services:\n  app:\n    environment: [SMTP_HOST=smtp.example.com ]\n');
    assert.equal(removeLast(text(1, '')), 'services:\n  app:\n    environment: [\t\n       ]\n');
    // The only entry: no comma anywhere, so the backward search runs over the whole run of blanks.
    const small = timed(() => removeLast(text(5000, '')));
    const large = timed(() => removeLast(text(40000, '')));
    // 8 times the blanks: linear is 8 times slower, quadratic 64; allow noise up to 24.
    assert.ok(large < Math.max(50, small * 24), `5,000: ${small.toFixed(1)} ms, 40,000: ${large.toFixed(1)} ms`);
  });

  test('thousands of nested flow collections never throw', () => {
    const text = compose('      SMTP_HOST: smtp.gmail.com\n      SMTP_PORT: 25\n') + `    x: ${'['.repeat(20000)}${']'.repeat(20000)}\n`;
    const r = lint(text);
    assert.ok(!r.skipped?.startsWith('could not parse'), r.skipped);
  });

  test('a quoted password with YAML escapes is redacted as written', () => {
    const text = compose('      SMTP_HOST: smtp.gmail.com\n      SMTP_PORT: 25\n      SMTP_PASSWORD: "Zq8-SMTP\\x2Dpw-c41e9Tx"\n');
    const r = lint(text);
    assert.ok(r.parsed?.secrets.includes('Zq8-SMTP\\x2Dpw-c41e9Tx'), JSON.stringify(r.parsed?.secrets));
    assert.ok(!redact(text, r.parsed!.secrets).includes('Zq8'));
  });
});

describe('broken YAML and items not written as read', () => {
  test('YAML with syntax errors is judged, but no fix is offered (no overlapping edits inside a CRLF)', () => {
    const text =
      'services:\n  grafana:\n    image: grafana/grafana-oss:11.2.0\n    environment:\n      - GF_SMTP_ENABLED=true\n' +
      '      - "GF_SMTP_HOST=smtp.s\r\n\r\nendgrid.net:587"\n      - GF_SMTP_USER=apikey\n';
    const r = lint(text);
    assert.ok(r.parsed && r.parsed.profiles.length > 0);
    assert.deepEqual(r.findings.flatMap((f) => f.fixes), []);
    assert.equal(fixAll(text, { path: PATH }).text, text);
  });

  test('an unterminated quoted value in a CRLF file: spans never end between \\r and \\n', () => {
    const text = "services:\r\n  app:\r\n    environment:\r\n      SMTP_HOST: 'smtp.example.co\r\n      SMTP_PORT: 25\r\n";
    const r = lint(text);
    const spans = [...r.findings.map((f) => f.span), ...(r.parsed?.symbols ?? []).flatMap((s) => [s.keySpan, s.valueSpan])].filter((s) => s !== undefined);
    assert.ok(spans.length > 0);
    for (const s of spans) assert.ok(!(text[s!.end - 1] === '\r' && text[s!.end] === '\n'), `span ${s!.start}-${s!.end} splits a CRLF`);
  });

  test('a list item with escapes or a block scalar is rewritten whole: the key stays', () => {
    for (const item of ['"SMTP_PORT\\x3d25"', '|\n        SMTP_PORT=25', '>-\n        SMTP_PORT=25']) {
      const text = compose(`      - SMTP_HOST=smtp.gmail.com\n      - ${item}\n      - A=b\n`);
      const fixed = fixAll(text, { path: PATH }).text;
      assert.match(fixed, /- "SMTP_PORT=587"\n      - A=b\n$/, item);
      assert.equal(fixAll(fixed, { path: PATH }).text, fixed);
    }
  });
});

describe('lone CR', () => {
  test('an entry whose line holds a stray \\r in a comment gets its sibling after the whole line', () => {
    const text = compose('      SMTP_SERVER: smtp.sendgrid.net\n      SMTP_PORT: 25 # relay\r notes\n      SMTP_LOGIN: apikey\n', 'ghcr.io/mastodon/mastodon:v4.3.2');
    const fixed = fixAll(text, { path: PATH }).text;
    assert.match(fixed, /SMTP_PORT: 587 # relay\r notes\n      SMTP_ENABLE_STARTTLS: always\n/);
    assert.deepEqual(parseDocument(fixed).errors.map((e) => e.message), []);
    assert.equal(fixAll(fixed, { path: PATH }).text, fixed);
  });
});
