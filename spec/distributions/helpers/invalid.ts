/** Assert that a call raises `IgnisError('InvalidArgument')` whose message names `arg`. */
import { expect } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';

export function expectInvalid(f: () => unknown, arg: string): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected InvalidArgument naming '${arg}'`).toBeInstanceOf(IgnisError);
  expect((caught as IgnisError).tag).toBe('InvalidArgument');
  expect((caught as IgnisError).message).toContain(`'${arg}'`);
}
