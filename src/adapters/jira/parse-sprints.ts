import type { Sprint } from '../../engine/types';

/**
 * Reads the sprint custom field: today an array of `{name, state, startDate, endDate}`,
 * on older sites an array of greenhopper strings `...Sprint@1a2b[id=1,state=ACTIVE,name=Sprint 1,...]`.
 */
export function parseSprints(value: unknown): Sprint[] {
  if (!Array.isArray(value)) return [];
  const sprints: Sprint[] = [];
  for (const item of value) {
    const sprint = typeof item === 'string' ? parseLegacy(item) : parseObject(item);
    if (sprint) sprints.push(sprint);
  }
  return sprints;
}

function parseObject(item: unknown): Sprint | null {
  if (typeof item !== 'object' || item === null) return null;
  const o = item as Record<string, unknown>;
  if (typeof o.name !== 'string') return null;
  return {
    name: o.name,
    state: typeof o.state === 'string' ? o.state : 'unknown',
    startDate: typeof o.startDate === 'string' ? o.startDate : null,
    endDate: typeof o.endDate === 'string' ? o.endDate : null,
  };
}

function parseLegacy(item: string): Sprint | null {
  const body = /\[(.*)\]\s*$/.exec(item)?.[1];
  if (!body) return null;
  const attrs = new Map<string, string>();
  // Values may contain commas (names), so split only before `,key=`.
  for (const part of body.split(/,(?=[a-zA-Z]+=)/)) {
    const eq = part.indexOf('=');
    if (eq > 0) attrs.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const name = attrs.get('name');
  if (!name) return null;
  const date = (key: string) => {
    const v = attrs.get(key);
    return v && v !== '<null>' ? v : null;
  };
  return {
    name,
    state: (attrs.get('state') ?? 'unknown').toLowerCase(),
    startDate: date('startDate'),
    endDate: date('endDate'),
  };
}
