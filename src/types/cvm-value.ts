/** A value on the CVM stack, in a variable, on the heap or returned by a program. */
export type CVMValue =
  | string
  | number
  | boolean
  | null
  | CVMUndefined
  | CVMArray
  | CVMObject
  | CVMArrayRef
  | CVMObjectRef;

export interface CVMUndefined {
  type: 'undefined';
}

export interface CVMArray {
  type: 'array';
  elements: CVMValue[];
  properties?: Record<string, CVMValue>;
}

export interface CVMObject {
  type: 'object';
  properties: Record<string, CVMValue>;
}

export interface CVMArrayRef {
  type: 'array-ref';
  id: number;
}

export interface CVMObjectRef {
  type: 'object-ref';
  id: number;
}
