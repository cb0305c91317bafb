"""Celery publishing to a Redis test database, for the tests that need a broker."""

from contextlib import contextmanager

import redis

from passculture.celery import app


def _drop_connections() -> None:
    # ``app.close()`` forgets the connection pool but not the producer pool built on it, which would keep
    # publishing to the previous broker.
    app.close()
    app.amqp._producer_pool = None


@contextmanager
def redis_broker(url: str):
    """Publish tasks to ``url`` (emptied before and after) instead of running them inline; yields a Redis client."""
    client = redis.Redis.from_url(url)
    client.flushdb()
    previous = app.conf.broker_write_url, app.conf.task_always_eager
    app.conf.broker_write_url, app.conf.task_always_eager = url, False
    _drop_connections()
    try:
        yield client
    finally:
        app.conf.broker_write_url, app.conf.task_always_eager = previous
        _drop_connections()
        client.flushdb()
