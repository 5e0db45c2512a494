import { describe } from 'vitest';
import { FLOWCONTROL } from './arbitraries/flowcontrol';
import { robustnessProperty } from './property';

describe('robustness (flowcontrol)', () => {
  robustnessProperty(FLOWCONTROL);
});
