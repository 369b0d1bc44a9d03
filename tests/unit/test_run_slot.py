"""Page runs take turns (runtime.run_slot): at most N at once in a process, the rest served first come, first
served, and a run that has waited too long goes ahead rather than hang."""
import logging
import threading
import time

from logframe import runtime


def _run_all(n_runs: int, slots: int, hold_s: float) -> tuple[int, list[int]]:
    """n_runs threads asking in order for one of `slots` slots, each holding it hold_s; the most ever inside at
    once and the order they got in."""
    inside, most, order = 0, 0, []
    lock = threading.Lock()

    def page_run(i: int) -> None:
        nonlocal inside, most
        with runtime.run_slot(slots):
            with lock:
                inside += 1
                most = max(most, inside)
                order.append(i)
            time.sleep(hold_s)
            with lock:
                inside -= 1

    threads = []
    for i in range(n_runs):
        t = threading.Thread(target=page_run, args=(i,))
        t.start()
        threads.append(t)
        time.sleep(0.02)  # they arrive one after another
    for t in threads:
        t.join(timeout=30)
    return most, order


def test_no_more_runs_at_once_than_slots_and_first_come_first_served():
    runtime.RUNTIME.reset()
    most, order = _run_all(6, slots=2, hold_s=0.1)
    assert most == 2
    assert order == sorted(order)  # nobody overtakes someone who asked earlier


def test_one_slot_means_one_run_at_a_time():
    runtime.RUNTIME.reset()
    most, order = _run_all(4, slots=1, hold_s=0.05)
    assert most == 1 and len(order) == 4


def test_a_run_that_waits_too_long_goes_ahead_and_says_so(caplog):
    runtime.RUNTIME.reset()
    holding, release = threading.Event(), threading.Event()

    def long_run() -> None:
        with runtime.run_slot(1):
            holding.set()
            release.wait(10)

    t = threading.Thread(target=long_run)
    t.start()
    holding.wait(10)
    with caplog.at_level(logging.WARNING, logger="logframe.runtime"):
        with runtime.run_slot(1, wait_s=0.1):
            went_ahead = True
    release.set()
    t.join(10)
    assert went_ahead
    assert "LOGFRAME_RUN_SLOTS" in caplog.text and "goes ahead anyway" in caplog.text
    most, _ = _run_all(3, slots=1, hold_s=0.05)  # it gave back no slot it never took: still one at a time
    assert most == 1
