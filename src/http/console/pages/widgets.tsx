import type { Child } from 'hono/jsx';

/** A labelled select whose first option means "no filter". */
export function Select(props: {
  name: string;
  label: string;
  value: string | undefined;
  options: readonly string[];
  all: string;
}) {
  const id = `f-${props.name}`;
  return (
    <span class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        <option value="">{props.all}</option>
        {props.options.map((o) => (
          <option value={o} selected={o === props.value}>
            {o}
          </option>
        ))}
      </select>
    </span>
  );
}

export const PERIODS = [4, 12, 26, 52] as const;

export function PeriodSelect({ value }: { value: number }) {
  return (
    <span class="field">
      <label for="f-weeks">Period</label>
      <select id="f-weeks" name="weeks">
        {PERIODS.map((w) => (
          <option value={String(w)} selected={w === value}>
            last {w} weeks
          </option>
        ))}
      </select>
    </span>
  );
}

/** A table of requests: the first `limit` rows, and how many more there are. */
export function ListSection<T>(props: {
  title: string;
  rows: readonly T[];
  limit: number;
  empty: string;
  children: (row: T) => Child[];
}) {
  if (!props.rows.length) return <p>{props.empty}</p>;
  return (
    <DataTable
      caption={`${props.title} (${props.rows.length}${props.rows.length > props.limit ? `, the first ${props.limit} shown` : ''})`}
      columns={['Request', 'Summary', 'Status', 'For']}
      rows={props.rows.slice(0, props.limit).map(props.children)}
    />
  );
}

/** A column of a `DataTable`: its heading, and whether it holds numbers (right-aligned). */
export type Column = string | { label: string; num: true };

/** A table whose first cell in each row heads the row (`th scope="row"`). */
export function DataTable(props: { caption?: string; columns: Column[]; rows: Child[][] }) {
  const num = props.columns.map((c) => typeof c !== 'string');
  return (
    <table>
      {props.caption && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th scope="col" class={typeof c === 'string' ? undefined : 'num'}>
              {typeof c === 'string' ? c : c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map(([head, ...cells]) => (
          <tr>
            <th scope="row">{head}</th>
            {cells.map((cell, i) => (
              <td class={num[i + 1] ? 'num' : undefined}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A chart drawn in the browser from `values` (console.js); the table beside it says the same for everyone. */
export function Chart(props: { kind: string; label: string; values: unknown }) {
  return (
    <div
      class="chart"
      data-chart={props.kind}
      data-values={JSON.stringify(props.values)}
      role="img"
      aria-label={props.label}
    >
      <noscript>The chart needs JavaScript; the table below has its data.</noscript>
    </div>
  );
}
