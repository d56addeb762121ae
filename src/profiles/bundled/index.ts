/**
 * The profiles compiled into the binary. The YAML text is embedded at build time (Bun's text
 * imports), so `--profile aviation` works from the executable alone with no files beside it.
 */
import aviation from "./aviation.yaml" with { type: "text" };
import generic from "./generic.yaml" with { type: "text" };

export const BUNDLED_PROFILES: Readonly<Record<string, string>> = { aviation, generic };
