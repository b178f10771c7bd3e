// Live SMTP probe: connect to a relay and report, step by step, whether the configured port and TLS mode work.
export * from './types';
export { probe, bareHost } from './probe';
export { probeWithAlternatives, shouldTryAlternatives, describeAlternative, DEFAULT_ALTERNATIVES, type AlternativePort } from './alternatives';
export { classifyTlsError, type TlsFailure, type TlsFailureKind } from './tls-errors';
export { parseExtensions, describeExtensions, type SmtpReply } from './replies';
export { PROBE_HOSTS_ENV, parseProbeHosts } from './test-hooks';
export { targetsFromProfiles, modeForTls, parseHostPort, formatProbeText, describeTarget, type PlannedProbe, type SkippedProfile } from './targets';
