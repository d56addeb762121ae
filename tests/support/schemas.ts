/**
 * JSON-schema validators for the lineage tests, built from the official documents kept beside the
 * repository (`<repo>/../shared`): the OpenLineage 2-0-2 event schema with every facet schema, and
 * the response schemas of Marquez's openapi.yml.
 */
import Ajv from "ajv";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { ROOT } from "./binary.ts";

export const SHARED = [resolve(ROOT, "../shared"), "/work/shared"].find((dir) => existsSync(join(dir, "openlineage")))!;
const OL_DIR = join(SHARED, "openlineage");
const HOTPASS_FACET = join(ROOT, "src/telemetry/lineage/schemas/HotpassRunFacet.json");

type Json = Record<string, unknown>;

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, "utf8")) as Json;
}

export interface OpenLineageValidator {
  /** Every problem with `event` and each facet it carries; empty when it is valid. */
  problems(event: unknown): string[];
}

export function openLineageValidator(): OpenLineageValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const core = readJson(join(OL_DIR, "OpenLineage.json"));
  ajv.addSchema(core);
  const validateEvent = ajv.getSchema(core.$id as string)!;

  // Each facet schema declares the facet's key in its root `properties`: key -> (schema id, validator).
  const byKey = new Map<string, { id: string; validate: ReturnType<typeof ajv.compile> }>();
  const files = readdirSync(join(OL_DIR, "facets")).map((f) => join(OL_DIR, "facets", f));
  for (const file of [...files, HOTPASS_FACET]) {
    const schema = readJson(file);
    ajv.addSchema(schema);
    const validate = ajv.getSchema(schema.$id as string)!;
    for (const key of Object.keys((schema.properties ?? {}) as Json)) byKey.set(key, { id: schema.$id as string, validate });
  }

  return {
    problems(event) {
      const out: string[] = [];
      if (!validateEvent(event)) out.push(`event: ${ajv.errorsText(validateEvent.errors)}`);
      const e = event as Json & { run?: Json; job?: Json; inputs?: Json[]; outputs?: Json[] };
      const groups: [string, unknown][] = [
        ["run.facets", e.run?.facets],
        ["job.facets", e.job?.facets],
        ...(e.inputs ?? []).flatMap((d, i): [string, unknown][] => [
          [`inputs[${i}].facets`, d.facets],
          [`inputs[${i}].inputFacets`, d.inputFacets],
        ]),
        ...(e.outputs ?? []).flatMap((d, i): [string, unknown][] => [
          [`outputs[${i}].facets`, d.facets],
          [`outputs[${i}].outputFacets`, d.outputFacets],
        ]),
      ];
      for (const [where, facets] of groups) {
        for (const [key, facet] of Object.entries((facets ?? {}) as Json)) {
          const known = byKey.get(key);
          if (!known) {
            out.push(`${where}.${key}: no schema known for this facet`);
            continue;
          }
          if (!known.validate({ [key]: facet })) out.push(`${where}.${key}: ${ajv.errorsText(known.validate.errors)}`);
          const url = (facet as Json)._schemaURL;
          if (typeof url !== "string" || !url.startsWith(`${known.id}#`)) {
            out.push(`${where}.${key}: _schemaURL ${String(url)} does not point into ${known.id}`);
          }
        }
      }
      return out;
    },
  };
}

export interface MarquezResponseValidator {
  /** Problems of `body` against `#/components/schemas/<name>` of openapi.yml. */
  problems(name: string, body: unknown): string[];
}

export function marquezResponseValidator(): MarquezResponseValidator {
  const doc = parse(readFileSync(join(SHARED, "marquez/openapi.yml"), "utf8")) as { components: { schemas: Record<string, Json> } };
  const schemas = doc.components.schemas;
  // GraphNode.data is `oneOf [Dataset, Job]` with a discriminator on the node's `type`: neither
  // schema excludes the other, so plain oneOf could never pass. Validate `data` against the
  // schema the discriminator names instead, as an OpenAPI tool would.
  const node = structuredClone(schemas.GraphNode) as Json & { properties: Record<string, Json> };
  node.properties.data = { type: "object" };
  schemas.GraphNode = node;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("URL", true);
  const id = "https://marquez.local/openapi.json";
  ajv.addSchema({ $id: id, components: { schemas } });
  const cache = new Map<string, ReturnType<typeof ajv.compile>>();
  const validator = (name: string) => {
    let v = cache.get(name);
    if (!v) cache.set(name, (v = ajv.compile({ $ref: `${id}#/components/schemas/${name}` })));
    return v;
  };
  return {
    problems(name, body) {
      const out: string[] = [];
      const v = validator(name);
      if (!v(body)) out.push(`${name}: ${ajv.errorsText(v.errors)}`);
      if (name === "LineageGraph") {
        for (const n of ((body as Json).graph ?? []) as Json[]) {
          const dataName = n.type === "DATASET" ? "Dataset" : "Job";
          const d = validator(dataName);
          if (!d(n.data)) out.push(`GraphNode ${String(n.id)} data: ${ajv.errorsText(d.errors)}`);
        }
      }
      return out;
    },
  };
}
