/** `at` values: a number of milliseconds, or "250ms" / "1.5s". The schema has already checked the shape. */
export function toMillis(at: number | string): number {
  if (typeof at === 'number') return at;
  const seconds = at.endsWith('ms') ? false : at.endsWith('s');
  const value = Number.parseFloat(at);
  return Math.round(seconds ? value * 1000 : value);
}
