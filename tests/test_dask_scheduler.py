"""A dask scheduler given by address: the address is checked before anything is sent, the
connection waits a bounded time, and every failure is a clean error (status 2 on the command
line; status 1 for a cluster lost during the sweep), never a traceback or a hang.

Nothing here times anything: the time-outs are small so that the tests stay cheap.
"""

from __future__ import annotations

import socket
import sys

import pytest

import deterrence as dt
from deterrence.cli.main import main
from deterrence.errors import SolverError
from deterrence.sweeps import plan_sweep, run_chunks
from deterrence.sweeps.dask_engine import (
    DEFAULT_TIMEOUT,
    check_scheduler_address,
    check_timeout,
)

EXPECTED = "use tcp://HOST:PORT, tls://HOST:PORT or inproc://..."


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize(
    ("address", "checked"),
    [
        ("tcp://10.0.0.5:8786", "tcp://10.0.0.5:8786"),
        ("10.0.0.5:8786", "tcp://10.0.0.5:8786"),  # dask reads a bare HOST:PORT as tcp
        ("localhost:8786", "tcp://localhost:8786"),
        ("tls://scheduler.example.org:8786", "tls://scheduler.example.org:8786"),
        ("tcp://[::1]:8786", "tcp://[::1]:8786"),
        ("TCP://node-1:1", "tcp://node-1:1"),
        ("inproc://192.0.2.2/4444/1", "inproc://192.0.2.2/4444/1"),
    ],
)
def test_accepted_addresses_come_back_with_their_scheme(address, checked):
    assert check_scheduler_address(address) == checked


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("http://x:8786", "scheme `http` is not allowed"),
        ("https://x:8786", "scheme `https` is not allowed"),
        ("ws://x:8786", "scheme `ws` is not allowed"),
        ("wss://x:8786", "scheme `wss` is not allowed"),
        ("ucx://x:8786", "scheme `ucx` is not allowed"),
        ("file:///tmp/scheduler.json", "scheme `file` is not allowed"),
        ("://x:8786", "the scheme before `://` is empty"),
        ("", "the address is empty"),
        ("tcp://:8786", "the host is empty"),
        (":8786", "the host is empty"),
        ("tcp://x", "the port is missing"),
        ("tcp://x:", "port `` is not a number from 1 to 65535"),
        ("tcp://x:0", "port `0` is not a number from 1 to 65535"),
        ("tcp://x:65536", "port `65536` is not a number from 1 to 65535"),
        ("tcp://x:+1", "port `+1` is not a number"),
        ("tcp://x:8786/path", "port `8786/path` is not a number"),
        ("tcp://user@x:8786", "`user@x` is not a host name or IP address"),
        ("tcp://::1:8786", "an IPv6 host goes in brackets"),
        ("tcp://[nope]:8786", "`[nope]` is not an IPv6 address"),
        ("tcp://x y:8786", "blanks and control characters are not allowed"),
        (" tcp://x:8786", "blanks and control characters are not allowed"),
        ("tcp://x:8786\n", "blanks and control characters are not allowed"),
        ("tcp://x\x00:8786", "blanks and control characters are not allowed"),
        ("inproc://", "an inproc address is HOST/PID/NUMBER"),
    ],
)
def test_refused_addresses_say_what_is_wrong_and_what_was_expected(address, problem):
    with pytest.raises(SolverError) as caught:
        check_scheduler_address(address)
    message = str(caught.value)
    assert message.startswith("dask scheduler address `")
    assert problem in message
    assert message.endswith(EXPECTED)
    assert "\n" not in message and "\x00" not in message  # control characters shown escaped


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf"), "soon", None, True])
def test_a_timeout_is_a_positive_number_of_seconds(timeout):
    with pytest.raises(SolverError, match="expected a positive number of seconds"):
        check_timeout(timeout)
    assert check_timeout("2.5") == 2.5 and DEFAULT_TIMEOUT == 10


@pytest.mark.parametrize("address", ["http://x:8786", "ws://x:8786", "ucx://x:8786", "tcp://x"])
def test_command_line_refuses_a_bad_address_before_anything_is_sent(capsys, monkeypatch, address):
    monkeypatch.setitem(sys.modules, "distributed", None)  # refused before dask is touched
    status, out, err = run(
        capsys, "sweep", "chicken", "--grid", "L=1:2:2", "--engine", "dask", "--scheduler", address
    )
    assert status == 2
    assert out == ""
    assert f"error: dask scheduler address `{address}`: " in err
    assert EXPECTED in err
    assert "Traceback" not in err


