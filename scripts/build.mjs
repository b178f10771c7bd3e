// Bundles the extension client, the language server and the CLI into dist/ with esbuild.
import { build } from 'esbuild';

// mainFields: jsonc-parser's UMD entry uses dynamic requires esbuild cannot follow; its ESM build bundles cleanly.
const common = { mainFields: ['module', 'main'], bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: true, minify: process.argv.includes('--minify'), logLevel: 'warning' };
await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' }),
]);
