/**
 * robots.txt rules (RFC 9309): the group chosen, the longest matching rule wins, Allow wins a tie,
 * `*` and a final `$`, the path compared as sent (percent-encoded, with its query, case kept). A
 * hostile rule fetched from a website is answered at once over a long path.
 */
import { describe, expect, test } from "bun:test";
import { parseRobots, robotsAllows } from "../../src/enrich/network/robots.ts";

const allows = (robots: string, path: string) => robotsAllows(parseRobots(robots), path);

describe("robots.txt", () => {
  test("the hotpass group when there is one, else `*`", () => {
    const text = "User-agent: *\nDisallow: /\n\nUser-agent: hotpass\nUser-agent: other\nDisallow: /private\n";
    expect(allows(text, "/public")).toBe(true);
    expect(allows(text, "/private/x")).toBe(false);
    expect(allows("User-agent: *\nDisallow: /\n", "/public")).toBe(false);
    expect(allows("", "/anything")).toBe(true);
  });

  test("the longest matching rule wins, Allow wins a tie (RFC 9309 section 5.2 examples)", () => {
    expect(allows("User-agent: *\nAllow: /p\nDisallow: /\n", "/page")).toBe(true);
    expect(allows("User-agent: *\nAllow: /folder\nDisallow: /folder\n", "/folder/page")).toBe(true);
    expect(allows("User-agent: *\nAllow: /page\nDisallow: /*.htm\n", "/page.htm")).toBe(false);
    expect(allows("User-agent: *\nAllow: /page\nDisallow: /*.ph\n", "/page.php5")).toBe(true);
    expect(allows("User-agent: *\nAllow: /$\nDisallow: /\n", "/")).toBe(true);
    expect(allows("User-agent: *\nAllow: /$\nDisallow: /\n", "/page.htm")).toBe(false);
  });

  test("`*` any run of characters, a final `$` the end of the path; anything else is literal", () => {
    const php = "User-agent: *\nDisallow: /*.php$\n";
    expect(allows(php, "/index.php")).toBe(false);
    expect(allows(php, "/sub/index.php")).toBe(false);
    expect(allows(php, "/index.php?x=1")).toBe(true);
    expect(allows(php, "/filename.php/")).toBe(true);
    expect(allows("User-agent: *\nDisallow: /fish*.php\n", "/fishheads/catfish.php?p=1")).toBe(false);
    expect(allows("User-agent: *\nDisallow: /search?q=\n", "/search?q=planes")).toBe(false);
    expect(allows("User-agent: *\nDisallow: /search?q=\n", "/searchXq=planes")).toBe(true);
    expect(allows("User-agent: *\nDisallow: /a$b\n", "/a$b/c")).toBe(false);
    expect(allows("User-agent: *\nDisallow: /a.b\n", "/aXb")).toBe(true);
    expect(allows("User-agent: *\nDisallow: /Private\n", "/private")).toBe(true);
    // As sent: a rule written percent-encoded matches the encoded path.
    expect(allows("User-agent: *\nDisallow: /caf%C3%A9\n", "/caf%C3%A9/menu")).toBe(false);
  });

  test("a hostile rule over a long path is answered at once, and rightly", () => {
    const started = performance.now();
    const hostile = `User-agent: *\nDisallow: /${"*a".repeat(12)}*b\n${Array.from({ length: 200 }, (_, i) => `Disallow: /${"*a".repeat(10)}*${i}x`).join("\n")}\n`;
    const path = `/${"a".repeat(50_000)}`;
    expect(allows(hostile, path)).toBe(true);
    expect(allows(hostile, `${path}b`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000); // generous: the RegExp it replaced did not finish
  });
});
