/**
 * `hotpass net`: SSH tunnels to the staging services through a bastion, with the SSH client built
 * into the binary. Subcommands: up, down, status, lease (and the hidden `_hold`, the detached
 * process that keeps a tunnel open). The subcommands are in ./net/, the work in src/net/.
 */
import { defineHotpassCommand, lazy } from "../cli/command.ts";

export default defineHotpassCommand({
  meta: { name: "net", description: "Open, list and close SSH tunnels to Marquez, Prefect and the collector" },
  subCommands: {
    up: lazy(() => import("./net/up.ts")),
    down: lazy(() => import("./net/down.ts")),
    status: lazy(() => import("./net/status.ts")),
    lease: lazy(() => import("./net/lease.ts")),
    _hold: lazy(() => import("./net/hold.ts")),
  },
});
