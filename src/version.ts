import pkg from "../package.json" with { type: "json" };

/** The binary's version, inlined at build time from package.json. */
export const VERSION: string = pkg.version;

// Replaced by build.ts (`--define`) with the commit the binary was built from; absent when the
// sources run directly under bun.
declare const HOTPASS_BUILD_COMMIT: string | undefined;

/**
 * The commit the binary was built from: 12 hex digits, `-dirty` when the tree had uncommitted
 * changes, `unknown` when the build had no git checkout, `source` when run from the sources.
 */
export const COMMIT: string = typeof HOTPASS_BUILD_COMMIT === "string" ? HOTPASS_BUILD_COMMIT : "source";

/** What `hotpass --version` prints: `0.1.0 (commit 3f9c2ab41d0e)`. */
export const VERSION_LINE = `${VERSION} (commit ${COMMIT})`;
