"""A Redis lock store whose ticket updates are atomic across Rasa server replicas.

Rasa 3.6's RedisLockStore changes a conversation's ticket lock with GET, modify, SET. Two
replicas that receive messages of the same sender at the same moment can both read the lock
before either writes it, both get ticket 0 and process the turns in parallel; one turn's events
are then lost (measured in tests/integration/test_replicas.py). Here every change is an
optimistic Redis transaction (WATCH / MULTI / EXEC, retried on conflict), so tickets are unique
and served in order. Configured in endpoints.yml as
`lock_store: {type: bot.stores.atomic_lock_store.AtomicRedisLockStore, url: ..., port: ...}`.
"""
import json
import logging
from typing import Any, Callable, Optional, Text, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

logger = logging.getLogger(__name__)

# change(lock) -> (lock to store or None, value to return, delete the key?)
Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Any, bool]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Any = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # created from endpoints.yml by its module path
            kwargs = {**endpoint_config.kwargs, **kwargs}
            kwargs.setdefault("host", endpoint_config.url or "localhost")
        super().__init__(**kwargs)

    def _transact(self, conversation_id: Text, change: Change) -> Any:
        import redis

        key = self.key_prefix + conversation_id
        for _ in range(1000):  # bounded: conflicts resolve within a few retries in practice
            with self.red.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    new_lock, result, delete = change(lock)
                    pipe.multi()
                    if delete:
                        pipe.delete(key)
                    elif new_lock is not None:
                        pipe.set(key, new_lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue
        raise LockError("lock for a conversation stayed contended; gave up")

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def change(lock: Optional[TicketLock]):
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime), False

        try:
            return self._transact(conversation_id, change)
        except LockError:
            raise
        except Exception as error:  # same contract as Rasa's LockStore.issue_ticket
            raise LockError(f"Error while acquiring lock. Error:\n{error}")

    def update_lock(self, conversation_id: Text) -> None:
        def change(lock: Optional[TicketLock]):
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None, False

        self._transact(conversation_id, change)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def change(lock: Optional[TicketLock]):
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None, False

        self._transact(conversation_id, change)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        # Finish and delete-if-idle in one transaction: a ticket issued in between is never
        # deleted with the lock.
        def change(lock: Optional[TicketLock]):
            if lock is None:
                return None, None, False
            lock.remove_ticket_for(ticket_number)
            return lock, None, not lock.is_someone_waiting()

        self._transact(conversation_id, change)
