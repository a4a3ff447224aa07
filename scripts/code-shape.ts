/**
 * The shape of the code, for reviews of the structure: lines per folder of src/ and web/ (source
 * and test files apart) and the longest function of each folder, with its length in lines.
 *
 *   npx tsx scripts/code-shape.ts            # this checkout
 *   npx tsx scripts/code-shape.ts ../other   # another checkout (an older commit, say)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseSync } from 'oxc-parser';

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));

function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.ts$/.test(name) && !/\.gen\.ts$/.test(name) ? [path] : [];
  });
}

interface Longest {
  readonly name: string;
  readonly file: string;
  readonly lines: number;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

interface AstNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly [key: string]: unknown;
}

const isNode = (value: unknown): value is AstNode =>
  typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string';

/** A function's name: its own, or that of the variable, property, method or class member it is. */
function nameOf(node: AstNode, parent: AstNode | undefined): string | undefined {
  const id = node.id as AstNode | null | undefined;
  if (id && typeof id.name === 'string') return id.name;
  const key = (parent?.key ?? parent?.id) as AstNode | undefined;
  if (
    parent &&
    ['VariableDeclarator', 'Property', 'MethodDefinition', 'PropertyDefinition'].includes(parent.type)
  )
    return typeof key?.name === 'string' ? key.name : undefined;
  return undefined;
}

/** Every function of a file with its name (or its enclosing one) and its length in lines. */
function functionsOf(file: string): Longest[] {
  const text = readFileSync(file, 'utf8');
  const { program } = parseSync(file, text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const found: Longest[] = [];
  const visit = (node: AstNode, parent: AstNode | undefined, owner: string) => {
    let inner = owner;
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression')
      inner = nameOf(node, parent) ?? owner;
    if (FUNCTIONS.has(node.type)) {
      const own = nameOf(node, parent);
      inner = own ? (owner ? `${owner}.${own}` : own) : `(function in ${owner || 'module'})`;
      found.push({
        name: inner,
        file: relative(root, file),
        lines: lineOf(node.end) - lineOf(node.start) + 1,
      });
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const item of value) isNode(item) && visit(item, node, inner);
      else if (isNode(value)) visit(value, node, inner);
    }
  };
  visit(program as unknown as AstNode, undefined, '');
  return found;
}

/** The folder a file counts under: src/<folder>, web/<folder>, or the top-level file itself. */
function folderOf(file: string): string {
  const parts = relative(root, file).split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : `${parts[0]}/(top)`;
}

const rows = new Map<string, { files: number; source: number; test: number; longest?: Longest }>();
for (const file of [...filesUnder(join(root, 'src')), ...filesUnder(join(root, 'web'))]) {
  const folder = folderOf(file);
  const row = rows.get(folder) ?? { files: 0, source: 0, test: 0 };
  const lines = readFileSync(file, 'utf8').split('\n').length;
  const isTest = /\.test\.ts$/.test(file);
  row.files++;
  if (isTest) row.test += lines;
  else {
    row.source += lines;
    for (const fn of functionsOf(file)) if (!row.longest || fn.lines > row.longest.lines) row.longest = fn;
  }
  rows.set(folder, row);
}

console.log(`code shape of ${root}`);
console.log('| folder | files | source lines | test lines | longest function (lines) |');
console.log('|---|---|---|---|---|');
let source = 0;
let test = 0;
for (const [folder, row] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
  source += row.source;
  test += row.test;
  const longest = row.longest ? `${row.longest.name} in ${row.longest.file} (${row.longest.lines})` : '–';
  console.log(`| ${folder} | ${row.files} | ${row.source} | ${row.test} | ${longest} |`);
}
console.log(`| all | | ${source} | ${test} | |`);
