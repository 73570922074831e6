export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` holds, and fails if it does not within `ms`: for what must happen within a time, not at once. */
export async function within(ms: number, probe: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await pause(10);
  }
}
