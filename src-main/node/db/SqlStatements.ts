import type { Database, SqlValue, Statement } from 'sql.js'

/**
 * One query style over a sql.js database: `run`, `first` and `all` use statements prepared
 * once and cached (preparing costs more than running); `each` steps a statement of its own,
 * so a caller may query the database between the rows it yields.
 */
export class SqlStatements {
  private readonly cache = new Map<string, Statement>()

  constructor(readonly db: Database) {}

  private prepared(sql: string): Statement {
    let statement = this.cache.get(sql)
    if (statement === undefined) {
      statement = this.db.prepare(sql)
      this.cache.set(sql, statement)
    }
    return statement
  }

  /** Runs a cached statement that returns no rows. */
  run(sql: string, params: SqlValue[]): void {
    this.prepared(sql).run(params)
  }

  /** The first row of a cached query, or undefined. */
  first(sql: string, params: SqlValue[] = []): SqlValue[] | undefined {
    const statement = this.prepared(sql)
    try {
      statement.bind(params)
      return statement.step() ? statement.get() : undefined
    } finally {
      statement.reset()
    }
  }

  /** Every row of a cached query. */
  all(sql: string, params: SqlValue[] = []): SqlValue[][] {
    const statement = this.prepared(sql)
    const rows: SqlValue[][] = []
    try {
      statement.bind(params)
      while (statement.step()) rows.push(statement.get())
    } finally {
      statement.reset()
    }
    return rows
  }

  /** The rows of a query one at a time, from a statement of its own, freed when done. */
  *each(sql: string, params: SqlValue[] = []): Generator<SqlValue[]> {
    const statement = this.db.prepare(sql)
    try {
      statement.bind(params)
      while (statement.step()) yield statement.get()
    } finally {
      statement.free()
    }
  }

  /** Frees every cached statement (before the database closes). */
  free(): void {
    for (const statement of this.cache.values()) statement.free()
    this.cache.clear()
  }
}
