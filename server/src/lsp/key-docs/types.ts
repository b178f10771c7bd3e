// Shapes shared by the per-family key-doc tables (see ../key-docs.ts for how they are looked up).

export interface KeyDoc {
  /** What the setting does. */
  meaning: string;
  /** Allowed values, as the ecosystem spells them. */
  values?: string;
  /** What applies when the key is not set. */
  default?: string;
  /** A pitfall worth a line of its own (the TLS-word trap, a dangerous value). */
  note?: string;
}

/** Docs for one ecosystem id: its display label and its keys, spelled as the formats emit them (or a suffix of that). */
export interface EcosystemDocs {
  id: string;
  label: string;
  docs: Record<string, KeyDoc>;
}

export const PLAINTEXT_SECRET = 'Keep the real value out of committed files: read it from the environment or a secret store.';
export const ENV_SECRET = 'An .env file is the usual place for it; keep that file out of version control.';
export const VERIFY_OFF = 'Leave certificate checks on: without them anyone on the path can read the password.';
