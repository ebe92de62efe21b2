/** For pacing load and polling a process from outside; a test awaits a condition instead (`eventually`). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
