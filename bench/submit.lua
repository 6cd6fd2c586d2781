-- wrk script: POST a valid JSON report. The day seen is filled in by submit.sh (yesterday).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("LOOKOUT_BENCH_BODY")
