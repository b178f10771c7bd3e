import type { Rule } from '../model';

export const duplicateSetting: Rule = {
  meta: {
    id: 'duplicate-setting',
    title: 'Setting defined twice',
    defaultSeverity: 'warning',
    fixable: true,
    description: 'The same mail setting is written twice in one file; only one of them takes effect.',
  },
  check({ file, report }) {
    for (const dup of file.duplicates) {
      report({
        message: `${dup.key} is set more than once; ${dup.rule}, so this one has no effect.`,
        span: dup.loser,
        related: [{ span: dup.winner, message: `the ${dup.key} that takes effect` }],
        fixes: dup.removal.length ? [{ title: `Remove the ${dup.key} that has no effect`, edits: dup.removal, preferred: true }] : [],
      });
    }
  },
};
