"""The client object: immutable, shared across threads, not picklable, and
flat in memory over many tokens."""

import copy
import gc
import os
import pickle
import sys
import threading
import time
import tracemalloc

import pytest
from conftest import verify_with_pyjwt

from engagespot_token import EngagespotClient


def test_pickling_is_refused_with_a_clear_error(client):
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        with pytest.raises(TypeError, match="cannot be pickled: it holds a parsed private key"):
            pickle.dumps(client, protocol=protocol)


def test_copies_are_the_immutable_client_itself(client):
    assert copy.copy(client) is client
    assert copy.deepcopy({"c": client})["c"] is client


def test_client_is_immutable(client):
    with pytest.raises(AttributeError):
        client.key_bits = 1
    with pytest.raises(AttributeError):
        client.anything = 1


def test_repr_shows_no_secrets(client, pem):
    text = repr(client)
    assert text == "<EngagespotClient key=RSA-2048>"
    assert "test-api-secret" not in text


def test_eight_threads_share_one_client(client):
    per_thread, tokens, failures = 200, {}, []
    start = threading.Barrier(8)

    def work(n):
        try:
            start.wait()
            tokens[n] = [client.generate_user_token(f"t{n}-{i}", jti=True) for i in range(per_thread)]
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    jtis = set()
    for n in range(8):
        for i, token in enumerate(tokens[n]):
            claims = verify_with_pyjwt(token)
            assert claims["sub"] == f"user:t{n}-{i}"
            jtis.add(claims["jti"])
    assert len(jtis) == 8 * per_thread


def test_signing_releases_the_gil(client):
    """With a switch interval of 1000 s, Python hands the GIL to another
    thread only when the holder releases it itself. A thread watching the
    minting thread's progress therefore sees it mid-way only if signing
    releases the GIL; if it did not, the watcher would run only at the end."""
    total, minted, seen = 300, [0], []
    started, done = threading.Event(), threading.Event()

    def mint():
        started.set()
        for _ in range(total):
            client.generate_user_token("gil")
            minted[0] += 1
        done.set()

    def watch():
        started.wait()
        while not done.is_set():
            seen.append(minted[0])
            time.sleep(0)  # releases the GIL, so the minting thread is never starved

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1000)
    try:
        threads = [threading.Thread(target=watch), threading.Thread(target=mint)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        sys.setswitchinterval(interval)
    assert minted[0] == total
    assert any(0 < n < total for n in seen), f"the watcher never ran while tokens were being signed: {seen[:10]}"


def rss_kib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def test_memory_is_flat_over_100000_tokens(client):
    # Errors too: each raises an exception object carrying the core's message.
    def batch(n):
        for i in range(n):
            client.generate_user_token(i, expires_in=600)
            if i % 10 == 0:
                try:
                    client.generate_user_token("")
                except ValueError:
                    pass

    batch(5_000)
    gc.collect()
    tracemalloc.start()
    rss_before = rss_kib()
    python_before = tracemalloc.get_traced_memory()[0]
    batch(100_000)
    gc.collect()
    python_growth = tracemalloc.get_traced_memory()[0] - python_before
    rss_growth = rss_kib() - rss_before
    tracemalloc.stop()
    # A leaked token (about 600 bytes) per call would be 60 MB.
    assert python_growth < 64 * 1024, f"Python heap grew by {python_growth} bytes"
    assert rss_growth < 4 * 1024, f"RSS grew by {rss_growth} KiB"


def test_subclass_has_no_instance_dict(client):
    assert not hasattr(client, "__dict__")
    assert isinstance(client, EngagespotClient)


def test_every_public_item_has_a_docstring():
    import engagespot_token

    items = [getattr(engagespot_token, name) for name in engagespot_token.__all__ if name[0].isupper() and name != "KEY_VARIABLE"]
    items += [getattr(EngagespotClient, name) for name in dir(EngagespotClient) if not name.startswith("_")]
    items += [engagespot_token]
    assert [item for item in items if not (item.__doc__ or "").strip()] == []


def test_a_client_made_before_fork_signs_in_the_child(client):
    """Pre-forking servers (gunicorn --preload, uWSGI) build the client in the
    parent; the child must sign valid tokens with fresh randomness."""
    client.generate_user_token("warm", jti=True)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write a token and leave without running pytest's cleanup
        try:
            os.write(write_end, client.generate_user_token("child", jti=True).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    # Without a reseed after fork, parent and child would draw the same next jti.
    parent_jti = verify_with_pyjwt(client.generate_user_token("parent", jti=True))["jti"]
    with os.fdopen(read_end, "rb") as pipe:
        token = pipe.read().decode()
    assert os.waitpid(pid, 0)[1] == 0
    claims = verify_with_pyjwt(token)
    assert claims["sub"] == "user:child" and claims["jti"] != parent_jti
