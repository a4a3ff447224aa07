// `npm run build`: bundles the command line (src/cli/main.ts and what it imports, dependencies
// included) into dist/cli with esbuild, so that `bin/lastplan.js` starts without compiling
// TypeScript and without resolving hundreds of dependency modules. `--if-stale` builds only when
// the bundle is missing or older than a source (what `npm start` and `npm test` run).
// Plain JavaScript, so that checking whether a build is needed costs no compilation either.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { builtCli, cliOutDir, inputsFile } from '../bin/built-cli.js';

const root = new URL('..', import.meta.url);
/** The dashboard and widgets, built once: the server and the Worker serve them from here. */
const webOutDir = 'dist/web';
const rootPath = fileURLToPath(root);

/** Packages that find their own files (WebAssembly, binaries) next to their modules at run time. */
const external = ['@electric-sql/pglite', 'esbuild'];

/**
 * Inside a bundle every module shares the bundle's `import.meta.url`. Sources that locate files
 * relative to themselves (migrations/, web/, package.json) get the URL of their own source file
 * instead, expressed relative to the bundle so that the folder may move.
 * @type {import('esbuild').Plugin}
 */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (/import\.meta\.(dirname|filename)/.test(source))
        throw new Error(`${args.path}: use import.meta.url, which the CLI bundle rewrites`);
      if (!source.includes('import.meta.url')) return undefined;
      const fromBundle = relative(`${rootPath}${cliOutDir}`, args.path);
      return {
        contents: source.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
        ),
        loader: 'ts',
      };
    });
  },
};

export async function buildCli() {
  const startedAt = Date.now();
  const tmp = `${cliOutDir}.${process.pid}.tmp`;
  const result = await build({
    absWorkingDir: rootPath,
    // web-assets: loaded below to write the dashboard and widgets into dist/web.
    entryPoints: { main: 'src/cli/main.ts', 'web-assets': 'src/web-assets.ts' },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    // Bundled CommonJS dependencies call require() for Node's built-in modules.
    banner: {
      js: "import { createRequire as lastplanRequire } from 'node:module'; const require = lastplanRequire(import.meta.url);",
    },
    // The server reads dist/web instead of bundling the widgets at every start.
    define: { LASTPLAN_BUNDLED: 'true' },
    metafile: true,
    logLevel: 'warning',
    plugins: [ownUrl],
  });
  const webTmp = `${webOutDir}.${process.pid}.tmp`;
  const { writeWebAssets } = await import(pathToFileURL(`${rootPath}${tmp}/web-assets.js`).href);
  const webInputs = await writeWebAssets(`${rootPath}${webTmp}`);
  const inputs = Object.keys(result.metafile.inputs)
    .concat(webInputs)
    .filter((p, i, all) => !p.includes('node_modules/') && all.indexOf(p) === i)
    .concat(['package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'scripts/build-cli.js']);
  await writeFile(`${rootPath}${tmp}/${inputsFile}`, `${JSON.stringify({ startedAt, inputs }, null, 1)}\n`);
  await rm(`${rootPath}${cliOutDir}`, { recursive: true, force: true });
  await rename(`${rootPath}${tmp}`, `${rootPath}${cliOutDir}`);
  await rm(`${rootPath}${webOutDir}`, { recursive: true, force: true });
  await rename(`${rootPath}${webTmp}`, `${rootPath}${webOutDir}`);
  return inputs.length;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--if-stale') && builtCli(root)) process.exit(0);
  const t = performance.now();
  const count = await buildCli();
  process.stderr.write(
    `built ${cliOutDir}/main.js from ${count} files in ${Math.round(performance.now() - t)} ms\n`,
  );
}
