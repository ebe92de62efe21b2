import { parse } from 'yaml';

export interface OperationTotals {
  label: string;
  requests: number;
  /** Answered 2xx: how often the fuzzer got past validation into the operation itself. */
  succeeded: number;
  failures: number;
}

export interface FuzzSummary {
  operations: OperationTotals[];
  covered: number;
  requests: number;
  /** Requests with methods the spec does not declare for their path (Schemathesis probes those too). */
  undeclaredRequests: number;
  serverErrors: number;
  /** Requests that got no answer (connection refused or reset, timeout). */
  unanswered: number;
  failures: number;
  failureSamples: string[];
  /** How often each check ran and how often it failed. */
  checks: Record<string, { ran: number; failed: number }>;
}

interface Check {
  name: string;
  status: string;
  failure_info?: { failure?: { operation?: string; title?: string; message?: string } };
}

interface ScenarioFinished {
  recorder: {
    label: string;
    cases?: Record<string, { value: { method: string; path: string } }>;
    checks?: Record<string, Check[]>;
    interactions?: Record<string, { response?: { status_code: number } }>;
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const MAX_SAMPLES = 20;

/** Totals of one run from Schemathesis' NDJSON event stream, per operation of the OpenAPI document. */
export function summarise(ndjson: string, openapi: string): FuzzSummary {
  const spec = parse(openapi) as { paths: Record<string, Record<string, unknown>> };
  const operations = new Map<string, OperationTotals>();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      if (item[method]) {
        const label = `${method.toUpperCase()} ${path}`;
        operations.set(label, { label, requests: 0, succeeded: 0, failures: 0 });
      }
    }
  }
  let requests = 0;
  let undeclaredRequests = 0;
  let serverErrors = 0;
  let unanswered = 0;
  let failures = 0;
  const failureSamples = new Set<string>();
  const checkTotals: FuzzSummary['checks'] = {};
  for (const line of ndjson.split('\n')) {
    if (!line.includes('"ScenarioFinished"')) continue;
    const { recorder } = (JSON.parse(line) as { ScenarioFinished: ScenarioFinished }).ScenarioFinished;
    for (const [caseId, interaction] of Object.entries(recorder.interactions ?? {})) {
      if (!interaction.response) {
        unanswered += 1;
        continue;
      }
      const value = recorder.cases?.[caseId]?.value;
      const totals = value && operations.get(`${value.method.toUpperCase()} ${value.path}`);
      requests += 1;
      const status = interaction.response.status_code;
      if (totals) {
        totals.requests += 1;
        if (status >= 200 && status < 300) totals.succeeded += 1;
      } else undeclaredRequests += 1;
      if (status >= 500) serverErrors += 1;
    }
    for (const [caseId, checks] of Object.entries(recorder.checks ?? {})) {
      for (const check of checks) {
        const tally = (checkTotals[check.name] ??= { ran: 0, failed: 0 });
        tally.ran += 1;
        if (check.status === 'failure') tally.failed += 1;
      }
      for (const check of checks.filter((c) => c.status === 'failure')) {
        failures += 1;
        const value = recorder.cases?.[caseId]?.value;
        const label =
          check.failure_info?.failure?.operation ??
          (value ? `${value.method} ${value.path}` : recorder.label);
        const totals = operations.get(label);
        if (totals) totals.failures += 1;
        if (failureSamples.size < MAX_SAMPLES)
          failureSamples.add(`${label}: ${check.name} — ${check.failure_info?.failure?.title ?? 'failed'}`);
      }
    }
  }
  const list = [...operations.values()];
  return {
    operations: list,
    covered: list.filter((op) => op.requests > 0).length,
    requests,
    undeclaredRequests,
    serverErrors,
    unanswered,
    failures,
    failureSamples: [...failureSamples],
    checks: checkTotals,
  };
}
