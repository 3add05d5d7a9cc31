package dev.workpool.api;

/** Example bodies shown in the OpenAPI document. */
final class ApiExamples {

	static final String SUBMIT_REQUEST = """
			{
			  "name": "greetings",
			  "task": "echo",
			  "params": {},
			  "inputs": ["alpha", "beta", "gamma"],
			  "parallelism": 2,
			  "chunkSize": 1,
			  "threadsPerWorker": 1,
			  "taskTimeout": "PT30S",
			  "maxAttempts": 3,
			  "backoff": {"initial": "PT1S", "multiplier": 2.0, "max": "PT5M"},
			  "retryOn": ["crash", "timeout", "error"],
			  "priority": 0,
			  "deadline": "PT1H"
			}
			""";

	static final String JOB = """
			{
			  "id": 42,
			  "name": "greetings",
			  "task": "echo",
			  "status": "QUEUED",
			  "statusReason": null,
			  "owner": "anonymous",
			  "params": {},
			  "parallelism": 2,
			  "chunkSize": 1,
			  "threadsPerWorker": 1,
			  "taskTimeout": "PT30S",
			  "maxAttempts": 3,
			  "backoff": {"initial": "PT1S", "multiplier": 2.0, "max": "PT5M"},
			  "retryOn": ["crash", "timeout", "error"],
			  "priority": 0,
			  "deadline": "PT1H",
			  "deadlineAt": "2025-06-01T13:00:00.123456Z",
			  "idempotencyKey": "greetings-2025-06-01",
			  "total": 3,
			  "counts": {"queued": 3, "running": 0, "succeeded": 0, "failed": 0, "cancelled": 0},
			  "createdAt": "2025-06-01T12:00:00.123456Z",
			  "startedAt": null,
			  "finishedAt": null
			}
			""";

	static final String JOB_LIST = """
			{
			  "items": [ { "id": 42, "name": "greetings", "task": "echo", "status": "RUNNING", "total": 3,
			               "counts": {"queued": 1, "running": 2, "succeeded": 0, "failed": 0, "cancelled": 0} } ],
			  "next": "ajQy"
			}
			""";

	static final String RESULTS = """
			{
			  "items": [
			    {"index": 0, "status": "SUCCEEDED", "output": "alpha", "error": null, "attempt": 1,
			     "workerPid": 4711, "durationMs": 3},
			    {"index": 1, "status": "FAILED", "output": null, "error": "java.io.IOException: disk full",
			     "attempt": 1, "workerPid": 4712, "durationMs": 12},
			    {"index": 2, "status": "QUEUED", "output": null, "error": null, "attempt": 0,
			     "workerPid": null, "durationMs": null}
			  ],
			  "next": null
			}
			""";

	static final String NDJSON = """
			{"index":0,"status":"SUCCEEDED","output":"alpha","error":null,"attempt":1,"workerPid":4711,"durationMs":3}
			{"index":1,"status":"SUCCEEDED","output":"beta","error":null,"attempt":1,"workerPid":4712,"durationMs":2}
			""";

	static final String VALIDATION_PROBLEM = """
			{
			  "type": "about:blank",
			  "title": "Bad Request",
			  "status": 400,
			  "detail": "Invalid parallelism: must be between 1 and 1024 but was 1000000",
			  "instance": "/api/v1/jobs",
			  "errors": [{"field": "parallelism", "message": "must be between 1 and 1024 but was 1000000"}]
			}
			""";

	static final String UNKNOWN_TASK_PROBLEM = """
			{
			  "type": "about:blank",
			  "title": "Bad Request",
			  "status": 400,
			  "detail": "Unknown task type 'ecko'; known types: echo, hash, sleep",
			  "instance": "/api/v1/jobs",
			  "errors": [{"field": "task", "message": "unknown task type 'ecko'"}],
			  "knownTypes": ["echo", "hash", "sleep"]
			}
			""";

	static final String NOT_FOUND_PROBLEM = """
			{"type": "about:blank", "title": "Not Found", "status": 404, "detail": "Job 42 does not exist",
			 "instance": "/api/v1/jobs/42", "jobId": 42}
			""";

	static final String CONFLICT_PROBLEM = """
			{"type": "about:blank", "title": "Conflict", "status": 409,
			 "detail": "Job 42 cannot move from SUCCEEDED to CANCELLING", "instance": "/api/v1/jobs/42/cancel",
			 "jobId": 42, "jobStatus": "SUCCEEDED"}
			""";

	static final String IDEMPOTENCY_CONFLICT_PROBLEM = """
			{"type": "about:blank", "title": "Conflict", "status": 409,
			 "detail": "Idempotency-Key 'greetings-2025-06-01' was already used for job 42 with a different request; use a new key for a different job",
			 "instance": "/api/v1/jobs", "idempotencyKey": "greetings-2025-06-01", "jobId": 42}
			""";

	static final String DEADLINE_EXCEEDED_JOB = """
			{
			  "id": 43,
			  "status": "FAILED",
			  "statusReason": "DEADLINE_EXCEEDED: the job did not finish within its deadline of PT1H",
			  "deadline": "PT1H",
			  "deadlineAt": "2025-06-01T13:00:00.123456Z",
			  "counts": {"queued": 0, "running": 0, "succeeded": 812, "failed": 0, "cancelled": 188},
			  "finishedAt": "2025-06-01T13:00:03.456789Z"
			}
			""";

	private ApiExamples() {
	}

}
