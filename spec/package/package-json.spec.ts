/**
 * package.json keeps its promises to bundlers and installers:
 * - `sideEffects` names every module that does something when imported (registers a kernel,
 *   a gradient, a KL rule, a density kernel, distribution methods): a bundler drops an
 *   unlisted module whose exports go unused, and with it the registration. Every module of
 *   lib/ with a top-level statement other than a declaration must match a `./lib/` pattern,
 *   and each pattern has its `./dist/` twin for the published build.
 * - the peers Ignis loads lazily (lib/peers.ts) have the ranges package.json declares, and the
 *   versions it is developed with satisfy them.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LAZY_PEERS } from '../../lib/peers.js';

const root = new URL('../../', import.meta.url).pathname;

interface PackageJson {
  readonly sideEffects: readonly string[];
  readonly exports: Readonly<Record<string, unknown>>;
  readonly files: readonly string[];
  readonly peerDependencies: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly dependencies: Readonly<Record<string, string>>;
}
const pkg = async (): Promise<PackageJson> => JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as PackageJson;

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? sources(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []))));
  return nested.flat();
}

/** The top-level statements of a module that run code when it is imported (not declarations). */
function effects(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  return source.statements.flatMap((s) => {
    if (ts.isImportDeclaration(s)) return s.importClause === undefined ? [s.getText()] : [];
    if (ts.isExpressionStatement(s)) return [s.getText().slice(0, 60)];
    if (ts.isVariableStatement(s)) {
      // a call at the top level that registers or installs something
      return s.declarationList.declarations.filter((d) => d.initializer !== undefined && ts.isCallExpression(d.initializer) && /register|install/i.test(d.initializer.expression.getText())).map((d) => d.getText().slice(0, 60));
    }
    return [];
  });
}

/** A sideEffects glob (`*`, `**`) as a regular expression over `./`-relative paths. */
const globToRegExp = (glob: string): RegExp =>
  new RegExp(
    `^${glob
      .split('**/')
      .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
      .join('(?:.*/)?')}$`,
  );

describe('package.json', () => {
  describe('sideEffects', () => {
    it('names every module of lib/ that runs code at import, in lib/ and dist/ form', async () => {
      const { sideEffects } = await pkg();
      const libPatterns = sideEffects.filter((p) => p.startsWith('./lib/')).map(globToRegExp);
      const unlisted: string[] = [];
      let withEffects = 0;
      for (const file of await sources(join(root, 'lib'))) {
        const found = effects(file, await readFile(file, 'utf8'));
        if (found.length === 0) continue;
        withEffects++;
        const path = `./${relative(root, file)}`;
        if (!libPatterns.some((r) => r.test(path))) unlisted.push(`${path}: ${found[0]!}`);
      }
      expect(withEffects).toBeGreaterThan(10); // the scan finds the registrations (KL rules, gradients, ...)
      expect(unlisted).toEqual([]);
      const twins = sideEffects.filter((p) => p.startsWith('./lib/')).map((p) => p.replace('./lib/', './dist/').replace(/\.ts$/, '.js'));
      expect(sideEffects.filter((p) => p.startsWith('./dist/'))).toEqual(twins);
    });

    it('matches globs as bundlers do: ** spans zero or more folders, * stays in one', () => {
      expect(globToRegExp('./lib/distributions/**/*.ts').test('./lib/distributions/normal.ts')).toBe(true);
      expect(globToRegExp('./lib/distributions/**/*.ts').test('./lib/distributions/kl/gamma.ts')).toBe(true);
      expect(globToRegExp('./lib/ops/*.ts').test('./lib/ops/linalg/affine.ts')).toBe(false);
    });
  });

  describe('dependencies', () => {
    it('declares tfjs-core and both backends as required peers, the plotting and layers packages as optional ones', async () => {
      const { peerDependencies, peerDependenciesMeta, dependencies } = await pkg();
      expect(Object.keys(peerDependencies).sort()).toEqual(
        ['@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@viz-js/viz', 'vega', 'vega-lite'].sort(),
      );
      const optional = Object.keys(peerDependenciesMeta).filter((n) => peerDependenciesMeta[n]!.optional === true);
      expect(optional.sort()).toEqual(['@tensorflow/tfjs-layers', '@viz-js/viz', 'vega', 'vega-lite']);
      expect(Object.keys(dependencies).filter((n) => n.startsWith('@tensorflow/') || n.startsWith('vega') || n === '@viz-js/viz')).toEqual([]);
    });

    it('loads lazily the peers with the ranges package.json declares, and develops with versions inside them', async () => {
      const { peerDependencies, devDependencies } = await pkg();
      for (const [name, range] of Object.entries(LAZY_PEERS)) expect(peerDependencies[name], name).toBe(range);
      for (const [name, range] of Object.entries(peerDependencies)) {
        // every range is a caret range ^X.Y.Z; the dev version is pinned X'.Y'.Z' with the same major, not below
        const [major, minor, patch] = range.replace('^', '').split('.').map(Number) as [number, number, number];
        const [dm, dn, dp] = devDependencies[name]!.split('.').map(Number) as [number, number, number];
        expect(range.startsWith('^'), name).toBe(true);
        expect(dm, name).toBe(major);
        expect(dn * 1e6 + dp, name).toBeGreaterThanOrEqual(minor * 1e6 + patch);
      }
    });
  });

  describe('exports and files', () => {
    it('publishes dist/ only, with types, import and default conditions', async () => {
      const { exports, files } = await pkg();
      expect(exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' });
      expect(files).toEqual(['dist', 'README.md']);
    });
  });
});
