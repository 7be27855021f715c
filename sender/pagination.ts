// Token loops for the few list/report calls that have no SDK paginator (Cost Explorer's
// GetCostAndUsage and GetReservationUtilization, Savings Plans' DescribeSavingsPlans).
// Everything that has a `paginateX` uses it instead.

/**
 * Yields every page of a token-paginated call. Stops when the token is absent or empty, and throws
 * if the service hands back the token it was just given (the SDK paginators do the same, as
 * following it would loop forever).
 */
export async function* pagesOf<O>(fetch: (token: string | undefined) => Promise<O>, nextToken: (page: O) => string | undefined): AsyncGenerator<O> {
  let token: string | undefined;
  for (;;) {
    const page = await fetch(token);
    yield page;
    const next = nextToken(page);
    if (!next) return;
    if (next === token) throw new Error('the service returned the same pagination token twice');
    token = next;
  }
}
