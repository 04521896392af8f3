// What every page shows around the data it loads: a loading line, then either the error (in words,
// with a retry where asking again may help), a line saying there is nothing yet, or the content.
// One place for it so that the pages look and behave alike and each keeps only its own content.
import type { ReactNode } from "react";
import { ApiError } from "../api/client";
import { ErrorBox, Loading } from "./Status";

/** The parts of a TanStack Query result this needs (any `useQuery` result fits). */
export interface LoadingQuery<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  isFetching: boolean;
  refetch: () => unknown;
}

/**
 * The loading line or the error box (with retry) of a query that has no data to show yet; for a
 * page that returns early: `if (!q.isSuccess) return <QueryFallback query={q} />`. A page about one
 * thing passes `notFound` to say so in full when the API answers 404.
 */
export function QueryFallback<T>({ query, notFound }: { query: LoadingQuery<T>; notFound?: ReactNode }) {
  if (query.isPending) return <Loading />;
  if (notFound && query.error instanceof ApiError && query.error.status === 404) return <>{notFound}</>;
  return <ErrorBox error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />;
}

/**
 * A query's content once loaded: `children(data)`, or `empty` (a muted line) when `isEmpty(data)`.
 * Until then the loading line; on failure the error box with retry.
 */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: LoadingQuery<T>;
  isEmpty?: (data: T) => boolean;
  /** What to say when there is nothing to show (shown as `<p className="empty">`). */
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending || query.error || query.data === undefined) return <QueryFallback query={query} />;
  if (isEmpty?.(query.data)) return <p className="empty">{empty}</p>;
  return <>{children(query.data)}</>;
}
