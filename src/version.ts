import pkg from "../package.json" with { type: "json" };

/** The binary's version, inlined at build time from package.json. */
export const VERSION: string = pkg.version;
