// The rule docs agree with the rules: one page per rule (and none for a rule that does not exist), each page names
// its id, default severity and whether it is fixable as the rule's metadata says, the index lists every rule, and
// every example a page marks with `<!-- example: <file name> expects <rules | nothing> -->` gives exactly those
// findings when linted by the engine under that file name.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROVIDERS } from '../../server/src/engine/hosts';
import { lintText } from '../../server/src/engine/lint';
import { RULES } from '../../server/src/engine/rules';

const ROOT = join(__dirname, '..', '..', '..');
const DOCS = join(ROOT, 'docs', 'rules');

interface DocExample {
  file: string;
  expects: string[];
  code: string;
  line: number;
}

/** Examples marked with an HTML comment right above a fenced code block. */
function docExamples(markdown: string): DocExample[] {
  const out: DocExample[] = [];
  const re = /<!--\s*example:\s*(\S+)\s+expects\s+([^>]*?)\s*-->\s*\n```[^\n]*\n([\s\S]*?)\n```/g;
  for (const m of markdown.matchAll(re)) {
    const expects = m[2].trim() === 'nothing' ? [] : m[2].split(/[\s,]+/).filter(Boolean).sort();
    out.push({ file: m[1], expects, code: `${m[3]}\n`, line: markdown.slice(0, m.index).split('\n').length });
  }
  return out;
}

function field(page: string, name: string): string | undefined {
  return new RegExp(`^- \\*\\*${name}:\\*\\*\\s*(.+)$`, 'm').exec(page)?.[1].trim();
}

const isPhp = (file: string) => file.endsWith('.php');
const isEnv = (file: string) => /(^|\/)\.env(\.[^/]+)?$/.test(file);

describe('rule docs', () => {
  const pages = existsSync(DOCS) ? readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'README.md') : [];

  test('no page for a rule that does not exist', () => {
    const ids = new Set<string>(RULES.map((r) => r.meta.id));
    assert.deepEqual(pages.map((p) => p.replace(/\.md$/, '')).filter((id) => !ids.has(id)), []);
  });

  for (const rule of RULES) {
    const { id, defaultSeverity, fixable } = rule.meta;
    const path = join(DOCS, `${id}.md`);

    describe(id, () => {
      test('has a page that names it, its default severity and whether it is fixable', () => {
        assert.ok(existsSync(path), `docs/rules/${id}.md is missing`);
        const page = readFileSync(path, 'utf8');
        assert.ok(page.split('\n')[0].startsWith('# ') && page.split('\n')[0].includes(`\`${id}\``), 'the title names the rule id');
        assert.equal(field(page, 'Rule id'), `\`${id}\``);
        assert.match(field(page, 'Default severity') ?? '', new RegExp(`^${defaultSeverity}\\b`));
        assert.match(field(page, 'Fixable') ?? '', new RegExp(`^${fixable ? 'yes' : 'no'}\\b`));
      });

      test('has failing and fixed examples for wp-config.php and .env, and each gives exactly the findings it claims', () => {
        if (!existsSync(path)) return assert.fail(`docs/rules/${id}.md is missing`);
        const examples = docExamples(readFileSync(path, 'utf8'));
        for (const [kind, matches] of [['PHP', isPhp], ['.env', isEnv]] as const) {
          assert.ok(examples.some((e) => matches(e.file) && e.expects.includes(id)), `no failing ${kind} example`);
          assert.ok(examples.some((e) => matches(e.file) && e.expects.length === 0), `no ${kind} example without findings`);
        }
        for (const ex of examples) {
          const result = lintText(ex.code, { path: `/project/${ex.file}` });
          assert.equal(result.skipped, undefined, `example at line ${ex.line} (${ex.file}) was skipped: ${result.skipped}`);
          const got = [...new Set(result.findings.map((f) => f.ruleId))].sort();
          assert.deepEqual(got, ex.expects, `example at line ${ex.line} (${ex.file})`);
        }
      });
    });
  }

  test('the provider table in provider-port.md matches the provider list the rules use', () => {
    const page = readFileSync(join(DOCS, 'provider-port.md'), 'utf8');
    const block = /<!-- providers:start -->([\s\S]*?)<!-- providers:end -->/.exec(page)?.[1] ?? '';
    const ports = (cell: string) => (cell.trim() === '—' ? [] : cell.split(',').map((p) => Number(p.trim())));
    const documented = block
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Provider') && !l.startsWith('|---'))
      .map((l) => l.split('|').map((c) => c.trim()))
      .map((c) => ({ name: c[1], starttls: ports(c[3]), implicit: ports(c[4]) }));
    assert.deepEqual(documented, PROVIDERS.map((p) => ({ name: p.name, starttls: p.starttls, implicit: p.implicit })));
  });

  test('the index lists every rule with its default severity and fixability', () => {
    const index = readFileSync(join(DOCS, 'README.md'), 'utf8');
    const rows = new Map<string, { severity: string; fixable: string }>();
    for (const m of index.matchAll(/^\|\s*\[`([a-z0-9-]+)`\]\(\1\.md\)\s*\|\s*(\w+)\s*\|\s*(yes|no)\s*\|/gm)) {
      rows.set(m[1], { severity: m[2], fixable: m[3] });
    }
    assert.deepEqual([...rows.keys()], RULES.map((r) => r.meta.id), 'one row per rule, in registry order');
    for (const { meta } of RULES) {
      assert.deepEqual(rows.get(meta.id), { severity: meta.defaultSeverity, fixable: meta.fixable ? 'yes' : 'no' }, meta.id);
    }
  });
});
