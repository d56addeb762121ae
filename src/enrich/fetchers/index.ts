/**
 * The offline fetchers, in the order they are tried. Each one is prepared once per run (reads its
 * files) and then offers candidates row by row; `select.ts` decides which candidate wins a field.
 */
import type { FetcherName } from "../types.ts";
import { prepareDerived } from "./derived.ts";
import type { PrepareFetcher } from "./fetcher.ts";
import { prepareHistory } from "./history.ts";
import { prepareLookup } from "./lookup.ts";
import { prepareRegistry } from "./registry.ts";

export { CONFIDENCE, type OfflineFetcher } from "./fetcher.ts";

/** Lookup table, local registry, history, derived fields: the order they are tried in. */
export const OFFLINE_FETCHERS: readonly { name: FetcherName; strategy: string; prepare: PrepareFetcher }[] = [
  { name: "lookup", strategy: "exact_name", prepare: prepareLookup },
  { name: "registry", strategy: "exact_name", prepare: prepareRegistry },
  { name: "history", strategy: "slug_match", prepare: prepareHistory },
  { name: "derived", strategy: "rules", prepare: prepareDerived },
];

