"""gunicorn settings for every web node (Dockerfile, docker-compose.yml).

Threaded workers (gthread): the worker's main thread keeps telling the arbiter it is
alive while a request runs, so a long streamed export is never killed by `timeout`
(which only catches a worker that is truly stuck). The number of worker processes
comes from WEB_CONCURRENCY (gunicorn reads it), threads from GUNICORN_THREADS.
"""

import os

bind = "0.0.0.0:8000"
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker silent this long is stuck and restarted; streamed exports keep it alive.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Recycled now and then, so no worker grows for ever.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# Behind nginx on the compose network: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
