/** Bounds every saved record respects, so validation, codecs and MongoDB's 16 MB documents stay safe. */
export const LIMITS = {
  /**
   * Nesting of arrays and objects inside one CVM-valued field, counted in JavaScript containers
   * (a CVM array or object is two: itself and its `elements` or `properties`), so 32 nested CVM
   * values. Stored documents keep this depth, well inside MongoDB's limit of 100 levels.
   */
  maxDepth: 64,
  /**
   * Nesting of arrays and objects below one top-level field of a record (the field's own value is
   * level 1), as stored: an array directly inside an array counts two, since it is stored wrapped.
   * Room for the strict grammar's deepest value inside the heap's wrappers
   * (`heap.objects.<id>.data`), and still well inside MongoDB's 100 levels.
   */
  maxFieldDepth: 72,
  /** Containers and scalars inside one field of a record. */
  maxNodes: 1_000_000,
  /** UTF-16 code units in any one string: a CVM string, a source text, an output line. */
  maxStringLength: 4 * 1024 * 1024,
  /**
   * Bytes one record, or the lines of one appendOutput call, take stored, counted as an upper
   * bound of their BSON encoding (UTF-8 strings, 8-byte numbers, each element's type and name):
   * whatever is accepted fits a MongoDB document (16 MiB), on every backend.
   */
  maxRecordBytes: 16 * 1024 * 1024 - 4096,
  maxNameLength: 1000,
  maxOpLength: 64,
  /** UTF-16 code units in an execution's `state`; in compatible mode any such string is stored. */
  maxStateLength: 64,
} as const;
