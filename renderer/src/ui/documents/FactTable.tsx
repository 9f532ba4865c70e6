import type { ReactNode } from 'react';

export type Fact = { label: string; value: ReactNode };

/** Label/value rows: a ruled form table on A4, plain aligned lines on the thermal roll (documents.css). */
export function FactTable({ facts }: { facts: readonly (Fact | false | undefined)[] }) {
  const rows = facts.filter((f): f is Fact => Boolean(f));
  return (
    <table className="doc-facts">
      <tbody>
        {rows.map((f) => (
          <tr key={f.label}>
            <th scope="row">{f.label}</th>
            <td>{f.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
