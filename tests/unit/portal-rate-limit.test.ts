import { LIMITS, allow, resetLimits } from '../../src/portal/rate-limit';

describe('the portal rate limits', () => {
  beforeEach(() => resetLimits());

  it('allows each address its allowance per window, then refuses until the window has passed', () => {
    const { max, windowMs } = LIMITS.feedback;
    const start = 1_000_000;
    for (let post = 0; post < max; post += 1) expect(allow('feedback', '10.0.0.1', start + post)).toBe(true);
    expect(allow('feedback', '10.0.0.1', start + max)).toBe(false);
    // Another address, and another kind of post, count on their own.
    expect(allow('feedback', '10.0.0.2', start + max)).toBe(true);
    expect(allow('objection', '10.0.0.1', start + max)).toBe(true);
    expect(allow('feedback', '10.0.0.1', start + windowMs)).toBe(true);
  });
});
