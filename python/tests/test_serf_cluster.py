"""rumor.SerfCluster on loopback: join, members, user events, queries, leave, and the
errors of its boundary."""
import threading

import pytest

import rumor
from conftest import eventually


@pytest.fixture
def pair():
    a = rumor.SerfCluster("a", profile="local", tags={"role": "web"})
    b = rumor.SerfCluster("b", profile="local", tags={"role": "db"})
    assert b.join([a.address]) == 1
    eventually(lambda: len(a.members()) == 2 and len(b.members()) == 2, what="both see both")
    yield a, b
    a.shutdown()
    b.shutdown()


def events_until(c, kind, timeout=10.0):
    """The events `c` hears until one of type `kind` (which is last)."""
    seen = []
    while True:
        e = c.next_event(timeout=timeout)
        assert e is not None, f"no {kind} event within {timeout} s; saw {seen}"
        seen.append(e)
        if e["type"] == kind:
            return seen


def test_members_carry_names_addresses_tags_and_status(pair):
    a, b = pair
    by_name = {m["name"]: m for m in a.members()}
    assert by_name["b"]["tags"] == {"role": "db"}
    assert by_name["b"]["status"] == "alive"
    assert f'{by_name["a"]["addr"]}:{by_name["a"]["port"]}' == a.address
    assert a.local_member()["name"] == "a"


def test_a_user_event_reaches_the_other_member(pair):
    a, b = pair
    a.user_event("deploy", "v1.2")
    e = events_until(b, "user")[-1]
    assert (e["name"], e["payload"]) == ("deploy", b"v1.2")


def test_a_query_is_answered_and_iterated_as_responses_arrive(pair):
    a, b = pair

    def answer():
        e = events_until(b, "query")[-1]
        b.respond(e["id"], b"up since " + e["payload"])

    responder = threading.Thread(target=answer)
    responder.start()
    q = a.query("uptime", b"monday", timeout=2.0, request_ack=True, filter_tags={"role": "db"})
    responses = dict(q)
    responder.join()
    assert responses == {"b": b"up since monday"}
    assert q.done
    assert q.acks == ["b"]  # the tag filter kept a (role=web) out


def test_waiting_for_an_event_releases_the_gil(pair):
    a, _ = pair
    t = threading.Thread(target=lambda: a.next_event(timeout=1.0))
    while a.next_event(timeout=0) is not None:
        pass  # drain the join events first
    t.start()
    spins = 0
    while t.is_alive():
        spins += 1
    t.join()
    assert spins > 1000


def test_leave_is_graceful(pair):
    a, b = pair
    assert b.leave(3.0)
    eventually(lambda: {m["name"]: m["status"] for m in a.members()}.get("b") in ("left", None),
               what="a sees b left")


def test_refusals_and_bad_arguments_are_python_exceptions(pair):
    a, _ = pair
    with pytest.raises(rumor.SerfError, match="^too large$"):
        a.user_event("big", b"x" * 4096)
    with pytest.raises(rumor.SerfError):
        a.respond(987654, b"")  # no such query
    with pytest.raises(ValueError, match="^rumor::net: timeout: must not be negative"):
        a.query("q", timeout=-1.0)
    with pytest.raises(TypeError, match="payload must be bytes or str, not int"):
        a.user_event("e", 42)
    with pytest.raises(ValueError, match="^bind: expected ip:port, got 'nowhere'$"):
        rumor.SerfCluster("c", bind="nowhere")
    with pytest.raises(ValueError, match="^rumor::net: config.memberlist.name is required$"):
        rumor.SerfCluster("")
    with pytest.raises(OSError) as e:
        rumor.SerfCluster("d", bind=a.address)  # a's port is taken
    assert e.value.errno != 0


def test_calls_after_shutdown_raise_call_error():
    c = rumor.SerfCluster("solo", profile="local")
    c.shutdown()
    with pytest.raises(rumor.CallError):
        c.members()
    c.shutdown()  # idempotent


def test_a_context_manager_shuts_down():
    with rumor.SerfCluster("ctx", profile="local") as c:
        assert len(c.members()) == 1
    with pytest.raises(rumor.CallError):
        c.members()


def test_shutdown_while_another_thread_is_in_a_call():
    c = rumor.SerfCluster("busy", profile="local")
    outcome = {}
    calls = threading.Event()

    def hammer():
        try:
            while True:
                c.members()  # waits for the loop with the GIL released
                c.stats()
                calls.set()
        except rumor.CallError as e:
            outcome["error"] = str(e)

    t = threading.Thread(target=hammer)
    t.start()
    assert calls.wait(10.0), "no call completed before the shutdown"
    c.shutdown()
    t.join(10.0)
    assert not t.is_alive(), "a call outlived shutdown() by 10 s"
    assert "error" in outcome  # the calls after shutdown raised CallError, nothing crashed
