import type { FieldDeclaration, FieldKind } from '../types/record-fields';

/** Kinds that hold CVM data: always stored encoded (value-codec.ts). */
const VALUE_KINDS = ['cvm-value', 'cvm-list', 'cvm-record', 'iterators', 'heap'] as const satisfies readonly FieldKind[];
type ValueKind = (typeof VALUE_KINDS)[number];

/**
 * The documented fields a record codec stores encoded under their own names: those holding CVM
 * data, and the loose ones (default validation lets them hold any JSON-like value). The rest are
 * stored as they are (ids, states, counts, dates) or as texts (StoredText), and bytecode as
 * instruction documents.
 */
export type ValueField<F> = {
  [K in keyof F]: F[K] extends { readonly loose: true } | { readonly kind: ValueKind } ? K : never;
}[keyof F];

function isValueField(field: FieldDeclaration): boolean {
  return field.loose === true || (VALUE_KINDS as readonly FieldKind[]).includes(field.kind);
}

export function valueFields<F extends Record<string, FieldDeclaration>>(fields: F): ValueField<F>[] {
  return Object.keys(fields).filter((name) => isValueField(fields[name])) as ValueField<F>[];
}
