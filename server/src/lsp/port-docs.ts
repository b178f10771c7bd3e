// What a port number means, for hovers: what it is for, whether it is encrypted, whether hosts block it, and what
// to use instead. Facts from /work/shared/reference/smtp-settings.md §0.1 and §10 (providers), in our own words.

export interface PortDoc {
  port: number;
  /** Short name: "Submission (STARTTLS)". */
  name: string;
  /** What the port is for. */
  purpose: string;
  /** Whether the traffic is encrypted and how. */
  encryption: string;
  /** Whether hosting providers and clouds block it. */
  blocking: string;
  /** What to use instead, or "" when this is already the right choice for mail. */
  instead: string;
  /** True for ports that speak SMTP at all. */
  smtp: boolean;
}

const SEND_MAIL = 'To send mail, submit on 587 with STARTTLS or on 465 with implicit TLS.';

const PORTS: readonly PortDoc[] = [
  {
    port: 21, name: 'FTP', smtp: false,
    purpose: 'FTP file transfer (legacy); not a mail port.',
    encryption: 'Not encrypted: passwords and files travel in plaintext (FTPS adds TLS).',
    blocking: 'Sometimes blocked by hosts and corporate firewalls.',
    instead: `For files use SFTP on 22. ${SEND_MAIL}`,
  },
  {
    port: 22, name: 'SSH / SFTP', smtp: false,
    purpose: 'SSH logins and SFTP file transfer; not a mail port.',
    encryption: 'Encrypted (SSH).',
    blocking: 'Usually open to your own servers; some networks restrict it.',
    instead: SEND_MAIL,
  },
  {
    port: 25, name: 'SMTP relay', smtp: true,
    purpose: 'SMTP server-to-server mail delivery (MTA to MTA, RFC 5321); also fine for a relay on the same machine or network.',
    encryption: 'Starts in plaintext; STARTTLS is optional and a network attacker can strip it.',
    blocking: 'Blocked or throttled for outbound traffic by most clouds and hosts (AWS, Google Cloud, Azure, DigitalOcean, shared hosting).',
    instead: 'For an app sending through a provider, use 587 with STARTTLS or 465 with implicit TLS.',
  },
  {
    port: 80, name: 'HTTP', smtp: false,
    purpose: 'Unencrypted web traffic (HTTP). Only SMTP2GO also accepts SMTP here, as a fallback.',
    encryption: 'Not encrypted.',
    blocking: 'Rarely blocked outbound.',
    instead: `For web traffic use HTTPS on 443. ${SEND_MAIL}`,
  },
  {
    port: 443, name: 'HTTPS', smtp: false,
    purpose: 'Encrypted web traffic (HTTPS), including mail providers\' HTTP APIs. Only SMTP2GO also accepts SMTP here (implicit TLS), as a fallback.',
    encryption: 'Encrypted (TLS).',
    blocking: 'Rarely blocked outbound.',
    instead: SEND_MAIL,
  },
  {
    port: 465, name: 'SMTPS submission (implicit TLS)', smtp: true,
    purpose: 'Mail submission from apps and mail clients to a provider ("submissions", RFC 8314).',
    encryption: 'Implicit TLS: the TLS handshake is the first thing on the connection. Set the encryption to implicit TLS (`ssl` / `smtps`), not STARTTLS.',
    blocking: 'Usually open outbound, including on clouds that block 25.',
    instead: '',
  },
  {
    port: 587, name: 'Submission (STARTTLS)', smtp: true,
    purpose: 'Mail submission from apps and mail clients to a provider (RFC 6409); the server normally requires authentication.',
    encryption: 'Starts in plaintext and upgrades with STARTTLS; make TLS required, not opportunistic. Implicit TLS (`ssl` / `smtps`) on 587 fails.',
    blocking: 'Usually open outbound, including on clouds that block 25.',
    instead: '',
  },
  {
    port: 993, name: 'IMAPS', smtp: false,
    purpose: 'Reading a mailbox over IMAP with implicit TLS; it cannot send mail.',
    encryption: 'Encrypted (implicit TLS).',
    blocking: 'Usually open.',
    instead: SEND_MAIL,
  },
  {
    port: 995, name: 'POP3S', smtp: false,
    purpose: 'Downloading a mailbox over POP3 with implicit TLS; it cannot send mail.',
    encryption: 'Encrypted (implicit TLS).',
    blocking: 'Usually open.',
    instead: SEND_MAIL,
  },
  {
    port: 3306, name: 'MySQL / MariaDB', smtp: false,
    purpose: 'MySQL and MariaDB database connections; not a mail port.',
    encryption: 'Not encrypted unless the server and client enable TLS.',
    blocking: 'Usually blocked from outside (firewalled); reachable on the same host or private network.',
    instead: `Keep it private, or tunnel it over SSH. ${SEND_MAIL}`,
  },
  {
    port: 8080, name: 'HTTP alternative', smtp: false,
    purpose: 'Alternative HTTP port (proxies, app servers, dev servers); not a mail port.',
    encryption: 'Not encrypted, as a rule.',
    blocking: 'Sometimes blocked by hosts and corporate firewalls.',
    instead: `For web traffic use HTTPS on 443. ${SEND_MAIL}`,
  },
  {
    port: 1025, name: 'dev mail catcher', smtp: true,
    purpose: 'SMTP port of local mail catchers (Mailpit, MailHog, MailDev): mail is captured for inspection and never delivered.',
    encryption: 'Plaintext; fine on your own machine or a local container.',
    blocking: 'Local only; not reachable on the internet.',
    instead: 'In production, use your provider\'s 587 (STARTTLS) or 465 (implicit TLS).',
  },
  {
    port: 2500, name: 'dev mail catcher', smtp: true,
    purpose: 'SMTP port of Inbucket (used by Supabase\'s local stack): mail is captured, never delivered.',
    encryption: 'Plaintext; fine locally.',
    blocking: 'Local only.',
    instead: 'In production, use your provider\'s 587 (STARTTLS) or 465 (implicit TLS).',
  },
  {
    port: 2525, name: 'alternative submission (STARTTLS)', smtp: true,
    purpose: 'Non-standard fallback submission port offered by SendGrid, Mailgun, Postmark, SparkPost, SMTP2GO, Brevo, Mailjet and Mailtrap when 25 and 587 are blocked. Also Laravel\'s default MAIL_PORT.',
    encryption: 'Behaves like 587: plaintext start, then STARTTLS.',
    blocking: 'Not IANA-registered; open on most hosts, blocked by some firewalls.',
    instead: 'Use 587 (STARTTLS) where it is open; 2525 only with a provider that offers it.',
  },
  {
    port: 2587, name: 'alternative submission (STARTTLS)', smtp: true,
    purpose: 'Non-standard STARTTLS submission port of Amazon SES and Resend (an alternative to 587).',
    encryption: 'Plaintext start, then STARTTLS.',
    blocking: 'Open on most hosts; only those providers listen on it.',
    instead: 'Use 587 (STARTTLS) unless it is blocked where you run.',
  },
  {
    port: 2465, name: 'alternative SMTPS (implicit TLS)', smtp: true,
    purpose: 'Non-standard implicit-TLS submission port of Amazon SES and Resend (an alternative to 465).',
    encryption: 'Implicit TLS from the first byte.',
    blocking: 'Open on most hosts; only those providers listen on it.',
    instead: 'Use 465 (implicit TLS) unless it is blocked where you run.',
  },
  {
    port: 8025, name: 'SMTP2GO alternative / mail catcher web UI', smtp: true,
    purpose: 'SMTP2GO accepts STARTTLS submission on 8025. Mailpit and MailHog serve their web UI (HTTP, not SMTP) on 8025; their SMTP port is 1025.',
    encryption: 'SMTP2GO: plaintext start, then STARTTLS. Mail catcher UI: plain HTTP.',
    blocking: 'Not a standard port; some firewalls block it.',
    instead: 'For SMTP2GO prefer 587 (STARTTLS); for a local catcher send to 1025.',
  },
  {
    port: 8465, name: 'SMTP2GO alternative SMTPS', smtp: true,
    purpose: 'SMTP2GO accepts implicit-TLS submission on 8465.',
    encryption: 'Implicit TLS from the first byte.',
    blocking: 'Not a standard port; some firewalls block it.',
    instead: 'Prefer 465 (implicit TLS) where it is open.',
  },
];