def test_bad_scheme_message_in_full(capsys):
    status, _, err = run(
        capsys,
        "sweep",
        "chicken",
        "--grid",
        "L=1:2:2",
        "--engine",
        "dask",
        "--scheduler",
        "http://x:8786",
    )
    assert status == 2
    assert err.strip() == (
        "error: dask scheduler address `http://x:8786`: scheme `http` is not allowed; "
        "use tcp://HOST:PORT, tls://HOST:PORT or inproc://..."
    )


def test_command_line_refuses_a_bad_timeout(capsys):
    status, out, err = run(
        capsys,
        "sweep",
        "chicken",
        "--grid",
        "L=1:2:2",
        "--engine",
        "dask",
        "--scheduler-timeout",
        "0",
    )
    assert status == 2 and out == ""
    assert "error: dask scheduler timeout: expected a positive number of seconds" in err


def test_python_callers_get_the_same_check(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    game = dt.load("chicken")
    with pytest.raises(SolverError, match="scheme `ws` is not allowed"):
        dt.sweep(game, {"L": "1:2:2"}, engine="dask", scheduler="ws://x:8786")
    plan = plan_sweep(game, {"L": "1:2:2"})
    with pytest.raises(SolverError, match="positive number of seconds"):
        list(run_chunks(plan, engine="dask", scheduler="tcp://x:1", scheduler_timeout=-1))


def _closed_port() -> int:
    """A port on this machine with nothing listening: connections to it are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_is_a_clean_error(capsys):
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{_closed_port()}"
    status, _, err = run(
        capsys,
        "sweep",
        "chicken",
        "--grid",
        "L=1:2:2",
        "--engine",
        "dask",
        "--scheduler",
        address,
        "--scheduler-timeout",
        "0.2",
    )
    assert status == 2
    assert f"error: could not reach the dask scheduler at {address}: no answer after 0.2 s" in err
    assert "check the address and that the scheduler is running" in err
    assert "Traceback" not in err and "internal error" not in err


def test_a_port_that_accepts_and_never_answers_does_not_hang():
    # dask's own time-out covers the TCP connection, not its handshake after it.
    pytest.importorskip("distributed")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        with pytest.raises(SolverError, match="nothing answered as a dask scheduler does"):
            dt.sweep(
                dt.load("chicken"),
                {"L": "1:2:2"},
                engine="dask",
                scheduler=address,
                scheduler_timeout=0.2,
            )


def test_an_in_process_scheduler_by_address_gives_the_local_answer_and_its_loss_is_clean():
    distributed = pytest.importorskip("distributed")
    game = dt.load("extended-deterrence")
    grid = {"p": "0:1:11", "a": "0:0.5:3"}
    cluster = distributed.LocalCluster(
        processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None
    )
    try:
        address = cluster.scheduler_address
        assert address.startswith("inproc://")
        on_dask = dt.sweep(
            game, grid, what="outcome,deterred", chunk_size=7, scheduler=address, engine="dask"
        )
        local = dt.sweep(game, grid, what="outcome,deterred", chunk_size=7)
        assert on_dask.equals(local)
        plan = plan_sweep(game, {"p": "0:1:60"}, path="general")
        chunks = run_chunks(
            plan, engine="dask", scheduler=address, chunk_size=2, scheduler_timeout=0.5
        )
        next(chunks)
        cluster.close()
        with pytest.raises(ConnectionError, match="lost the connection to the dask scheduler"):
            list(chunks)
    finally:
        cluster.close()


def test_a_cluster_lost_during_the_sweep_stops_the_command_cleanly(capsys, monkeypatch):
    import deterrence.sweeps.run as sweeps_run

    real = sweeps_run.run_chunks

    def losing(plan, **kwargs):
        chunks = real(plan, **{**kwargs, "engine": "local"})
        yield next(chunks)
        raise ConnectionError(
            "lost the connection to the dask scheduler at tcp://10.0.0.5:8786 during the sweep "
            "(dask: scheduler-connection-lost)"
        )

    monkeypatch.setattr(sweeps_run, "run_chunks", losing)
    status, _, err = run(
        capsys,
        "sweep",
        "chicken",
        "--grid",
        "L=1:20:20",
        "--chunk-size",
        "5",
        "--engine",
        "dask",
        "--scheduler",
        "tcp://10.0.0.5:8786",
    )
    assert status == 1
    assert "stopped: 5 of 20 points were written before this error" in err
    assert "error: lost the connection to the dask scheduler at tcp://10.0.0.5:8786" in err
    assert "Traceback" not in err and "internal error" not in err
