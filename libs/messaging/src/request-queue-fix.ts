/**
 * kafkajs 2.2.4 re-arms a timer on every broker connection forever: after each request it schedules
 * its "pending requests" check at `throttledUntil - now`, negative when nothing is throttled, so the
 * check runs again 1 ms later, finds nothing, and schedules itself again (kafkajs issues #1556, #1704).
 * Measured on an idle `npm start` (`--cpu-prof`, last 40 s): those timers were most of the query
 * API's, the relay's and the projector's CPU. The check is now skipped when no request is waiting and
 * no throttle is due: a request that has to wait schedules it (kafkajs' own push), and so does a
 * throttle.
 */
// kafkajs exports no RequestQueue; the class is patched where it lives (the version is pinned in the lock file).
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const RequestQueue = require('kafkajs/src/network/requestQueue') as {
  new (options: Record<string, unknown>): QueueState & {
    throttleCheckTimeoutId: NodeJS.Timeout | null;
    checkPendingRequests(): void;
  };
  prototype: QueueState & { scheduleCheckPendingRequests(this: QueueState): void };
};

interface QueueState {
  pending: unknown[];
  throttledUntil: number;
}

const scheduleCheck = RequestQueue.prototype.scheduleCheckPendingRequests;

RequestQueue.prototype.scheduleCheckPendingRequests = function (this: QueueState) {
  if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
  scheduleCheck.call(this);
};
