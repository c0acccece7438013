/** fast-check arbitraries for shapes (small, so property tests stay fast). */
import fc from 'fast-check';

/** A shape of rank 0…`maxRank` with dims 1…`maxDim`. */
export const shapeArb = (maxRank = 2, maxDim = 3): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: 0, maxLength: maxRank });

/** A shape and a version of it with some dims replaced by 1 (broadcastable to it). */
export const shapeAndBroadcastableArb = (maxRank = 2, maxDim = 3): fc.Arbitrary<[number[], number[]]> =>
  shapeArb(maxRank, maxDim).chain((shape) =>
    fc
      .tuple(fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }), fc.integer({ min: 0, max: shape.length }))
      .map(([ones, drop]): [number[], number[]] => [shape, shape.map((d, i) => (ones[i] ? 1 : d)).slice(drop)]),
  );
