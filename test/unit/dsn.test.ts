// The DSN reader (engine/dsn.ts): where a host ends decides where a port can be written. A host whose end cannot be
// found gets no transport edit at all, in every format that reads DSNs (.env EMAIL_URL, django-environ defaults in
// Python, Nodemailer connection URLs), while its findings stay.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixAll, lintText } from '../../server/src/engine';
import { dsnTransportEdits, parseEndpoint } from '../../server/src/engine/dsn';

function endpoint(dsn: string) {
  const ep = parseEndpoint(dsn, 0, dsn.length);
  assert.ok(ep, dsn);
  return ep;
}

describe('dsn: hosts a port can follow', () => {
  test('an IPv6 literal takes its port after the closing bracket', () => {
    const ep = endpoint('smtp://u:p@[2001:db8::1]');
    assert.equal(ep.host?.value, '[2001:db8::1]');
    assert.equal(ep.hostUndelimited, undefined);
    assert.deepEqual(dsnTransportEdits(ep, 'smtp+tls', 587), [
      { start: 0, end: 4, newText: 'smtp+tls' },
      { start: 24, end: 24, newText: ':587' },
    ]);
  });

  test('an IPv6 bracket never closed, or closed and followed by text other than a port, has no end', () => {
    for (const dsn of ['smtp://u@[', 'smtp://u:p@[2001:db8::1', 'smtp://u:p@[2001:db8::1/x]', 'smtp://u:p@[2001:db8::1]x', 'smtp://u:p@[2001:db8::1]x:25']) {
      const ep = endpoint(dsn);
      assert.equal(ep.hostUndelimited, true, dsn);
      assert.equal(ep.port, undefined, dsn);
      // The port would land inside the host and be read as host again: every pass appended another `:587`.
      assert.deepEqual(dsnTransportEdits(ep, 'smtp+tls', 587), [], dsn);
    }
  });

  // Fuzz seed 2, case 54474: a django-environ EMAIL_URL whose host is `[` then a lone CR.
  const undelimited: [string, string][] = [
    ['/p/.env', '# a\nEMAIL_URL=smtp+tls://@@ale\u0007@[\r]#`<#\n\nrts%40example.com:pw@smtp.example.com:25'],
    ['/p/.env', 'EMAIL_URL=smtp://u:p@[2001:db8::1\n'],
    ['/p/.env', 'EMAIL_URL=smtp://u:p@[2001:db8::1]x\n'],
    ['/p/settings.py', "import environ\nenv = environ.Env()\nEMAIL_CONFIG = env.email_url('EMAIL_URL', default='smtp://u:p@[2001:db8::1')\n"],
    ['/p/mail.js', "const nodemailer = require('nodemailer');\nconst t = nodemailer.createTransport('smtp://u:p@[2001:db8::1');\n"],
    ['/p/mail.js', "const nodemailer = require('nodemailer');\nconst t = nodemailer.createTransport('smtp://u:p@[2001:db8::1]x');\n"],
  ];
  for (const [path, text] of undelimited) {
    test(`no transport fix for a host without an end, findings kept: ${JSON.stringify(text.slice(text.indexOf('@[')).split(/[\r\n]/)[0])} in ${path}`, () => {
      const findings = lintText(text, { path }).findings;
      assert.ok(findings.length > 0, 'still judged');
      assert.deepEqual(findings.flatMap((f) => f.fixes.filter((x) => /^Use port/.test(x.title))), []);
      assert.equal(fixAll(text, { path }).text, text);
    });
  }

  test('the same shapes with the bracket closed are fixed', () => {
    assert.equal(fixAll('EMAIL_URL=smtp://u:p@[2001:db8::1]\n', { path: '/p/.env' }).text, 'EMAIL_URL=smtp+tls://u:p@[2001:db8::1]:587\n');
    const js = "const nodemailer = require('nodemailer');\nconst t = nodemailer.createTransport('smtp://u:p@[2001:db8::1]');\n";
    assert.match(fixAll(js, { path: '/p/mail.js' }).text, /'smtp:\/\/u:p@\[2001:db8::1\]:587\?requireTLS=true'/);
  });
});
