/**
 * Event payloads as span attributes: scalars as they are, short scalar lists and small flat maps
 * flattened (`dropped.empty_organization_name`), anything larger summarised by its size, so a span
 * event never carries a whole table or report.
 */
import type { AttributeValue, Attributes } from "@opentelemetry/api";

const MAX_ITEMS = 64;
/** Maps wider than this (null counts of every output column) become `key.count`. */
const MAX_FLAT_KEYS = 16;
const MAX_STRING = 512;

export function payloadAttributes(data: unknown, prefix = ""): Attributes {
  const out: Attributes = {};
  if (!data || typeof data !== "object") return out;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const name = prefix + key;
    const scalar = scalarValue(value);
    if (scalar !== undefined) {
      out[name] = scalar;
    } else if (Array.isArray(value)) {
      const list = scalarList(value);
      if (list !== undefined) out[name] = list;
      else out[`${name}.count`] = value.length;
    } else if (value && typeof value === "object") {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length <= MAX_FLAT_KEYS && entries.every(([, v]) => scalarValue(v) !== undefined)) {
        for (const [k, v] of entries) out[`${name}.${k}`] = scalarValue(v)!;
      } else {
        out[`${name}.count`] = entries.length;
      }
    }
  }
  return out;
}

function scalarValue(value: unknown): string | number | boolean | undefined {
  if (typeof value === "string") return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (typeof value === "number" || typeof value === "boolean") return value;
  return undefined;
}

function scalarList(values: unknown[]): AttributeValue | undefined {
  if (values.length > MAX_ITEMS) return undefined;
  if (values.every((v) => typeof v === "string")) return (values as string[]).map((v) => scalarValue(v) as string);
  if (values.every((v) => typeof v === "number")) return values as number[];
  if (values.every((v) => typeof v === "boolean")) return values as boolean[];
  return undefined;
}
