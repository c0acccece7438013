/**
 * The main example (`npm start`). Until the autoguides land this prints the backend and a
 * tensor sum, so the quick start stays true from the first commit on.
 */
import * as tf from '@tensorflow/tfjs-core';
import { currentBackend, useBackend } from '../lib/backend.js';

await useBackend('cpu');
const total = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0]);
console.log(`Ignis on ${currentBackend()}: 1 + 2 + 3 = ${total}`);
if (total !== 6) process.exit(1);
