import { describe } from 'vitest';
import { ADMISSION } from './arbitraries/admission';
import { robustnessProperty } from './property';

describe('robustness (admission)', () => {
  robustnessProperty(ADMISSION);
});
