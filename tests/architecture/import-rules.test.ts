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
  [
    'deps',
    'tenancy-service',
    'ingest-service',
    'forecast-service',
    'plan-service',
    'fx-service',
    'cost-import-service',
    'finance-service',
  ],
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

// The dashboard and widgets (web/) have their own layers: vocabulary and formatting at the bottom,
// the API client and charts, the widgets (elements/), the dashboard's views and its shell (views/),
// and the entry scripts at the top.
const webEdges = sourceFiles(root, 'web').flatMap((file) => importsOf(root, file));
const webFolderOf = (file: string) => (file.split('/')[1] ?? file).replace(/\.ts$/, '');
const webLayers: readonly (readonly string[])[] = [
  ['i18n', 'styles', 'routing'],
  ['format'],
  ['api', 'chart', 'overview'],
  ['elements'],
  ['views'],
  ['index', 'page', 'embed-page', 'dashboard'],
];
const webLayerOf = (folder: string) => webLayers.findIndex((layer) => layer.includes(folder));

describe('import rules of web/', () => {
  const inWeb = webEdges.filter((e) => e.target?.startsWith('web/') && !e.target.endsWith('.gen.ts'));

  it('places every folder of web/ in a layer', () => {
    const unplaced = [...new Set(webEdges.map((e) => webFolderOf(e.from)))].filter((f) => webLayerOf(f) < 0);
    expect(unplaced, 'add the folder to `webLayers` here and to docs/ARCHITECTURE.md').toEqual([]);
  });

  it('imports only from the same layer or below, and never the server outside the pure core', () => {
    const upward = inWeb
      .filter((e) => webLayerOf(webFolderOf(e.target as string)) > webLayerOf(webFolderOf(e.from)))
      .map((e) => `${e.from} imports ${e.specifier}`);
    expect(upward).toEqual([]);
    const server = webEdges
      .filter((e) => e.target?.startsWith('src/') && !core.includes(folderOf(e.target)))
      .map((e) => `${e.from} imports ${e.specifier}`);
    expect(server).toEqual([]);
  });

  it('has no cycles between folders of web/', () => {
    const asSrc = inWeb.map((e) => ({
      ...e,
      from: `src/${webFolderOf(e.from)}/x.ts`,
      target: `src/${webFolderOf(e.target as string)}/x.ts`,
    }));
    expect(folderCycles(asSrc)).toEqual([]);
  });
});
