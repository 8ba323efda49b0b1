#!/usr/bin/env python3
"""The benchmark's local SMTP server (aiosmtpd): accepts every mail, keeps
none, and writes how many mails to `r1-…` recipients it accepted to a status file (`COUNT FIRST LAST`,
seconds since the epoch) at most every 20 ms and at exit.

    python3 bench/smtp_sink.py STATUS_FILE [PORT]

Prints the port on the first line of stdout; runs until killed.
"""

import asyncio
import os
import signal
import sys
import time

try:
    from aiosmtpd.smtp import SMTP
except ImportError:
    sys.exit("smtp_sink.py: aiosmtpd is missing (python3 -m pip install aiosmtpd)")


class Counter:
    def __init__(self, status):
        self.status, self.count, self.first, self.last, self.dirty = status, 0, 0.0, 0.0, False

    async def handle_DATA(self, server, session, envelope):
        now = time.time()
        if not all(rcpt.startswith("r1-") for rcpt in envelope.rcpt_tos):
            return "250 OK"
        self.count += 1
        self.first = self.first or now
        self.last = now
        self.dirty = True
        return "250 OK"

    def write(self):
        tmp = self.status + ".tmp"
        with open(tmp, "w", encoding="ascii") as f:
            f.write(f"{self.count} {self.first:.3f} {self.last:.3f}\n")
        os.replace(tmp, self.status)
        self.dirty = False


async def main(status, port):
    counter = Counter(status)
    counter.write()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(counter, enable_SMTPUTF8=True, hostname="sink.bench"), "127.0.0.1", port)
    print(server.sockets[0].getsockname()[1], flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    while not stop.is_set():
        if counter.dirty:
            counter.write()
        try:
            await asyncio.wait_for(stop.wait(), 0.02)
        except asyncio.TimeoutError:
            pass
    counter.write()
    server.close()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__.split("\n\n")[1])
    asyncio.run(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0))
