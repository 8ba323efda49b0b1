// Polls a readiness URL until it answers 200, the deadline passes or the
// server's process ends: `node wait-ready.mjs URL SECONDS PID`.
const [url, seconds = '60', pid] = process.argv.slice(2);
const deadline = Date.now() + Number(seconds) * 1000;

function alive(id) {
  if (!id) return true;
  try {
    process.kill(Number(id), 0);
    return true;
  } catch {
    return false;
  }
}

let last = 'no answer';
while (Date.now() < deadline) {
  if (!alive(pid)) {
    console.error(`the server (pid ${pid}) exited before it was ready`);
    process.exit(1);
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    if (response.ok) process.exit(0);
    last = `HTTP ${response.status}: ${await response.text()}`;
  } catch (err) {
    last = err.cause?.code ?? err.message;
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
console.error(`${url} was not ready within ${seconds} s (last: ${last})`);
process.exit(1);
