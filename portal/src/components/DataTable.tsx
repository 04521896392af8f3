// A table of the portal's lists (class "data"): a header row of column names over the rows given.
// One place for the header markup (scope="col" for screen readers) so each page keeps only its rows.
import type { ReactNode } from "react";

/**
 * `columns` name each column by a key (React's) and the heading shown, in order; `children` are
 * the body's `<tr>` rows.
 */
export function DataTable({
  columns,
  testId,
  children,
}: {
  columns: Record<string, ReactNode>;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <table className="data" data-testid={testId}>
      <thead>
        <tr>
          {Object.entries(columns).map(([key, heading]) => (
            <th key={key} scope="col">
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
