// Bun embeds files imported `with { type: "text" }` as strings.
declare module "*.yaml" {
  const text: string;
  export default text;
}
