#!/usr/bin/env python3
"""Cold start of a built Lambda binary: the time from spawning it to its first poll of the
Lambda Runtime API, and to its first answer (an API Gateway 2.0 event for GET
/api/openapi.json; a function without that route answers 404, just as fast), against a
minimal Runtime API served here on 127.0.0.1. Prints the median and spread of N runs. A
measurement, not a test.

    python3 bench/cold_start.py [BINARY] [RUNS]
    # default: target/release/lookout-submit, 20 runs

The binary gets the example questionnaire, a team key, a receipt secret and the captcha off;
no DynamoDB call is made for this event, so no store needs to run.
"""
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVENT = os.path.join(ROOT, "functions/tests/fixtures/apigw_v2_openapi.json")
TEAM_KEY = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"


class Runtime(http.server.BaseHTTPRequestHandler):
    """GET .../invocation/next hands out the event once; POST .../response records the answer."""

    first_poll = None
    answered = None
    handed = False
    run = ""
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_GET(self):
        with Runtime.lock:
            current = self.path == f"/{Runtime.run}/2018-06-01/runtime/invocation/next"
            give = current and not Runtime.handed
            if give:
                Runtime.first_poll = time.perf_counter()
                Runtime.handed = True
        if not give:
            # A later poll, or one of an earlier run's process: never answered (it is killed).
            time.sleep(2)
            self.close_connection = True
            return
        body = open(EVENT, "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Lambda-Runtime-Aws-Request-Id", "cold-start-1")
        self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30000))
        self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-2:123456789012:function:lookout-submit")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        answer = self.rfile.read(length)
        if self.path == f"/{Runtime.run}/2018-06-01/runtime/invocation/cold-start-1/response":
            status = json.loads(answer).get("statusCode")
            Runtime.answered = (time.perf_counter(), status)
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()


def once(binary, port, run):
    with Runtime.lock:
        Runtime.first_poll = Runtime.answered = None
        Runtime.handed = False
        Runtime.run = f"run{run}"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "AWS_LAMBDA_RUNTIME_API": f"http://127.0.0.1:{port}/run{run}",
        "AWS_LAMBDA_FUNCTION_NAME": "lookout-submit",
        "AWS_LAMBDA_FUNCTION_VERSION": "1",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
        "AWS_REGION": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "cold",
        "AWS_SECRET_ACCESS_KEY": "cold",
        "AWS_EC2_METADATA_DISABLED": "true",
        "LOOKOUT_TABLE": "lookout-cold-start",
        "LOOKOUT_DYNAMODB_ENDPOINT": "http://127.0.0.1:9",
        "LOOKOUT_QUESTIONNAIRE": os.path.join(ROOT, "content/questionnaire.yaml"),
        "LOOKOUT_TEAM_RECIPIENTS": TEAM_KEY,
        "LOOKOUT_RECEIPT_SECRET": "a-cold-start-receipt-secret-of-enough-length",
        "LOOKOUT_CAPTCHA": "off",
    }
    started = time.perf_counter()
    process = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while Runtime.answered is None and time.perf_counter() - started < 10:
            if process.poll() is not None:
                raise SystemExit(f"{binary} exited: {process.stderr.read().decode()}")
            time.sleep(0.0005)
    finally:
        process.kill()
        process.wait()
    if Runtime.answered is None:
        raise SystemExit(f"{binary} gave no answer within 10 s")
    answered, status = Runtime.answered
    return (Runtime.first_poll - started) * 1000, (answered - started) * 1000, status


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/lookout-submit")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Runtime)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    polls, answers = [], []
    statuses = set()
    for run in range(runs):
        poll, answer, status = once(binary, port, run)
        statuses.add(status)
        polls.append(poll)
        answers.append(answer)
    server.shutdown()
    for name, values in (("first poll", polls), ("first answer", answers)):
        print(
            f"{os.path.basename(binary)} {name}: median {statistics.median(values):.1f} ms, "
            f"min {min(values):.1f}, max {max(values):.1f} ({runs} runs)"
        )
    # GET /api/openapi.json: 200 from lookout-submit, 404 from a function without the route.
    print(f"answered with status {sorted(statuses)}")


if __name__ == "__main__":
    main()
