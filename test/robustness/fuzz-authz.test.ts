import { describe } from 'vitest';
import { AUTHZ } from './arbitraries/authz';
import { robustnessProperty } from './property';

describe('robustness (authz)', () => {
  robustnessProperty(AUTHZ);
});
