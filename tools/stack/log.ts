export type Logger = (message: string) => void;

// Progress goes to stderr so that stdout stays clean for `up --json`.
export const stderrLogger: Logger = (message) => {
  process.stderr.write(`[stack] ${message}\n`);
};
