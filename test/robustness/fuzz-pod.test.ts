import { describe } from 'vitest';
import { POD } from './arbitraries/pod';
import { robustnessProperty } from './property';

describe('robustness (pod)', () => {
  robustnessProperty(POD);
});
