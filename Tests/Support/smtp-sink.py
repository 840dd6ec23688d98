#!/usr/bin/env python3
"""A local SMTP server for the mail tests (aiosmtpd, from PyPI), on 127.0.0.1 only.

    smtp-sink.py DIR [--refuse]

Stores each message it accepts as DIR/<n>.eml; with --refuse, answers every message
"554 5.7.1 refused by the test server" instead. Prints the port it listens on, then runs until
killed (or until its standard input closes).
"""
import os
import socket
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, refuse):
        self.directory = directory
        self.refuse = refuse
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "554 5.7.1 refused by the test server"
        self.count += 1
        path = os.path.join(self.directory, "%05d.eml" % self.count)
        with open(path + ".tmp", "wb") as file:
            file.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path)
        return "250 OK"


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    controller = Controller(Sink(directory, "--refuse" in sys.argv), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
