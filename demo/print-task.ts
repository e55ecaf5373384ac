/** Prints a tracker task's fields as a small card, marking what the last step changed. */
export function printTask(
  title: string,
  taskName: string,
  before: Record<string, string | null>,
  after: Record<string, string | null>,
): void {
  const width = Math.max(...Object.keys(after).map((k) => k.length));
  console.log(`▶ ${title}`);
  console.log(`  Asana task "${taskName}"`);
  for (const [field, value] of Object.entries(after)) {
    const changed = before[field] !== value;
    const shown = value ?? '—';
    const note = changed ? `   ← was ${before[field] ?? '—'}` : '';
    console.log(`   ${changed ? '*' : ' '} ${field.padEnd(width)}  ${shown}${note}`);
  }
  console.log('');
}
