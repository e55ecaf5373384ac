/**
 * Pure: the task gid in an Asana task URL, in the classic (`/0/<project>/<task>`, optionally
 * `/f`) or the newer (`/1/<workspace>/project/<project>/task/<task>`) form.
 */
export function taskIdFromUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.hostname !== 'app.asana.com') return null;
  const parts = parsed.pathname.split('/').filter(Boolean);
  const task = parts.indexOf('task');
  if (task >= 0 && /^\d+$/.test(parts[task + 1] ?? '')) return parts[task + 1]!;
  if (parts[0] === '0' && parts.length >= 3 && /^\d+$/.test(parts[2]!)) return parts[2]!;
  return null;
}
