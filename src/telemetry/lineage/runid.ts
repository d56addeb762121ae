/**
 * OpenLineage needs a UUID run id; `hotpass refine --run-id` accepts any folder-safe name. A
 * UUID is used as it is (lower-cased); any other id maps to a stable name-based UUID (version 5),
 * so the same --run-id always names the same OpenLineage run, and the hotpass run facet keeps the
 * id as given.
 */
import { createHash } from "node:crypto";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The namespace of hotpass run ids (itself a random UUID, fixed forever). */
const RUN_ID_NAMESPACE = "5b0b7a52-6f0e-4f5e-9a4c-2f1f3c8e9d17";

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function lineageRunId(runId: string): string {
  if (isUuid(runId)) return runId.toLowerCase();
  const hash = createHash("sha1")
    .update(Buffer.from(RUN_ID_NAMESPACE.replaceAll("-", ""), "hex"))
    .update(runId, "utf8")
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
