'use strict';

/**
 * Load over loopback with autocannon. Every scenario states the status it expects; any other
 * answer counts as a failure of the run, so a fast stream of errors never passes for speed.
 * `next` gives each request its own path and body (a different draft to submit, say).
 */
const autocannon = require('autocannon');

function load({ url, method = 'GET', path = '/', headers = {}, body, next, connections = 10, duration, amount, expect = 200, onBody }) {
  const request = { method, path, headers: { 'content-type': 'application/json', ...headers } };
  if (body !== undefined) request.body = JSON.stringify(body);
  if (next) {
    request.setupRequest = (req) => {
      const step = next();
      return { ...req, path: step.path ?? req.path, body: step.body === undefined ? req.body : JSON.stringify(step.body), headers: { ...req.headers, ...(step.headers ?? {}) } };
    };
  }
  // autocannon ends an `amount` run on its next one-second tick, so its own duration rounds the
  // time up to whole seconds (200 requests in 1.2 s would read as 100 req/s): time it here.
  const started = performance.now();
  let lastAnswer = started;
  request.onResponse = (status, responseBody) => {
    lastAnswer = performance.now();
    onBody?.(status, responseBody);
  };
  return new Promise((resolve, reject) => {
    const options = { url, connections, requests: [request], ...(amount ? { amount } : { duration }) };
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  }).then((result) => {
    const expected = result.statusCodeStats?.[expect]?.count ?? 0;
    const total = result.requests.total;
    const seconds = amount ? (lastAnswer - started) / 1000 : result.duration;
    return {
      requests: total,
      ok: expected,
      failures: total - expected + result.errors + result.timeouts,
      statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count])),
      rps: Math.round((expected / seconds) * 10) / 10,
      p50: result.latency.p50,
      p99: result.latency.p99,
      seconds: Math.round(seconds * 100) / 100,
    };
  });
}

module.exports = { load };
