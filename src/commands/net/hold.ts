import { defineHotpassCommand } from "../../cli/command.ts";

/** The detached tunnel holder started by `net up`; not for direct use. */
export default defineHotpassCommand({
  meta: { name: "_hold", description: "hold a tunnel (started by 'net up')", hidden: true },
  args: {},
  async run({ signal }) {
    const { holdMain } = await import("../../net/daemon.ts");
    // The holder is a process of its own with no terminal: a stray socket error of the SSH
    // library must go to the tunnel's log, not end every forward it holds.
    let logError: (message: string) => void = (message) => {
      process.stderr.write(`${message}\n`);
    };
    process.on("uncaughtException", (error) => logError(`unexpected: ${error.message}`));
    return holdMain(signal, (write) => {
      logError = write;
    });
  },
});
