import { defineHotpassCommand } from "../../cli/command.ts";

/** The detached tunnel holder started by `net up`; not for direct use. */
export default defineHotpassCommand({
  meta: { name: "_hold", description: "hold a tunnel (started by 'net up')", hidden: true },
  args: {},
  async run() {
    const { holdMain } = await import("../../net/daemon.ts");
    return holdMain();
  },
});
