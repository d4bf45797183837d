/** Save, get, list and delete of one kind of record: what each backend provides per record kind. */
export interface RecordStore<T> {
  save(record: T): Promise<void>;
  get(id: string): Promise<T | null>;
  list(): Promise<T[]>;
  delete(id: string): Promise<void>;
}

/** How one kind of record is checked and stored, the same for every backend. */
export interface RecordFormat<T> {
  /** How ids of this kind are named in errors, e.g. 'program id'. */
  idField: string;
  validate(input: unknown): T;
  toDocument(record: T): object;
  fromDocument(document: unknown): T;
}
