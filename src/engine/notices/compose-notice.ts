import type { NoticeTemplates } from '../../platform/config/schema';
import type { FieldValue } from '../types';

/** A notice, tracker-neutral: the tracker adapter renders it (with its own mention syntax). */
export interface NoticeMessage {
  mentions: string[];
  headline: string;
  /** The attribution around the issue link: `before` + link + `after`. */
  attribution: { before: string; link: { text: string; url: string }; after: string };
  changes: Array<{ field: string; from: string; to: string }>;
  /** Text every copy of this notice contains, to recognise it after an ambiguous failure. */
  marker: string;
}

export interface NoticeInput {
  feature: string;
  jiraKey: string;
  issueUrl: string;
  statusField: string;
  changes: Array<{ field: string; from: FieldValue; to: FieldValue }>;
  actors: string[];
  mentions: string[];
  templates: NoticeTemplates;
  /** Unique to this notice, carried by every copy of it (see NoticeMessage.marker). */
  marker: string;
}

/** Pure: the words of a notice, from the templates. */
export function composeNotice(input: NoticeInput): NoticeMessage {
  const status = input.changes.find((c) => c.field === input.statusField);
  const headline = status
    ? fill(input.templates.statusChange, { feature: input.feature, from: show(status.from), to: show(status.to) })
    : fill(input.templates.update, { feature: input.feature });
  const actors = [...new Set(input.actors)];
  const [before = '', after = ''] = fill(input.templates.attribution, {
    actors: actors.length ? listing(actors) : 'someone',
  }).split('{key}');
  // The status leads the list when other fields changed too.
  const others =
    status && input.changes.length > 1
      ? [status, ...input.changes.filter((c) => c !== status)]
      : input.changes.filter((c) => c !== status);
  return {
    mentions: input.mentions,
    headline,
    attribution: { before, link: { text: input.jiraKey, url: input.issueUrl }, after },
    changes: others.map((c) => ({ field: c.field, from: show(c.from), to: show(c.to) })),
    marker: input.marker,
  };
}

/** A value as a stakeholder reads it. */
export function show(value: FieldValue): string {
  if (value === null) return 'none';
  switch (value.type) {
    case 'enum':
      return value.option;
    case 'multi_enum':
      return value.options.join(', ');
    case 'text':
      return value.text;
    case 'number':
      return String(value.value);
    case 'date':
      return value.date;
    case 'people':
      return value.users.map((u) => u.name).join(', ');
  }
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

function listing(names: string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Pure: a notice as plain text (the audit trail keeps what was said, whatever the tracker's markup). */
export function noticeText(message: NoticeMessage): string {
  const { before, link, after } = message.attribution;
  const changes = message.changes.map((c) => `\n- ${c.field}: ${c.from} → ${c.to}`).join('');
  return `${message.headline} ${before}${link.text}${after}${changes}`;
}
