// Where the time goes: CPU profiles (`node --cpu-prof`) of the WordPress scan and of the server's edit loop,
// summarised by function (mapped to the TypeScript sources through the bundles' source maps) and by owner.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BenchClient } from './lib/lsp-client.mjs';
import { timeCommand } from './lib/processes.mjs';
import { newestProfile, summariseProfile } from './lib/profile.mjs';
import { WORDPRESS } from './scan.mjs';

function freshDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function runProfiles(ctx) {
  const { repoRoot, serverJs, workDir, log } = ctx;
  const profiles = {};

  if (existsSync(WORDPRESS)) {
    const dir = freshDir(join(workDir, 'profile-scan'));
    timeCommand(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ctx.cliJs, '--format', 'json', WORDPRESS], {
      cwd: repoRoot,
      okStatuses: [0, 1],
    });
    profiles.scan = { title: `CLI scan of ${WORDPRESS}`, file: newestProfile(dir), ...summariseProfile(newestProfile(dir), repoRoot) };
    log(`  profiled the WordPress scan: ${profiles.scan.busyMs.toFixed(0)} ms busy`);
  }

  const dir = freshDir(join(workDir, 'profile-server'));
  const client = await BenchClient.start(serverJs, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const wpPath = join(repoRoot, 'bench', 'fixtures', 'wp-config.php');
  const uri = await client.open(wpPath, readFileSync(wpPath, 'utf8'), 'php');
  await client.pull(uri);
  const needle = "'WPMS_SMTP_PORT', 587";
  for (let i = 0; i < ctx.profileEdits; i++) {
    const at = client.text(uri).indexOf(needle) + needle.length;
    if (i % 2 === 0) await client.edit(uri, at, at, '4');
    else await client.edit(uri, at, at + 1, '');
    await client.pull(uri);
  }
  await client.stop(); // the profile is written when the server exits
  const file = newestProfile(dir);
  if (file) {
    profiles.server = { title: `language server, ${ctx.profileEdits} edits of wp-config.php`, file, ...summariseProfile(file, repoRoot) };
    log(`  profiled the server edit loop: ${profiles.server.busyMs.toFixed(0)} ms busy`);
  }
  return profiles;
}
