// Lookup tables indexed by words read from files.

/**
 * A table without a prototype, so that a key a file happens to use (`constructor`, `toString`, `__proto__`) finds
 * nothing instead of one of Object's members.
 */
export function keyTable<T>(entries: Record<string, T>): Record<string, T> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
