#!/usr/bin/env python3
"""A real SMTP server for Träffpunkt's tests (aiosmtpd on loopback).

Listens on 127.0.0.1 on a free port and prints the port on the first line of
stdout. Each accepted message is stored as NNNNNN.eml in --dir (written to a
temporary name first, then renamed, so a reader never sees half a file), with
NNNNNN.json beside it holding the envelope (mail_from, rcpt_tos, smtputf8).

Misbehaviour on demand, for the error paths:
  --reject ADDR        answer 550 to RCPT TO:<ADDR> (repeatable)
  --tempfail-once ADDR answer 451 to RCPT TO:<ADDR> the first time, then accept
  --drop-once ADDR     drop the connection after the DATA of the first message
                       to ADDR, before replying; accept it the next time
  --no-smtputf8        do not announce SMTPUTF8 (aiosmtpd does by default)

Runs until its stdin closes (the test process holds it) or it is killed.
Exits 3 when aiosmtpd is missing.
"""

import argparse
import asyncio
import json
import os
import signal
import sys
import threading

try:
    from aiosmtpd.smtp import SMTP
except ImportError:
    print(
        "aiosmtpd is not installed: run `pip install aiosmtpd` "
        "(.ci/run does) to run the mail tests",
        file=sys.stderr,
        flush=True,
    )
    sys.exit(3)


class Handler:
    def __init__(self, args):
        self.dir = args.dir
        self.reject = {a.lower() for a in args.reject}
        self.tempfail = {a.lower() for a in args.tempfail_once}
        self.drop = {a.lower() for a in args.drop_once}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        key = address.lower()
        if key in self.reject:
            return "550 5.1.1 Mailbox unavailable"
        if key in self.tempfail:
            self.tempfail.discard(key)
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for rcpt in envelope.rcpt_tos:
            if rcpt.lower() in self.drop:
                self.drop.discard(rcpt.lower())
                server.transport.abort()
                return "421 4.3.0 Dropped"
        self.count += 1
        name = f"{self.count:06d}"
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "smtputf8": bool(envelope.smtp_utf8),
        }
        for suffix, content in ((".json", json.dumps(meta).encode()), (".eml", data)):
            tmp = os.path.join(self.dir, f".{name}{suffix}.tmp")
            with open(tmp, "wb") as f:
                f.write(content)
            os.replace(tmp, os.path.join(self.dir, name + suffix))
        return "250 2.0.0 Message accepted"


def wait_for_stdin_eof(loop, stop):
    try:
        while sys.stdin.buffer.read1(4096):
            pass
    finally:
        loop.call_soon_threadsafe(stop.set)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--tempfail-once", action="append", default=[])
    parser.add_argument("--drop-once", action="append", default=[])
    parser.add_argument("--no-smtputf8", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    handler = Handler(args)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(
            handler,
            enable_SMTPUTF8=not args.no_smtputf8,
            decode_data=False,
            hostname="smtp.test",
            data_size_limit=10 * 1024 * 1024,
        ),
        host="127.0.0.1",
        port=0,
    )
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    threading.Thread(target=wait_for_stdin_eof, args=(loop, stop), daemon=True).start()
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
