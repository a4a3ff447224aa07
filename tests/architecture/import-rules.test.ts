import { describe, expect, it } from 'vitest';
import { folderCycles, folderOf, importsOf, sourceFiles } from './import-graph.ts';

// The layering of docs/ARCHITECTURE.md, checked on every source file of src/ (tests may reach across).
const root = new URL('../..', import.meta.url).pathname;
const edges = sourceFiles(root, 'src').flatMap((file) => importsOf(root, file));

/** Pure folders: no I/O, no framework. */
const core = ['forecast', 'plan', 'cost', 'finance', 'domain', 'calendar'];
const kysely = /^kysely(-|\/|$)/;

/**
 * The layers of docs/ARCHITECTURE.md, lowest first. A folder imports its own layer and those
 * below it; a new folder must be placed here (and in the document) before its imports are allowed.
 */
const layers: readonly (readonly string[])[] = [
  ['domain'],
  ['calendar', 'ingest', 'limits', 'outbound'],
  ['tenancy', 'forecast', 'plan', 'cost', 'finance'],
  ['config', 'logger', 'store'],
  ['deps', 'tenancy-service', 'ingest-service', 'forecast-service', 'plan-service', 'finance-service'],
  ['http', 'jobs', 'demo', 'web-assets', 'web-asset-path', 'worker-assets'],
  ['app', 'server', 'worker', 'cli'],
];
const layerOf = (folder: string) => layers.findIndex((layer) => layer.includes(folder));
const hono = /^(hono|@hono\/)/;

describe('import rules', () => {
  it('reads imports at all (a rule over no edges could not fail)', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges.some((e) => e.specifier === 'kysely' && e.from.startsWith('src/store/'))).toBe(true);
  });

  it('keeps the core free of the store, HTTP, hono and kysely', () => {
    const offending = edges
      .filter((e) => core.includes(folderOf(e.from)))
      .filter(
        (e) =>
          kysely.test(e.specifier) ||
          hono.test(e.specifier) ||
          (e.target !== undefined && ['store', 'http'].includes(folderOf(e.target))),
      )
      .map((e) => `${e.from} imports ${e.specifier}`);
    expect(offending).toEqual([]);
  });

  it('lets only src/store import kysely', () => {
    const offending = edges
      .filter((e) => kysely.test(e.specifier) && folderOf(e.from) !== 'store')
      .map((e) => `${e.from} imports ${e.specifier}`);
    expect(offending).toEqual([]);
  });

  it('places every folder of src/ in a layer', () => {
    const unplaced = [...new Set(edges.map((e) => folderOf(e.from)))].filter((f) => layerOf(f) < 0);
    expect(unplaced, 'add the folder to `layers` here and to docs/ARCHITECTURE.md').toEqual([]);
  });

  it('imports only from the same layer or below', () => {
    const upward = edges
      .filter((e) => e.target?.startsWith('src/'))
      .filter((e) => layerOf(folderOf(e.target as string)) > layerOf(folderOf(e.from)))
      .map((e) => `${e.from} imports ${e.specifier}`);
    expect(upward).toEqual([]);
  });

  it('has no cycles between folders', () => {
    expect(folderCycles(edges)).toEqual([]);
  });

  it('finds a cycle and a core violation when there is one', () => {
    const made = [
      { from: 'src/plan/a.ts', specifier: '../store/b.ts', target: 'src/store/b.ts', typeOnly: false },
      { from: 'src/store/b.ts', specifier: '../plan/a.ts', target: 'src/plan/a.ts', typeOnly: true },
    ];
    expect(folderCycles(made)).toEqual([['plan', 'store']]);
    expect(folderOf('src/app.ts')).toBe('app');
  });
});
