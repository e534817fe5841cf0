// Heartbeat and liveness. The client pings every intervalMs (the server's heartbeatIntervalMs, from
// authentication-success) and the server answers each ping with a pong, so on a working connection some
// frame arrives at least once an interval. A half-open connection (a laptop resumed from sleep, a NAT that
// forgot the flow) raises no event in a browser until TCP gives up, minutes later; so when nothing at all
// has arrived for timeoutMs (two intervals by default) the connection is declared dead and replaced.

/**
 * @param {{intervalMs: number, timeoutMs?: number, ping: () => void, onDead: (silentMs: number) => void}} options
 * @returns {{frameSeen: () => void, stop: () => void}}
 */
export function startLiveness({ intervalMs, timeoutMs = 2 * intervalMs, ping, onDead }) {
  let deadline = null;
  const arm = () => {
    clearTimeout(deadline);
    deadline = setTimeout(() => {
      stop();
      onDead(timeoutMs);
    }, timeoutMs);
  };
  const pinger = setInterval(ping, intervalMs);
  const stop = () => {
    clearInterval(pinger);
    clearTimeout(deadline);
  };
  arm();
  return { frameSeen: arm, stop };
}
