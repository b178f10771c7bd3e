// What the engine knows about a host: its provider (exact names and `*` patterns) and whether it is a development mail
// catcher. The answers are kept per host, so they must not depend on the order or the number of questions asked.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findProvider, isDevMailCatcher } from '../../server/src/engine';

describe('host facts', () => {
  test('providers by exact name and by pattern, whatever the case and trailing dot', () => {
    assert.equal(findProvider('smtp.gmail.com')?.name, 'Gmail');
    assert.equal(findProvider(' SMTP.Gmail.COM. ')?.name, 'Gmail');
    assert.equal(findProvider('email-smtp.eu-west-1.amazonaws.com')?.name, 'Amazon SES');
    assert.equal(findProvider('email-smtp..amazonaws.com')?.name, undefined, '`*` stands for at least one character');
    assert.equal(findProvider('smtp.example.com'), undefined);
    assert.equal(findProvider(''), undefined);
  });

  test('mail catchers by name, and test mailboxes of providers', () => {
    for (const host of ['mailpit', 'Mailpit.', 'mailhog.local', 'maildev-1', 'dev.mailcrab.internal', 'smtp.mailtrap.io', 'smtp.ethereal.email']) {
      assert.equal(isDevMailCatcher(host), true, host);
    }
    for (const host of ['smtp.gmail.com', 'mailpitfall.example.com', 'mail.example.com', '', undefined]) {
      assert.equal(isDevMailCatcher(host), false, String(host));
    }
  });

  test('answers stay right after many distinct hosts (the per-host memory is bounded and refilled)', () => {
    for (let i = 0; i < 2500; i++) {
      assert.equal(findProvider(`relay${i}.example.com`), undefined);
      if (i % 500 === 0) {
        assert.equal(findProvider('smtp.gmail.com')?.name, 'Gmail');
        assert.equal(isDevMailCatcher('mailpit'), true);
        assert.equal(isDevMailCatcher(`mailpit${i}.example.com`), false);
      }
    }
  });
});
