"""Peak resident memory of a process and its children (benchmarks only)."""

import threading
import time

import psutil

__all__ = ["PeakMemory"]


class PeakMemory:
    """Largest resident memory of this process plus its children, sampled every 0.2 s."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()

    def _sample(self):
        me = psutil.Process()
        while not self._stop.is_set():
            total = me.memory_info().rss
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.2)

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
