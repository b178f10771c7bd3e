// Runs every test layer with node's test runner: engine and format units, the CLI as a process,
// the server over LSP. Editor tests (real VS Code via code-server) run after, when enabled.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function testFiles(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(testFiles(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const files = testFiles('out/test').filter((f) => !f.includes(`${join('out', 'test', 'editor')}`)).sort();
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
