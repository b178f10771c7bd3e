import type { Rule } from '../model';
import { originNote } from './util';

export const invalidPort: Rule = {
  meta: {
    id: 'invalid-port',
    title: 'Invalid port',
    defaultSeverity: 'error',
    fixable: false,
    description: 'The SMTP port is not an integer from 1 to 65535.',
  },
  check({ file, report }) {
    for (const profile of file.profiles) {
      const port = profile.port;
      if (!port || port.origin === 'default' || !profile.active) continue;
      const v = port.value;
      if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535) continue;
      report({
        message:
          typeof v === 'number'
            ? `Port ${v}${originNote(port)} is out of range: a port is an integer from 1 to 65535 (587 for STARTTLS, 465 for implicit TLS).`
            : `"${String(v).slice(0, 40)}"${originNote(port)} is not a port number: use an integer from 1 to 65535 (587 for STARTTLS, 465 for implicit TLS).`,
        span: port.span ?? port.keySpan ?? profile.anchor,
        related: [],
        fixes: [],
      });
    }
  },
};
