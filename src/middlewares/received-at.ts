/**
 * The instant the server read a request, first of all middlewares. A submission is on time when
 * it was read before the call closed, even if the steps queued before it are still being worked
 * through when the close instant passes (tests/reliability/deadline-load.test.ts). A server
 * saturated past that point reads its connections late; docs/performance.md has the capacity.
 */
export default () => async (ctx: any, next: () => Promise<void>) => {
  ctx.state.receivedAt = new Date();
  await next();
};
