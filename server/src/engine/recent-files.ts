// What the last lint of a file left to reuse on the next one (a keystroke later), for a few files at a time.

/** Values per file path, the most recently set kept; the oldest goes when there are more than `capacity`. */
export class RecentFiles<T> {
  private readonly byPath = new Map<string, T>();

  constructor(private readonly capacity = 8) {}

  /** Remove and return what was kept for `path`: a stale value must not outlive a failed update. */
  take(path: string): T | undefined {
    const value = this.byPath.get(path);
    this.byPath.delete(path);
    return value;
  }

  get(path: string): T | undefined {
    return this.byPath.get(path);
  }

  set(path: string, value: T): void {
    this.byPath.delete(path); // re-inserted last: the most recent
    this.byPath.set(path, value);
    if (this.byPath.size > this.capacity) this.byPath.delete(this.byPath.keys().next().value!);
  }
}
