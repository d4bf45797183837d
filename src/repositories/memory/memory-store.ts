/** One stored record: its encoded document as JSON text (so every read decodes a fresh copy) and its revision. */
export interface StoredText {
  text: string;
  revision: number;
}

/** One execution's output: its lines in append order, and their size in encoded bytes (see output-cap.ts). */
export interface StoredOutput {
  lines: string[];
  bytes: number;
}

/** One past state of an execution: its encoded document as JSON text, and the output length it had. */
export interface StoredHistoryEntry {
  revision: number;
  outputLength: number;
  text: string;
}

/**
 * The data of one in-memory store: records (encoded as the file backend encodes them), output
 * lines and metadata, in this process only. Several adapters may share one store, as several
 * adapters share a data folder; nothing outlives the process.
 */
export class MemoryStore {
  readonly programs = new Map<string, StoredText>();
  readonly executions = new Map<string, StoredText>();
  readonly outputs = new Map<string, StoredOutput>();
  readonly metadata = new Map<string, string>();
  /** Past states by execution id and revision, with the adapter's `history` option. */
  readonly history = new Map<string, Map<number, StoredHistoryEntry>>();
}

/** The connect/disconnect lifecycle of one backend over a MemoryStore; the store itself stays. */
export class MemoryConnection {
  #connected = false;

  constructor(readonly store: MemoryStore) {}

  async connect(): Promise<void> {
    this.#connected = true;
  }

  async disconnect(): Promise<void> {
    this.#connected = false;
  }

  isConnected(): boolean {
    return this.#connected;
  }
}
