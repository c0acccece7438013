/**
 * The compiler's messages for the type-level checks: the first line of each error must name
 * what is wrong (docs/types.md quotes these lines). Compiles one in-memory file against the
 * project's tsconfig with the TypeScript API; every snippet below must fail with the given text.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FILE = path.join(ROOT, 'spec/types/__messages__.ts');

const HEADER = `
import * as tf from '@tensorflow/tfjs-core';
import { type Tagged, withDims } from '../../lib/core/dims.js';
import { param, plate, sample } from '../../lib/core/primitives.js';
import { MultivariateNormal } from '../../lib/distributions/families/multivariate/multivariate-normal.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { condition } from '../../lib/handlers/condition.js';
import type { ELBO } from '../../lib/infer/elbo/elbo.js';
import type { Optimizer } from '../../lib/infer/optim/optimizer.js';
import { SVI } from '../../lib/infer/svi.js';
declare const optim: Optimizer;
declare const loss: ELBO;
declare const byN: Tagged<readonly ['N'], readonly []>;
function* model() {
  yield* plate('mini_batch', 4, { dim: -1 }, function* () {
    yield* plate('components', 3, { dim: -2 }, function* () {
      yield* sample('a', Normal(0, 1));
    });
  });
  yield* sample('b', Normal(0, 1));
}
function* mvnGuide() {
  yield* plate('mini_batch', 4, { dim: -1 }, function* () {
    yield* sample('a', MultivariateNormal(tf.zeros([4, 3]), { scaleTril: tf.eye(3) }));
  });
  yield* sample('b', Normal(0, 1));
}
function* partialGuide() {
  const loc = yield* param('loc', 0);
  yield* sample('a', Normal(loc, 1));
}
`;

/** Each case: a statement that must not compile, and the text its first error line must contain. */
const CASES: readonly (readonly [string, string])[] = [
  ['SVI(model, mvnGuide, optim, loss);', `parameter of type '{ readonly 'Ignis: event dims differ at site': "a"; readonly model: readonly []; readonly guide: readonly [string]; }'`],
  ['SVI(model, partialGuide, optim, loss);', `parameter of type '{ readonly 'Ignis: guide lacks latent site': "b"; }'`],
  ['condition(model, { bb: tf.scalar(1) });', `Type 'Scalar' is not assignable to type '"Ignis: 'bb' is not a site of the model"'`],
  ['Normal(0, 1).toEvent(1);', `Argument of type '1' is not assignable to parameter of type '1 & { readonly 'Ignis: toEvent(n) moves at most the batch dims': readonly []; }'`],
  ['Normal(byN, 1).toEvent(2);', `'2 & { readonly 'Ignis: toEvent(n) moves at most the batch dims': readonly ["N"]; }'`],
  [
    "function* m() { yield* sample('y', Normal(0, 1), { obs: withDims(tf.zeros([2, 3]), ['N'], ['D']) }); }",
    `Type 'Tagged<readonly ["N"], readonly ["D"]>' is not assignable to type 'SampleObs<readonly [], readonly []>'`,
  ],
];

function firstErrorLines(source: string): Map<number, string> {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (parsed === undefined) throw new Error('cannot read tsconfig.json');
  const options = { ...parsed.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    path.resolve(name) === FILE ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === FILE || fileExists(name);
  const program = ts.createProgram([FILE], options, host);
  const sourceFile = program.getSourceFile(FILE)!;
  const lines = new Map<number, string>();
  for (const d of program.getSemanticDiagnostics(sourceFile)) {
    const line = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0).line;
    if (!lines.has(line)) lines.set(line, ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]!);
  }
  return lines;
}

describe('types/messages', () => {
  it('names the site, the key or the dims in the first line of each error', () => {
    const headerLines = HEADER.split('\n').length - 1;
    const errors = firstErrorLines(HEADER + CASES.map(([code]) => code).join('\n') + '\n');
    // nothing in the header fails: only the cases do
    expect([...errors.keys()].filter((l) => l < headerLines)).toEqual([]);
    CASES.forEach(([code, message], i) => {
      expect(errors.get(headerLines + i), code).toContain(message);
    });
  }, 60_000);
});
