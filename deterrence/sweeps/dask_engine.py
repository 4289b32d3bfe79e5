"""Chunks of a sweep on a dask.distributed cluster (the optional extra ``[dask]``).

The plan is sent to the workers once; each chunk is a task that returns its columns, and the
chunks come back in order of the points, so the result equals the local engine's.

The plan is the whole model (its spec, expressions and parameter values) and the points: a
scheduler given by address receives all of it, and its workers run the solver on it. The
address is checked before anything is sent (:func:`check_scheduler_address`), and the
connection waits a bounded time (:data:`DEFAULT_TIMEOUT` unless told otherwise).
"""

from __future__ import annotations

import ipaddress
import logging
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING

from deterrence.errors import SolverError
from deterrence.optional import require

if TYPE_CHECKING:
    from deterrence.sweeps.plan import Chunk, SweepPlan

#: The transports a scheduler address may name. ``ws``, ``wss`` and ``ucx`` (and anything
#: that is not a dask transport, such as ``http``) are refused.
SCHEMES = ("tcp", "tls", "inproc")

#: Seconds to wait for a scheduler to answer (and, once connected, for a worker to join).
DEFAULT_TIMEOUT = 10.0

_EXPECTED = "use tcp://HOST:PORT, tls://HOST:PORT or inproc://..."
_HOST = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?")
_INPROC = re.compile(r"[A-Za-z0-9_.:\[\]-]+/[0-9]+/[0-9]+")


def check_scheduler_address(address: object) -> str:
    """Check a dask scheduler address before anything is sent to it; return it with its scheme.

    ``tcp://HOST:PORT`` and ``tls://HOST:PORT`` (an IPv6 host in brackets, ``[::1]:8786``)
    and ``inproc://...`` (a scheduler in this process) are accepted. A bare ``HOST:PORT`` is
    what dask reads as tcp, and comes back as ``tcp://HOST:PORT``.

    Raises
    ------
    SolverError
        For any other scheme (``http``, ``ws``, ``ucx``, ``file``, ...), an empty host, a
        missing or bad port, or blanks or control characters anywhere.

    Examples
    --------
    >>> check_scheduler_address("10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> check_scheduler_address("tls://[::1]:8786")
    'tls://[::1]:8786'
    >>> check_scheduler_address("http://x:8786")
    Traceback (most recent call last):
    ...
    deterrence.errors.SolverError: dask scheduler address `http://x:8786`: scheme `http` is not \
allowed; use tcp://HOST:PORT, tls://HOST:PORT or inproc://...
    """
    if not isinstance(address, str):
        raise SolverError(
            f"dask scheduler address: expected a string such as tcp://HOST:PORT, "
            f"got {type(address).__name__}"
        )
    shown = address.encode("unicode_escape").decode("ascii")  # control characters visible

    def refuse(problem: str) -> SolverError:
        return SolverError(f"dask scheduler address `{shown}`: {problem}; {_EXPECTED}")

    if not address:
        raise refuse("the address is empty")
    if any(c.isspace() or not c.isprintable() for c in address):
        raise refuse("blanks and control characters are not allowed")
    scheme, sep, location = address.partition("://")
    if not sep:
        scheme, location = "tcp", address
    scheme = scheme.lower()
    if not scheme:
        raise refuse("the scheme before `://` is empty")
    if scheme not in SCHEMES:
        raise refuse(f"scheme `{scheme}` is not allowed")
    if scheme == "inproc":
        if not _INPROC.fullmatch(location):
            raise refuse("an inproc address is HOST/PID/NUMBER, as dask prints it")
        return f"inproc://{location}"
    host, port = _host_port(location, refuse)
    return f"{scheme}://{host}:{port}"


def _host_port(location: str, refuse) -> tuple[str, int]:
    if location.startswith("["):
        inside, bracket, tail = location[1:].partition("]")
        try:
            ipaddress.IPv6Address(inside)
        except ValueError:
            raise refuse(f"`[{inside}]` is not an IPv6 address") from None
        if not bracket or not tail.startswith(":"):
            raise refuse("expected [IPV6]:PORT")
        host, text = f"[{inside}]", tail[1:]
    else:
        host, colon, text = location.rpartition(":")
        if not colon:
            raise refuse("the port is missing")
        if not host:
            raise refuse("the host is empty")
        if ":" in host:
            raise refuse("an IPv6 host goes in brackets, as in tcp://[::1]:8786")
        if not _HOST.fullmatch(host) or len(host) > 253:
            raise refuse(f"`{host}` is not a host name or IP address")
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise refuse(f"port `{text}` is not a number from 1 to 65535")
    return host, int(text)


def check_timeout(timeout: object) -> float:
    """``timeout`` as a positive, finite number of seconds, or a :class:`SolverError`.

    >>> check_timeout(2)
    2.0
    """
    try:
        seconds = float(timeout)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seconds = math.nan
    if isinstance(timeout, bool) or not math.isfinite(seconds) or seconds <= 0:
        raise SolverError(
            f"dask scheduler timeout: expected a positive number of seconds, got `{timeout}`"
        )
    return seconds


