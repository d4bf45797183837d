import Database from 'better-sqlite3';

/**
 * The yardstick a user would otherwise pick: the same state in an embedded SQLite database
 * (better-sqlite3, WAL), each execution a JSON text column beside its query fields, with an
 * index on the fields a page orders and filters by; output lines one row each, keyed by
 * (execution, line number). Each storage call is its own transaction, as each library call is.
 * Loaded only by bench code.
 */
export type Synchronous = 'FULL' | 'NORMAL';

export interface StoredTree {
  [field: string]: unknown;
  id: string;
  programId: string;
  state: string;
  created: string;
  updated?: string;
}

export interface SqliteRecord {
  id: string;
  json: string;
}

export class SqliteStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(file: string, readonly synchronous: Synchronous) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${synchronous}`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS executions (id TEXT PRIMARY KEY, program_id TEXT NOT NULL, state TEXT NOT NULL, created TEXT NOT NULL, updated TEXT, doc TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS executions_by_created ON executions (created, id);
      CREATE INDEX IF NOT EXISTS executions_by_state ON executions (state, created, id);
      CREATE TABLE IF NOT EXISTS outputs (execution_id TEXT NOT NULL, line_no INTEGER NOT NULL, line TEXT NOT NULL, PRIMARY KEY (execution_id, line_no)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS metadata (key TEXT PRIMARY KEY, value TEXT);
    `);
    this.statements = {
      get: this.db.prepare<[string], { doc: string }>('SELECT doc FROM executions WHERE id = ?'),
      upsert: this.db.prepare(
        'INSERT INTO executions (id, program_id, state, created, updated, doc) VALUES (@id, @programId, @state, @created, @updated, @doc) ' +
          'ON CONFLICT(id) DO UPDATE SET program_id = excluded.program_id, state = excluded.state, created = excluded.created, updated = excluded.updated, doc = excluded.doc',
      ),
      all: this.db.prepare<[], { doc: string }>('SELECT doc FROM executions ORDER BY created, id'),
      page: this.db.prepare<[number], { doc: string }>('SELECT doc FROM executions ORDER BY created, id LIMIT ?'),
      lastLineNo: this.db.prepare<[string], { n: number | null }>('SELECT max(line_no) AS n FROM outputs WHERE execution_id = ?'),
      insertLine: this.db.prepare('INSERT INTO outputs (execution_id, line_no, line) VALUES (?, ?, ?)'),
      lastLines: this.db.prepare<[string, number], { line: string }>('SELECT line FROM outputs WHERE execution_id = ? ORDER BY line_no DESC LIMIT ?'),
      getMeta: this.db.prepare<[string], { value: string | null }>('SELECT value FROM metadata WHERE key = ?'),
      setMeta: this.db.prepare('INSERT INTO metadata (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    };
  }

  getExecution(id: string): unknown {
    const row = this.statements.get.get(id);
    return row === undefined ? null : JSON.parse(row.doc);
  }

  saveExecution(tree: StoredTree): void {
    this.statements.upsert.run(this.params(tree, JSON.stringify(tree)));
  }

  /** Many executions in one transaction (seeding); `json` is each one's stored text. */
  seedExecutions(records: readonly StoredTree[], json: (tree: StoredTree) => string): void {
    this.db.transaction(() => {
      for (const tree of records) this.statements.upsert.run(this.params(tree, json(tree)));
    })();
  }

  /** Appends `lines` after the execution's last line, in one transaction. */
  appendOutput(id: string, lines: readonly string[]): void {
    this.db.transaction(() => {
      let next = (this.statements.lastLineNo.get(id)?.n ?? -1) + 1;
      for (const line of lines) this.statements.insertLine.run(id, next++, line);
    })();
  }

  listExecutions(): unknown[] {
    return this.statements.all.all().map((row) => JSON.parse(row.doc));
  }

  /** The first page of `limit` executions in the library's order (created, then id). */
  page(limit: number): unknown[] {
    return this.statements.page.all(limit).map((row) => JSON.parse(row.doc));
  }

  /** The last `count` lines of the execution's output, in order. */
  lastLines(id: string, count: number): string[] {
    return this.statements.lastLines
      .all(id, count)
      .map((row) => row.line)
      .reverse();
  }

  getCurrentExecutionId(): string | null {
    return this.statements.getMeta.get('currentExecutionId')?.value ?? null;
  }

  setCurrentExecutionId(id: string): void {
    if (this.getCurrentExecutionId() !== id) this.statements.setMeta.run('currentExecutionId', id);
  }

  close(): void {
    this.db.close();
  }

  private params(tree: StoredTree, doc: string) {
    return { id: tree.id, programId: tree.programId, state: tree.state, created: tree.created, updated: tree.updated ?? null, doc };
  }
}
