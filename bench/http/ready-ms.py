#!/usr/bin/env python3
"""Milliseconds from exec to the first 200 of GET /health/ready, for issue 19's start-up figures.

    python3 bench/http/ready-ms.py PORT COMMAND [ARG ...]

Polls from this process every 2 ms over raw sockets. The shell loop it replaces (a curl process every 5 ms) spent
a good part of a core on process start-ups beside the daemon while it started on a two-core machine. Stops the
command with SIGTERM once ready and waits for it.
"""
import socket
import subprocess
import sys
import time

port, command = int(sys.argv[1]), sys.argv[2:]
request = b"GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
started = time.monotonic()
process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    while True:
        if process.poll() is not None:
            sys.exit(f"exited with {process.returncode} before it was ready")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(request)
                head = s.recv(12)
            if head[9:12] == b"200":
                break
        except OSError:
            pass
        time.sleep(0.002)
    print(round((time.monotonic() - started) * 1000))
finally:
    process.terminate()
    process.wait()
