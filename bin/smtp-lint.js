#!/usr/bin/env node
// Command-line entry: the bundled CLI lives in dist/ (built by `npm run build`).
// `--version` is answered before loading the engine, which keeps that path at Node's own start-up cost.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  require('../dist/cli.js').main();
}
