import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { ROOT, tempDir } from "./support/binary.ts";

/** ELF e_machine values: the cross-built binary must be for the machine it is named after. */
const EM_AARCH64 = 0xb7;

describe("build.ts", () => {
  test("cross-builds a linux-arm64 binary and prints its size", async () => {
    const dir = tempDir();
    try {
      const proc = Bun.spawn(["bun", "run", "build.ts", "--target", "bun-linux-arm64", "--outdir", dir.path], {
        cwd: ROOT,
        stdout: "pipe",
        stderr: "pipe",
      });
      const [stdout, stderr, code] = await Promise.all([
        new Response(proc.stdout).text(),
        new Response(proc.stderr).text(),
        proc.exited,
      ]);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      const outfile = join(dir.path, "hotpass-linux-arm64");
      expect(stdout).toMatch(/^built .*hotpass-linux-arm64 \(\d+\.\d MiB\) in [\d.]+ s$/m);
      const header = new Uint8Array(await Bun.file(outfile).slice(0, 20).arrayBuffer());
      expect([...header.slice(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]); // ELF
      expect(header[18]).toBe(EM_AARCH64);
    } finally {
      dir.cleanup();
    }
  }, 300_000);

  test("an unknown build argument is refused with the accepted forms", async () => {
    const proc = Bun.spawnSync(["bun", "run", "build.ts", "--targte", "x"], { cwd: ROOT, stderr: "pipe" });
    expect(proc.exitCode).toBe(2);
    expect(proc.stderr.toString()).toContain("use --target bun-<os>-<arch> or --all");
  });
});
