/** JSON Patch (RFC 6902) on plain JSON values, as Kustomize applies a `patches` entry that is a list of operations. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const clone = <T>(value: T): T => structuredClone(value);

interface Operation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: Json;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`JSON pointer ${path} does not start with /`);
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(document: Json, tokens: string[], path: string): { parent: Json[] | JsonObject; key: string } {
  let node = document;
  for (const token of tokens.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
    if (next === undefined) throw new Error(`JSON patch: ${path} does not exist`);
    node = next;
  }
  if (!Array.isArray(node) && !isObject(node)) throw new Error(`JSON patch: the parent of ${path} is not an object or a list`);
  return { parent: node, key: tokens.at(-1) ?? '' };
}

function getAt(document: Json, path: string): Json {
  return pointer(path).reduce<Json>((node, token) => {
    const next = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
    if (next === undefined) throw new Error(`JSON patch: ${path} does not exist`);
    return next;
  }, document);
}

function listIndex(list: Json[], key: string, forInsert: boolean, path: string): number {
  if (forInsert && key === '-') return list.length;
  const index = Number(key);
  if (!/^\d+$/.test(key) || index > list.length || (!forInsert && index === list.length)) throw new Error(`JSON patch: ${path} is out of range`);
  return index;
}

function addAt(document: Json, path: string, value: Json): Json {
  const tokens = pointer(path);
  if (tokens.length === 0) return clone(value);
  const { parent, key } = parentOf(document, tokens, path);
  if (Array.isArray(parent)) parent.splice(listIndex(parent, key, true, path), 0, clone(value));
  else parent[key] = clone(value);
  return document;
}

function removeAt(document: Json, path: string): Json {
  const { parent, key } = parentOf(document, pointer(path), path);
  if (Array.isArray(parent)) parent.splice(listIndex(parent, key, false, path), 1);
  else {
    if (!(key in parent)) throw new Error(`JSON patch: ${path} does not exist`);
    delete parent[key];
  }
  return document;
}

export function applyJsonPatch(target: Json, operations: Json[]): Json {
  let document = clone(target);
  for (const raw of operations) {
    const operation = raw as unknown as Operation;
    switch (operation.op) {
      case 'add':
        document = addAt(document, operation.path, operation.value ?? null);
        break;
      case 'remove':
        document = removeAt(document, operation.path);
        break;
      case 'replace':
        getAt(document, operation.path);
        document = addAt(removeAt(document, operation.path), operation.path, operation.value ?? null);
        break;
      case 'move': {
        const value = getAt(document, operation.from ?? '');
        document = addAt(removeAt(document, operation.from ?? ''), operation.path, value);
        break;
      }
      case 'copy':
        document = addAt(document, operation.path, getAt(document, operation.from ?? ''));
        break;
      case 'test':
        if (JSON.stringify(getAt(document, operation.path)) !== JSON.stringify(operation.value)) {
          throw new Error(`JSON patch: test of ${operation.path} failed`);
        }
        break;
      default:
        throw new Error(`JSON patch: unknown op ${JSON.stringify(raw)}`);
    }
  }
  return document;
}