def _reason(error: BaseException, timeout: float) -> str:
    """What went wrong in connecting, in a line: dask's time-out names neither the cause
    (refused, unknown host) nor anything the user did not already know."""
    if isinstance(error, OSError) and str(error).startswith("Timed out trying to connect"):
        cause: BaseException = error
        while cause.__cause__ is not None:
            cause = cause.__cause__
        last = f" (last attempt: {cause})" if cause is not error and str(cause) else ""
        return f"no answer after {timeout:g} s{last}"
    if isinstance(error, TimeoutError):  # our deadlines on the handshake
        why = str(error) or (
            "the connection was accepted, but nothing answered as a dask scheduler does"
        )
        return f"no answer after {timeout:g} s ({why})"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _connect(distributed, address: str, seconds: float):
    """A client of the scheduler at ``address``, or an error within about ``seconds``.

    ``Client(address, timeout=...)`` bounds the TCP connection but not dask's handshake after
    it: a port that accepts connections and never answers (a stalled proxy or load balancer)
    would hold it forever. So one connection is first made and closed on a loop of its own,
    under a deadline, and only a peer that completes the handshake gets the client.
    """
    import asyncio
    import threading

    loader = getattr(distributed.client, "_maybe_call_security_loader", None)
    security = (loader(address) if loader else None) or distributed.Security()
    if not address.startswith("inproc://"):  # in this process: nothing to wait for
        failure: list[BaseException] = []

        async def probe() -> None:
            connecting = distributed.comm.connect(
                address, timeout=seconds, **security.get_connection_args("client")
            )
            # A second past dask's own time-out, so that its reason (refused, unknown
            # host) comes first when there is one.
            comm = await asyncio.wait_for(connecting, seconds + 1)
            await comm.close()

        def run() -> None:
            try:
                asyncio.run(probe())
            except BaseException as error:  # re-raised in the calling thread
                failure.append(error)

        # A thread of its own: the caller may be inside a running event loop (Jupyter).
        thread = threading.Thread(target=run, name="deterrence-dask-probe", daemon=True)
        thread.start()
        thread.join(seconds + 5)  # its loop may still wait on a name lookup when closing
        if thread.is_alive():
            raise TimeoutError("the attempt to connect did not end")
        if failure:
            raise failure[0]
    return distributed.Client(address, timeout=seconds, security=security)


def _task(plan: SweepPlan, start: int, stop: int) -> Chunk:
    from deterrence.sweeps.plan import evaluate_chunk

    return evaluate_chunk(plan, start, stop)


def dask_chunks(
    plan: SweepPlan,
    ranges: Sequence[tuple[int, int]],
    scheduler: str | None,
    n_workers: int,
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[Chunk]:
    """Evaluate ``ranges`` of ``plan`` on a cluster: at ``scheduler`` (an address such as
    ``tcp://host:8786``, see :func:`check_scheduler_address`), or a new LocalCluster of
    ``n_workers`` processes.

    Raises
    ------
    SolverError
        A bad address or timeout; a scheduler that does not answer within ``timeout``
        seconds, or that has no worker to take the plan.
    ConnectionError
        The connection to the cluster is lost during the sweep.
    """
    from concurrent.futures import CancelledError

    address = None if scheduler is None else check_scheduler_address(scheduler)
    seconds = check_timeout(timeout)
    distributed = require("distributed", "dask", "the dask engine")
    cluster = None
    if address is None:
        cluster = distributed.LocalCluster(
            n_workers=max(1, n_workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = distributed.Client(cluster)
        where = "the LocalCluster"
    else:
        where = f"the dask scheduler at {address}"
        try:
            client = _connect(distributed, address, seconds)
        except Exception as error:  # refused, unknown host, no TLS set up, not dask at all
            raise SolverError(
                f"could not reach {where}: {_reason(error, seconds)}; "
                "check the address and that the scheduler is running"
            ) from error
    try:
        try:
            shared = client.scatter(plan, broadcast=True)
        except TimeoutError as error:  # the scheduler has no worker to hold the plan
            if address is None:
                raise
            raise SolverError(
                f"{where} has no workers (none joined within {seconds:g} s); start some "
                f"with `dask worker {address}`"
            ) from error
        # A bounded window of tasks in flight keeps memory bounded on the client side.
        window = 4 * max(1, len(client.scheduler_info().get("workers", {})) or 1)
        pending: list = []
        position = 0
        while position < len(ranges) or pending:
            while position < len(ranges) and len(pending) < window:
                a, b = ranges[position]
                pending.append(client.submit(_task, shared, a, b, pure=False))
                position += 1
            future = pending.pop(0)
            try:
                chunk = future.result()
            except (CancelledError, distributed.comm.CommClosedError) as error:
                # The client cancels every future when it loses the scheduler.
                why = getattr(error, "reason", None) or type(error).__name__
                raise ConnectionError(
                    f"lost the connection to {where} during the sweep (dask: {why})"
                ) from error
            yield chunk
            future.release()
    finally:
        # Closing a client whose scheduler has gone can time out, and makes distributed log
        # tracebacks of its own attempt to reconnect: the error that stopped the sweep is the
        # one to report.
        log = logging.getLogger("distributed.client")
        level = log.level
        log.setLevel(logging.CRITICAL)
        try:
            with suppress(Exception):
                client.close()
            if cluster is not None:
                with suppress(Exception):
                    cluster.close()
        finally:
            log.setLevel(level)
