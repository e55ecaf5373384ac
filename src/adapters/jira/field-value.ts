import type { JiraFieldValue, JiraPerson } from '../../engine/types';

/**
 * Pure: any Jira field's value as the mapping reads it, whatever its Jira type: strings and
 * labels as they are; options, components, versions, priorities and statuses by name (a cascading
 * option as "parent / child"); people by name, and as people; issues (a parent) by key; numbers
 * as numbers; rich text (Atlassian Document Format) as its plain text.
 */
export function jiraFieldValue(raw: unknown): JiraFieldValue {
  const value: JiraFieldValue = { texts: [], number: null, people: [] };
  for (const item of Array.isArray(raw) ? raw : [raw]) add(value, item);
  return value;
}

function add(value: JiraFieldValue, item: unknown): void {
  if (typeof item === 'string') {
    if (item.trim()) value.texts.push(item.trim());
  } else if (typeof item === 'number' && Number.isFinite(item)) {
    value.number ??= item;
    value.texts.push(String(item));
  } else if (typeof item === 'boolean') {
    value.texts.push(String(item));
  } else if (typeof item === 'object' && item !== null) {
    const text = objectText(item as Record<string, unknown>, value);
    if (text) value.texts.push(text);
  }
}

function objectText(o: Record<string, unknown>, value: JiraFieldValue): string | null {
  const person = asPerson(o);
  if (person) {
    value.people.push(person);
    return person.displayName;
  }
  if (o.type === 'doc') return documentText(o).trim() || null;
  if (typeof o.value === 'string') {
    const child = str((o.child as Record<string, unknown> | undefined)?.value);
    return child ? `${o.value} / ${child}` : o.value;
  }
  return str(o.name) ?? str(o.key) ?? str(o.displayName);
}

/** A user object: Jira Cloud names people by account id (Jira Server by key or name). */
function asPerson(o: Record<string, unknown>): JiraPerson | null {
  const accountId = str(o.accountId);
  const isUser = accountId !== null || (typeof o.displayName === 'string' && ('emailAddress' in o || 'active' in o));
  if (!isUser) return null;
  return {
    accountId: accountId ?? str(o.key) ?? str(o.name),
    displayName: str(o.displayName) ?? str(o.name) ?? 'Unknown user',
    email: str(o.emailAddress),
  };
}

/** The plain text of an Atlassian Document Format node: its text nodes, a paragraph per line. */
export function documentText(node: Record<string, unknown>): string {
  // Text nodes as they are: spaces between them are part of the text.
  if (node.type === 'text') return typeof node.text === 'string' ? node.text : '';
  // A mention (`@Name`) reads as Jira shows it.
  if (node.type === 'mention') return str((node.attrs as Record<string, unknown> | undefined)?.text) ?? '@someone';
  const children = Array.isArray(node.content) ? (node.content as Array<Record<string, unknown>>) : [];
  const joined = children.map(documentText).join('');
  return node.type === 'paragraph' || node.type === 'heading' ? `${joined}\n` : joined;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}
