/**
 * robots.txt: the group for our user agent (`hotpass`) or `*`, Allow/Disallow with `*` and `$`
 * wildcards, the longest matching rule wins and Allow wins a tie (RFC 9309).
 */
import { wildcardMatch } from "../../text/wildcard.ts";

export interface RobotsRule {
  allow: boolean;
  path: string;
}

export function parseRobots(text: string, agent = "hotpass"): RobotsRule[] {
  const groups: { agents: string[]; rules: RobotsRule[] }[] = [];
  let current: { agents: string[]; rules: RobotsRule[] } | undefined;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*$/, "").trim();
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "user-agent") {
      if (!lastWasAgent || !current) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
    } else if ((key === "allow" || key === "disallow") && current) {
      lastWasAgent = false;
      if (value !== "") current.rules.push({ allow: key === "allow", path: value });
    } else {
      lastWasAgent = false;
    }
  }
  const ours = groups.filter((g) => g.agents.some((a) => a !== "*" && agent.toLowerCase().includes(a)));
  const chosen = ours.length > 0 ? ours : groups.filter((g) => g.agents.includes("*"));
  return chosen.flatMap((g) => g.rules);
}

/**
 * Whether a rule's path pattern matches `path` (as sent: percent-encoded, with its query): from
 * the start, `*` any run of characters, a final `$` the end of the path; anything else literal.
 * The rule comes from the network: matched in at most (path × rule length) steps, never as a RegExp.
 */
function matches(rule: string, path: string): boolean {
  const anchored = rule.endsWith("$");
  return wildcardMatch(anchored ? rule.slice(0, -1) : rule, path, { prefix: !anchored });
}

export function robotsAllows(rules: RobotsRule[], path: string): boolean {
  let best: RobotsRule | undefined;
  for (const rule of rules) {
    if (!matches(rule.path, path)) continue;
    if (!best || rule.path.length > best.path.length || (rule.path.length === best.path.length && rule.allow)) best = rule;
  }
  return best?.allow ?? true;
}
