// Small statistics and formatting helpers shared by the benchmark parts.
import { performance } from 'node:perf_hooks';

export const now = () => performance.now();

/** The value at quantile q (0..1) by the nearest-rank method: p99 of 1,000 samples is the 990th smallest. */
export function quantile(samples, q) {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

export const median = (samples) => quantile(samples, 0.5);

export function formatMs(ms) {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return 'n/a';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export const formatRatio = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a');

/**
 * One line of the result table. `value` and `baseline` are display strings; `ok` is true/false against the target,
 * or undefined when the line has no target.
 */
export function row(measure, value, { baseline = '', ratio = '', target = '', ok } = {}) {
  return { measure, value, baseline, ratio, target, ok };
}
