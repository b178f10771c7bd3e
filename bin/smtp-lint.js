#!/usr/bin/env node
// Command-line entry: the bundled CLI lives in dist/ (built by `npm run build`).
require('../dist/cli.js').main();
