/** The reader types the loader and `xlsx.ts` use; they are defined with the formats. */
export type { RowHandler, WorkbookReader } from "../../formats/types.ts";
