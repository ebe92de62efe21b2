"""Schemathesis hooks of `npm run fuzz` (loaded through SCHEMATHESIS_HOOKS)."""

import uuid

import schemathesis

# The spec's example key: every example-based write would share it, and all but the first would be refused
# as a reused key (422) without reaching the operation. Generated keys are left alone, invalid ones included.
EXAMPLE_KEY = "11111111-1111-1111-1111-111111111111"


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if case.headers and case.headers.get("Idempotency-Key") == EXAMPLE_KEY:
        case.headers["Idempotency-Key"] = str(uuid.uuid4())
