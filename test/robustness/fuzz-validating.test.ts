import { describe } from 'vitest';
import { VALIDATING } from './arbitraries/validating';
import { robustnessProperty } from './property';

describe('robustness (validating admission)', () => {
  robustnessProperty(VALIDATING);
});
