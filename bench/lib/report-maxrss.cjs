// Preloaded with `node --require` by the benchmarks: at exit, write this process's peak RSS (KiB) to the file named
// by SMTP_LINT_BENCH_MAXRSS.
const { writeFileSync } = require('node:fs');

const target = process.env.SMTP_LINT_BENCH_MAXRSS;
if (target) {
  process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
}
