// The extension manifest, the config schema and the server agree: every rule appears in the settings and the schema
// with the same severities; the contributed language, grammar, schema and commands exist; activation stays narrow.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import picomatch from 'picomatch';
import { RULE_IDS, isCandidatePath, parseConfig } from '../../server/src/engine';
import { TEST_CONNECTION_COMMAND } from '../../server/src/lsp/protocol';
import { REPO_ROOT } from './harness';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'smtp-lint.schema.json'), 'utf8'));
const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'];

describe('extension manifest', () => {
  test('smtpLint.rules and the schema list exactly the engine\'s rules, each with the five severities', () => {
    const settingRules = pkg.contributes.configuration.properties['smtpLint.rules'].properties;
    const schemaRules = schema.properties.rules.properties;
    assert.deepEqual(Object.keys(settingRules).sort(), [...RULE_IDS].sort());
    assert.deepEqual(Object.keys(schemaRules).sort(), [...RULE_IDS].sort());
    for (const id of RULE_IDS) {
      assert.deepEqual(settingRules[id].enum, SEVERITIES, id);
      assert.deepEqual(schemaRules[id].enum, SEVERITIES, id);
      assert.equal(settingRules[id].enumDescriptions.length, SEVERITIES.length);
    }
  });

  test('the schema allows exactly the keys the config parser accepts', () => {
    assert.deepEqual(Object.keys(schema.properties).sort(), ['$schema', 'ignore', 'localHosts', 'maxFileSize', 'rules']);
    assert.equal(schema.additionalProperties, false);
    // The parser agrees: a config using every schema key is valid, an extra key is not.
    const valid = parseConfig(JSON.stringify({ $schema: 'x', rules: { 'port-25': 'off' }, localHosts: ['relay'], ignore: ['vendor/'], maxFileSize: 10 }), RULE_IDS);
    assert.deepEqual(valid.errors, []);
    assert.ok(parseConfig('{"colour": 1}', RULE_IDS).errors.length > 0);
  });

  test('every setting has a description, and every enum its enum descriptions', () => {
    for (const [key, prop] of Object.entries<Record<string, unknown>>(pkg.contributes.configuration.properties)) {
      assert.ok(prop.description || prop.markdownDescription, `${key} has no description`);
      if (prop.enum) assert.equal((prop.enumDescriptions as string[] | undefined)?.length, (prop.enum as string[]).length, `${key} enum descriptions`);
      if (key !== 'smtpLint.trace.server') assert.equal(prop.scope, 'resource', `${key} should be resource-scoped (read per file)`);
    }
  });

  test('the dotenv language, its configuration, grammar and the JSON schema are contributed and exist', () => {
    const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'dotenv');
    assert.deepEqual(lang.filenames, ['.env']);
    assert.deepEqual(lang.filenamePatterns, ['.env.*', '*.env']);
    const langConfig = JSON.parse(readFileSync(join(REPO_ROOT, lang.configuration), 'utf8'));
    assert.equal(langConfig.comments.lineComment, '#');
    const grammar = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'dotenv');
    assert.equal(JSON.parse(readFileSync(join(REPO_ROOT, grammar.path), 'utf8')).scopeName, grammar.scopeName);
    const validation = pkg.contributes.jsonValidation[0];
    assert.equal(validation.fileMatch, '.smtp-lint.json');
    assert.ok(existsSync(join(REPO_ROOT, validation.url)));
  });

  test('the four commands are contributed and registered by the client', () => {
    const ids = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(ids, ['smtpLint.fixAll', 'smtpLint.restartServer', 'smtpLint.showOutput', 'smtpLint.testConnection']);
    const client = ['extension.ts', 'test-connection.ts'].map((f) => readFileSync(join(REPO_ROOT, 'client', 'src', f), 'utf8')).join('\n');
    for (const id of ids.filter((i: string) => i !== TEST_CONNECTION_COMMAND)) assert.ok(client.includes(`registerCommand('${id}'`), `${id} is not registered`);
    assert.equal(TEST_CONNECTION_COMMAND, 'smtpLint.testConnection');
    assert.ok(client.includes('registerCommand(TEST_CONNECTION_COMMAND'), 'the test-connection command is not registered');
    const title = pkg.contributes.commands.find((c: { command: string }) => c.command === TEST_CONNECTION_COMMAND);
    assert.equal(`${title.category}: ${title.title}`, 'smtp-lint: Test SMTP connection');
  });

  test('Test connection is not offered in Restricted Mode: palette entry, lens setting and client all check trust', () => {
    const palette = pkg.contributes.menus.commandPalette.find((m: { command: string }) => m.command === TEST_CONNECTION_COMMAND);
    assert.match(palette.when, /(^|&& )isWorkspaceTrusted( &&|$)/);
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('smtpLint.codeLens.testConnection'));
    const lens = pkg.contributes.configuration.properties['smtpLint.codeLens.testConnection'];
    assert.equal(lens.type, 'boolean');
    assert.equal(lens.default, true);
    const client = readFileSync(join(REPO_ROOT, 'client', 'src', 'test-connection.ts'), 'utf8');
    // The command refuses and the lens middleware returns nothing unless the workspace is trusted.
    assert.match(client, /if \(!vscode\.workspace\.isTrusted\) \{\s*void vscode\.window\.showWarningMessage\(UNTRUSTED_MESSAGE\);\s*return undefined;/);
    assert.match(client, /provideCodeLenses: \(document, token, next\) => \(vscode\.workspace\.isTrusted \? next\(document, token\) : \[\]\)/);
    assert.ok(readFileSync(join(REPO_ROOT, 'client', 'src', 'extension.ts'), 'utf8').includes('middleware: trustedCodeLensMiddleware'));
  });

  test('activation is narrow (no "*", no onLanguage:json) and restricted mode is limited, with nothing to execute', () => {
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(!pkg.activationEvents.includes('onStartupFinished'));
    assert.ok(!pkg.activationEvents.includes('onLanguage:json'));
    for (const e of ['onLanguage:php', 'onLanguage:dotenv', 'workspaceContains:**/wp-config*.php', 'workspaceContains:**/.env*']) {
      assert.ok(pkg.activationEvents.includes(e), e);
    }
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    const settings = Object.keys(pkg.contributes.configuration.properties);
    for (const k of pkg.capabilities.untrustedWorkspaces.restrictedConfigurations) assert.ok(settings.includes(k), k);
    // No setting names a program, path to execute, or command line.
    for (const [key, prop] of Object.entries<Record<string, unknown>>(pkg.contributes.configuration.properties)) {
      assert.doesNotMatch(`${key} ${prop.description ?? prop.markdownDescription}`, /executable|command line|\bpath to\b|runtime/i, key);
    }
  });

  test('engines.vscode stays ^1.90.0 and @types/vscode is not newer', () => {
    assert.equal(pkg.engines.vscode, '^1.90.0');
    const types = pkg.devDependencies['@types/vscode'];
    assert.ok(types.startsWith('1.90'), types);
  });
});

