"""The atomic Redis lock store on a real Redis: tickets stay unique under concurrency."""
import asyncio
import threading

import pytest

from bot.stores.atomic_lock_store import AtomicRedisLockStore

pytestmark = pytest.mark.integration


def _store(redis_server) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(host="127.0.0.1", port=redis_server.port, db=1, key_prefix="locktest")


def test_concurrent_tickets_from_two_replicas_are_unique(redis_server):
    replicas = [_store(redis_server), _store(redis_server)]
    tickets, errors = [], []

    def take(store):
        try:
            for _ in range(25):
                tickets.append(store.issue_ticket("same-sender"))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=take, args=(replicas[i % 2],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert len(tickets) == 200
    assert len(set(tickets)) == 200, "two replicas got the same ticket"


async def test_turns_of_one_sender_are_served_one_at_a_time(redis_server):
    replicas = [_store(redis_server), _store(redis_server)]
    inside, overlaps, order = [0], [], []

    async def turn(store, n):
        async with store.lock("sender-b", wait_time_in_seconds=0.01):
            inside[0] += 1
            overlaps.append(inside[0])
            order.append(n)
            await asyncio.sleep(0.02)
            inside[0] -= 1

    await asyncio.gather(*(turn(replicas[n % 2], n) for n in range(10)))
    assert max(overlaps) == 1
    assert sorted(order) == list(range(10))
    assert replicas[0].get_lock("sender-b") is None, "the lock is removed when nobody waits"


def test_created_from_endpoint_config(redis_server):
    from rasa.core.lock_store import LockStore
    from rasa.utils.endpoints import EndpointConfig

    config = EndpointConfig(url="127.0.0.1", type="bot.stores.atomic_lock_store.AtomicRedisLockStore",
                            port=redis_server.port, db=1, key_prefix="cfg")
    store = LockStore.create(config)
    assert isinstance(store, AtomicRedisLockStore)
    assert store.issue_ticket("x") == 0
