import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { isInterfaceDeclaration } from 'typescript/unstable/ast/is';
import { API, isUnionType, type Symbol as TsSymbol, type Type, TypeFlags } from 'typescript/unstable/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrateToLatest, openDatabase } from '../src/index.js';
import { createScratchDatabase, type ScratchDatabase, silentLogger } from './scratch-database.js';

// schema.ts is kept by hand beside the migrations; the repositories' types come from it. Here the
// two are compared: every table and column of one is in the other, a column is `| null` exactly
// when the database allows NULL, and a column the database fills by itself (a default, an
// identity) is Generated, so an insert may leave it out. A Generated column the database neither
// fills nor lets be NULL would let an insert compile that the database refuses.

const SCHEMA_FILE = fileURLToPath(new URL('../src/schema.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../tsconfig.json', import.meta.url));

interface Column {
  nullable: boolean;
  /** An insert may leave it out. */
  generated: boolean;
}

type Tables = Map<string, Map<string, Column>>;

/**
 * The tables of schema.ts's `DB` interface, read with the type checker (aliases such as Timestamp
 * resolved) as this package's tsconfig compiles it. TypeScript 7 keeps its checker in the native
 * compiler and reaches it through the API under `typescript/unstable/`, which may change between
 * TypeScript releases: a change shows here as a type error or a failing test, not as a silent pass.
 */
function schemaTables(): Tables {
  const api = new API();
  try {
    const project = api.updateSnapshot({ openProjects: [TSCONFIG] }).getProject(TSCONFIG);
    if (!project) throw new Error(`TypeScript did not load ${TSCONFIG}`);
    const { checker, program } = project;
    const db = program.getSourceFile(SCHEMA_FILE)?.statements.find((node) => isInterfaceDeclaration(node) && node.name.text === 'DB');
    if (!db) throw new Error('schema.ts has no `interface DB`');

    const typeOf = (symbol: TsSymbol) => {
      const type = checker.getTypeOfSymbol(symbol);
      if (!type) throw new Error(`no type for ${symbol.name} in schema.ts`);
      return type;
    };
    const members = (type: Type): readonly Type[] => (isUnionType(type) ? type.getTypes() : [type]);
    const includes = (types: readonly Type[], flag: TypeFlags) => types.some((type) => (type.flags & flag) !== 0);
    const part = (type: Type, name: '__select__' | '__insert__') => {
      const property = checker.getPropertyOfType(type, name);
      return property ? members(typeOf(property)) : [type];
    };

    const dbType = checker.getTypeAtLocation(db);
    if (!dbType) throw new Error('no type for `interface DB` in schema.ts');
    const tables: Tables = new Map();
    for (const table of checker.getPropertiesOfType(dbType)) {
      const columns = new Map<string, Column>();
      for (const column of checker.getPropertiesOfType(typeOf(table))) {
        // A ColumnType (Generated, Timestamp, Jsonb …) reads as its select type and is written as its
        // insert type; any other type is both. Nullable `Jsonb<…> | null` is a union of the two kinds.
        const type = members(typeOf(column));
        const selected = type.flatMap((member) => part(member, '__select__'));
        const inserted = type.flatMap((member) => part(member, '__insert__'));
        columns.set(column.name, {
          nullable: includes(selected, TypeFlags.Null),
          // Generated<…> may be left out of an insert; GeneratedAlways<…> can never be written.
          generated: includes(inserted, TypeFlags.Undefined) || includes(inserted, TypeFlags.Never),
        });
      }
      tables.set(table.name, columns);
    }
    return tables;
  } finally {
    // The API runs the native compiler as a child process; close it, or the test's worker waits on it.
    api.close();
  }
}

/** The migrated database's tables (a partitioned table once, as its parent), from information_schema. */
async function databaseTables(database: Database): Promise<Tables> {
  const { rows } = await sql<{ table_name: string; column_name: string; nullable: boolean; filled: boolean }>`
    SELECT table_name, column_name, is_nullable = 'YES' AS nullable,
      (column_default IS NOT NULL OR is_identity = 'YES' OR is_generated = 'ALWAYS') AS filled
    FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name IN (
      SELECT relname FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition
        AND relname NOT LIKE 'kysely%'
    )
    ORDER BY table_name, ordinal_position
  `.execute(database.db);
  const tables: Tables = new Map();
  for (const row of rows) {
    const columns = tables.get(row.table_name) ?? new Map<string, Column>();
    columns.set(row.column_name, { nullable: row.nullable, generated: row.filled });
    tables.set(row.table_name, columns);
  }
  return tables;
}

/** Every disagreement between schema.ts and the database, one readable line each. */
function mismatches(schema: Tables, database: Tables): string[] {
  const found: string[] = [];
  for (const name of database.keys()) if (!schema.has(name)) found.push(`${name}: a table of the migrations, missing from DB in schema.ts`);
  for (const [name, columns] of schema) {
    const actual = database.get(name);
    if (!actual) {
      found.push(`${name}: in DB of schema.ts, but no migration creates it`);
      continue;
    }
    for (const column of actual.keys()) if (!columns.has(column)) found.push(`${name}.${column}: a column of the migrations, missing from schema.ts`);
    for (const [column, declared] of columns) {
      const real = actual.get(column);
      if (!real) {
        found.push(`${name}.${column}: in schema.ts, but no migration creates it`);
        continue;
      }
      if (declared.nullable !== real.nullable) {
        found.push(
          `${name}.${column}: ${real.nullable ? 'NULL allowed in the database, but not `| null` in schema.ts' : '`| null` in schema.ts, but NOT NULL in the database'}`,
        );
      }
      if (real.generated && !declared.generated)
        found.push(`${name}.${column}: the database fills it (a default or identity), but schema.ts has no Generated<…>`);
      if (declared.generated && !real.generated && !real.nullable) {
        found.push(`${name}.${column}: Generated<…> in schema.ts, but the database has no default and refuses NULL`);
      }
    }
  }
  return found;
}

describe('schema.ts against the migrations', () => {
  let scratch: ScratchDatabase;
  let database: Database;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    database = await openDatabase({ url: scratch.url, logger: silentLogger, poolSize: 1 });
    await migrateToLatest(database.db, silentLogger);
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  it('declares every table and column the migrations make, with their nullability and defaults', async () => {
    const schema = schemaTables();
    // The reading itself works: known columns come out as the schema writes them.
    expect(schema.get('text_conversations')?.get('ended_at')).toEqual({ nullable: true, generated: false });
    expect(schema.get('text_conversations')?.get('user_id')).toEqual({ nullable: true, generated: true });
    expect(schema.get('link_deliveries')?.get('payload')).toEqual({ nullable: true, generated: false });
    expect(schema.get('tenants')?.get('created_at')).toEqual({ nullable: false, generated: true });
    expect(schema.get('tenants')?.get('name')).toEqual({ nullable: false, generated: false });

    expect(mismatches(schema, await databaseTables(database))).toEqual([]);
  });
});
