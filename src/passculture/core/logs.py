"""Request ids, the access log and JSON log lines (``LOG_FORMAT=json``).

``RequestIdMiddleware`` gives every request an id: the ``X-Request-ID`` the reverse proxy sent (when it looks like
one), else a new one. It is answered in the ``X-Request-ID`` header, carried by every log line written while the
request is served (``RequestIdFilter``), and by the request's access-log line (logger ``passculture.access``:
method, path, status, duration), so one id finds all the lines of one request. ``JsonFormatter`` writes one JSON
object per line: ``time``, ``level``, ``logger``, ``message``, ``request_id``, and the access fields or the
exception when there are some.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

_INCOMING_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
ACCESS_FIELDS = ("method", "path", "status", "duration_ms")
access_logger = logging.getLogger("passculture.access")


class RequestIdFilter(logging.Filter):
    """Puts the id of the request being served (``None`` outside a request) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # Django logs its 4xx/5xx lines once the middlewares have answered, with the request attached.
            record.request_id = request_id.get() or getattr(getattr(record, "request", None), "request_id", None)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        line.update({field: getattr(record, field) for field in ACCESS_FIELDS if hasattr(record, field)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        current = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = current
        token = request_id.set(current)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = current
            duration_ms = round((time.monotonic() - started) * 1000)
            access_logger.info(
                "%s %s %s %sms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            request_id.reset(token)
