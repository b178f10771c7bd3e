// Python: Django (settings and django-environ EMAIL_URL), Flask-Mail / Flask-Mailman, fastapi-mail.
// Facts: shared/reference/smtp-settings.md §4, docs/formats/python-ruby-javascript.md. The word trap: USE_TLS is
// STARTTLS (required), USE_SSL implicit TLS, neither is plaintext; django-environ's `smtps://` is STARTTLS.
import { PLAINTEXT_SECRET, type EcosystemDocs, type KeyDoc } from './types';

const STRING_BOOL = "`os.environ.get('X', False)` gives a string when the variable is set, and `'False'` is truthy: use `env.bool()` or `config(..., cast=bool)`.";

const DJANGO: Record<string, KeyDoc> = {
  EMAIL_BACKEND: {
    meaning: 'Backend class that sends mail.',
    values: '`django.core.mail.backends.smtp.EmailBackend`, or the console, file, locmem and dummy backends for development; API backends (anymail, django-ses) do not use SMTP',
    default: 'the SMTP backend',
  },
  EMAIL_HOST: { meaning: 'Host name of the SMTP server.', default: "`'localhost'`" },
  EMAIL_PORT: { meaning: 'TCP port of the SMTP server. Django does not switch to 465 by itself when EMAIL_USE_SSL is on.', values: '587 with EMAIL_USE_TLS, 465 with EMAIL_USE_SSL', default: '25' },
  EMAIL_HOST_USER: { meaning: 'User name; Django logs in only when both user and password are non-empty.', default: "`''`" },
  EMAIL_HOST_PASSWORD: { meaning: 'Password for SMTP authentication.', default: "`''`", note: PLAINTEXT_SECRET },
  EMAIL_USE_TLS: {
    meaning: 'STARTTLS, required: Django raises an error when the server does not offer it. Use with port 587.',
    values: '`True` / `False`',
    default: '`False`',
    note: `${STRING_BOOL} Not both EMAIL_USE_TLS and EMAIL_USE_SSL.`,
  },
  EMAIL_USE_SSL: {
    meaning: 'Implicit TLS (SMTP_SSL). Use with port 465. With neither this nor EMAIL_USE_TLS the connection is plaintext: Django never upgrades on its own.',
    values: '`True` / `False`',
    default: '`False`',
    note: 'Not both EMAIL_USE_TLS and EMAIL_USE_SSL: Django raises ValueError.',
  },
  EMAIL_URL: {
    meaning: 'django-environ mail URL: `smtp+tls://` and `smtps://` both mean STARTTLS (EMAIL_USE_TLS); `smtp+ssl://` means implicit TLS (EMAIL_USE_SSL); plain `smtp://` is unencrypted.',
    values: '`smtp://`, `smtps://`, `smtp+tls://`, `smtp+ssl://`, `consolemail://`, `filemail://`, `memorymail://`, `dummymail://`',
    note: "The trap: `smtps://` here is **not** implicit TLS. For port 465 write `smtp+ssl://`.",
  },
  EMAIL_TIMEOUT: { meaning: 'Socket timeout in seconds.', default: 'None (no timeout)' },
};

const FLASK_MAIL: Record<string, KeyDoc> = {
  MAIL_SERVER: { meaning: 'Host name of the SMTP server (Flask-Mail).', default: "`'localhost'`" },
  MAIL_PORT: { meaning: 'TCP port of the SMTP server (Flask-Mail).', values: '587 with MAIL_USE_TLS, 465 with MAIL_USE_SSL', default: '25' },
  MAIL_USE_TLS: { meaning: 'STARTTLS (Flask-Mail; as in Django). Use with port 587.', values: '`True` / `False`', default: '`False`', note: STRING_BOOL },
  MAIL_USE_SSL: { meaning: 'Implicit TLS (Flask-Mail). Use with port 465. With neither switch the connection is plaintext.', values: '`True` / `False`', default: '`False`' },
  MAIL_USERNAME: { meaning: 'User name for SMTP authentication (Flask-Mail).' },
  MAIL_PASSWORD: { meaning: 'Password for SMTP authentication (Flask-Mail).', note: PLAINTEXT_SECRET },
  MAIL_SUPPRESS_SEND: { meaning: 'Flask-Mail: `True` records messages instead of sending them (the default while testing).', values: '`True` / `False`', default: 'the app\'s `TESTING` value' },
  MAIL_BACKEND: { meaning: 'Flask-Mailman backend class, as in Django; only the SMTP backend uses these settings.', values: "`'smtp'`, `'console'`, `'file'`, `'locmem'`, `'dummy'` or a class path", default: 'the SMTP backend' },
};

const FASTAPI_MAIL: Record<string, KeyDoc> = {
  MAIL_SERVER: { meaning: 'Host name of the SMTP server (fastapi-mail ConnectionConfig).', default: 'none: a required field' },
  MAIL_PORT: { meaning: 'TCP port of the SMTP server (fastapi-mail).', values: '587 with MAIL_STARTTLS, 465 with MAIL_SSL_TLS', default: 'none: a required field' },
  MAIL_STARTTLS: { meaning: 'STARTTLS, required (fastapi-mail). Use with port 587.', values: '`True` / `False`' },
  MAIL_SSL_TLS: { meaning: 'Implicit TLS (fastapi-mail). Use with port 465. With both this and MAIL_STARTTLS off the connection is plaintext.', values: '`True` / `False`' },
  MAIL_USERNAME: { meaning: 'User name for SMTP authentication (fastapi-mail).' },
  MAIL_PASSWORD: { meaning: 'Password for SMTP authentication (fastapi-mail).', note: PLAINTEXT_SECRET },
  USE_CREDENTIALS: { meaning: 'fastapi-mail: log in with MAIL_USERNAME and MAIL_PASSWORD.', values: '`True` / `False`', default: '`True`' },
  VALIDATE_CERTS: { meaning: "fastapi-mail: verify the server's certificate.", values: '`True` / `False`', default: '`True`', note: '`False` lets anyone on the path read the password.' },
};

export const PYTHON_DOCS: EcosystemDocs[] = [
  { id: 'django', label: 'Django', docs: DJANGO },
  { id: 'flask-mail', label: 'Flask-Mail', docs: FLASK_MAIL },
  { id: 'fastapi-mail', label: 'fastapi-mail', docs: FASTAPI_MAIL },
];
