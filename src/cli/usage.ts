/** Usage text for a command, rendered by citty and stripped of colour where colour is off. */
import type { CommandDef } from "citty";
import { renderUsage } from "citty";
import { colourEnabled, plain } from "./colour.ts";
import type { HotpassCommand } from "./command.ts";

export async function usageOf(command: HotpassCommand, parent?: HotpassCommand, fd: 1 | 2 = 1): Promise<string> {
  const rendered = await renderUsage(command as unknown as CommandDef, parent as unknown as CommandDef | undefined);
  // citty pads every column, leaving trailing blanks that show up in diffs and logs.
  const text = rendered.replace(/[ \t]+$/gm, "");
  return colourEnabled(fd) ? text : plain(text);
}
