"""Logging helpers for the console."""

import logging


class NoTracebackFor403(logging.Filter):
    """Django logs every PermissionDenied with its traceback; a refused page is the access rules working, so the
    console gets one line ("Forbidden (Permission denied): /missing/compliance/") and no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
