/**
 * How a command declares its flags, and the typed object its `run` receives. The shape is
 * citty's `ArgsDef` (so citty renders usage) plus two things Hotpass flags need, and the parsed
 * values are typed from the declaration as citty's `defineCommand<const T>` does: a command reads
 * `args.outputPath`, and a misspelt `args.ouputPath` does not compile.
 *
 * @example
 * const args = defineArgs({ "output-path": { type: "string", default: "dist/refined.xlsx" } });
 * type Parsed = ArgsOf<typeof args>; // { readonly outputPath: string }
 */

interface BaseArg {
  description?: string;
  valueHint?: string;
  alias?: string | readonly string[];
  required?: boolean;
  /** The flag may be given several times; its value is a `string[]`. */
  repeatable?: boolean;
  /**
   * After the flag, further `KEY=VALUE` tokens also belong to it
   * (`--telemetry-resource-attr env=staging team=platform`). Implies `repeatable`.
   */
  keyValues?: boolean;
}

export type HotpassArgDef =
  | (BaseArg & { type: "boolean"; default?: boolean; negativeDescription?: string })
  | (BaseArg & { type: "string"; default?: string })
  | (BaseArg & { type: "enum"; options: readonly string[]; default?: string })
  | (BaseArg & { type: "positional"; default?: string });

export type HotpassArgsDef = Record<string, HotpassArgDef>;

/** `output-path` -> `outputPath`. */
export type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

type ValueOf<D> =
  D extends { repeatable: true } | { keyValues: true }
    ? D extends { options: readonly (infer O)[] } ? O[] : string[]
  : D extends { type: "boolean" } ? (D extends { default: boolean } ? boolean : boolean | undefined)
  : D extends { type: "enum"; options: readonly (infer O)[] } ? (D extends { default: string } ? O : O | undefined)
  : D extends { default: string } ? string
  : D extends { type: "positional"; required: false } ? string | undefined
  : D extends { type: "positional" } ? string
  : D extends { required: true } ? string
  : string | undefined;

/** The parsed values of `A`, keyed by the camelCase flag name. */
export type ArgsOf<A extends HotpassArgsDef> = { readonly [K in keyof A & string as CamelCase<K>]: ValueOf<A[K]> };

/** Keeps the literal types of a flag group (enum options, defaults) so `ArgsOf` can read them. */
export function defineArgs<const A extends HotpassArgsDef>(args: A): A {
  return args;
}

export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
