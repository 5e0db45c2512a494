import { describe } from 'vitest';
import { DRA } from './arbitraries/dra';
import { robustnessProperty } from './property';

describe('robustness (dra)', () => {
  robustnessProperty(DRA);
});
