/** File signatures that tell workbook containers apart whatever the file is called. */

/** A zip archive (`.xlsx`, `.xlsm`, `.ods`). */
export const ZIP = [0x50, 0x4b];
/** An OLE compound file (`.xls`, or an encrypted Office workbook of any suffix). */
export const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}
