export { runRefine } from "./pipeline/run.ts";