const BY_PORT = new Map(PORTS.map((p) => [p.port, p]));

export function portDoc(port: number): PortDoc | undefined {
  return BY_PORT.get(port);
}

export function knownPorts(): number[] {
  return [...BY_PORT.keys()];
}

/** Markdown for a hover on a port value. `context` adds lines about the setting or provider (already safe text). */
export function portHoverMarkdown(portText: string, context: string[] = []): string {
  const n = /^\s*\d+\s*$/.test(portText) ? Number(portText) : NaN;
  const lines: string[] = [];
  if (!Number.isInteger(n)) {
    lines.push(`**Port \`${portText.trim()}\`**`, '', 'Not a port number: a port is an integer from 1 to 65535.');
  } else if (n < 1 || n > 65535) {
    lines.push(`**Port ${n}**`, '', 'Out of range: a port is an integer from 1 to 65535, so this connection cannot be made.');
  } else {
    const doc = portDoc(n);
    if (doc) {
      lines.push(`**Port ${n}: ${doc.name}**`, '', `- **For:** ${doc.purpose}`, `- **Encrypted:** ${doc.encryption}`, `- **Blocked by hosts:** ${doc.blocking}`);
      if (doc.instead) lines.push(`- **Instead:** ${doc.instead}`);
    } else {
      lines.push(`**Port ${n}**`, '', `Not a standard port for mail. ${SEND_MAIL} (Dev mail catchers listen on 1025.)`);
    }
  }
  if (context.length) lines.push('', ...context);
  return lines.join('\n');
}
