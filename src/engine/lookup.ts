/** `map[key]`, matching keys without regard to case or surrounding spaces. */
export function lookup(map: Record<string, string>, key: string): string | undefined {
  if (key in map) return map[key];
  const wanted = normalise(key);
  return Object.entries(map).find(([k]) => normalise(k) === wanted)?.[1];
}

const normalise = (text: string) => text.trim().toLowerCase();