describe('every format is reachable from the editor', () => {
  // Fixture files stand for the files each format reads. For each one the editor must sync it to the server (the
  // document selector matches its language or name) and some activation event must fire in a folder holding it.
  const DOCUMENT_SELECTOR = selectorFromSource();
  const LANGUAGE_BY_EXT: Record<string, string> = {
    '.php': 'php', '.json': 'json', '.yml': 'yaml', '.yaml': 'yaml', '.ini': 'ini', '.properties': 'properties', '.py': 'python',
    '.rb': 'ruby', '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.ts': 'typescript', '.jsx': 'javascriptreact', '.tsx': 'typescriptreact',
  };
  function selectorFromSource(): { language?: string; pattern?: string }[] {
    const src = readFileSync(join(REPO_ROOT, 'client', 'src', 'extension.ts'), 'utf8');
    const block = src.slice(src.indexOf('export const DOCUMENT_SELECTOR'), src.indexOf('];', src.indexOf('export const DOCUMENT_SELECTOR')));
    const languages = [...(/\[([^\]]*)\]\.map/.exec(block)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => ({ language: m[1] }));
    const patterns = [...block.matchAll(/pattern: '([^']+)'/g)].map((m) => ({ pattern: m[1] }));
    return [...languages, ...patterns];
  }
  function fixtureFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? (name === 'fix' ? [] : fixtureFiles(p)) : [p];
    });
  }
  const files = fixtureFiles(join(REPO_ROOT, 'test', 'fixtures')).filter((p) => !p.endsWith('.expect') && isCandidatePath(p));
  const activation = (pkg.activationEvents as string[]).filter((e) => e.startsWith('workspaceContains:')).map((e) => picomatch(e.slice('workspaceContains:'.length), { dot: true }));
  const onLanguage = new Set((pkg.activationEvents as string[]).filter((e) => e.startsWith('onLanguage:')).map((e) => e.slice('onLanguage:'.length)));

  test('there are fixture files of many formats', () => {
    assert.ok(files.length > 100, String(files.length));
  });
  for (const file of files) {
    const rel = file.slice(join(REPO_ROOT, 'test', 'fixtures').length + 1);
    const ext = rel.slice(rel.lastIndexOf('.'));
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    const language = /^(docker-)?compose.*\.ya?ml$/.test(name) ? 'dockercompose' : name.includes('.env') || name === '.env' ? 'dotenv' : LANGUAGE_BY_EXT[ext];
    test(rel, () => {
      const synced = DOCUMENT_SELECTOR.some((s) => (s.language && s.language === language) || (s.pattern && picomatch(s.pattern, { dot: true })(`/ws/${rel}`)));
      assert.ok(synced, `${rel} (language ${language}) is not in the document selector`);
      const activates = (language && onLanguage.has(language)) || activation.some((m) => m(rel) || m(`ws/${rel}`));
      // Files recognised by content, not name (plugin dumps and app JSON, Node, Python and Ruby code), activate through
      // their project's markers (checked below); the rest must activate by their own name.
      if (!/\.(json|js|mjs|cjs|ts|jsx|tsx|py|rb)$/.test(rel)) assert.ok(activates, `${rel}: no activation event fires in a folder that holds it`);
    });
  }

  test('content-recognised languages activate through their project markers', () => {
    for (const marker of ['**/manage.py', '**/Gemfile', '**/node_modules/nodemailer/package.json', '**/config/environments/*.rb', '**/settings.py'.replace('settings', '{settings,local_settings}')]) {
      assert.ok((pkg.activationEvents as string[]).includes(`workspaceContains:${marker}`), marker);
    }
  });
});
