/**
 * Writes an inferred profile as YAML: the schema line editors read first, then the document with
 * each comment on the line it is about (after a value, or above a key or list item).
 */
import { Document, isScalar, isSeq, visit, type Node, type Pair } from "yaml";
import type { Comment, ProfileDocument } from "./infer.ts";

export function profileYaml(document: ProfileDocument, comments: Comment[], header: string[]): string {
  const doc = new Document(document);
  // Short lists of plain values read best on one line: [Phone, WhatsApp].
  visit(doc, {
    Seq(_, node) {
      if (isSeq(node) && node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  for (const comment of comments) attach(doc, comment);
  doc.commentBefore = header.map((line) => ` ${line}`).join("\n");
  return doc.toString({ lineWidth: 0 });
}

function attach(doc: Document, { path, text, before }: Comment): void {
  const target = doc.getIn(path, true) as Node | undefined;
  if (!target) return;
  if (!before && isScalar(target)) {
    target.comment = join(target.comment, text);
    return;
  }
  // Above the line: a map entry's key, or the list item itself.
  const last = path.at(-1);
  const parent = doc.getIn(path.slice(0, -1), true) as { items?: unknown[] } | undefined;
  const node = typeof last === "number" ? target : (parent?.items as Pair[] | undefined)?.find((p) => isScalar(p.key) && p.key.value === last)?.key;
  if (node && typeof node === "object") (node as Node).commentBefore = join((node as Node).commentBefore, text);
}

function join(existing: string | null | undefined, text: string): string {
  return existing ? `${existing}\n ${text}` : ` ${text}`;
}
