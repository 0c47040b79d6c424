#!/usr/bin/env python3
"""Drives PyPI's `pycmpp` (2.0.2, a CMPP 2.0 SP client) against an ISMG: log in, submit N messages, print each
SUBMIT_RESP as `<Msg_Id decimal> <Result>`, optionally wait for the status reports, terminate.

    python3 -m venv /tmp/venv-cmpp && /tmp/venv-cmpp/bin/pip install pycmpp==2.0.2
    /tmp/venv-cmpp/bin/python scripts/interop/pycmpp_client.py --host 127.0.0.1 --port 7890 \\
        --sp-id 900001 --secret 888888 --to 13800138000 --src-id 1065 --service-id TEST --count 3 --report

What comes from pycmpp: the TCP socket and its CONNECT (`ConnectRequestInstance`: MD5 authenticator, Version
0x21), SUBMIT (`SubmitRequestInstance`: UCS2 content, 64-character split behind a `05 00 03` UDH), TERMINATE and
Sequence_Id numbering, and the CONNECT_RESP / SUBMIT_RESP decoders. With --as-is the SUBMITs are built by
`Cmpp.submit()` itself, which leaves Src_Id and Service_Id empty and sets TP_pid=1 on long-message parts.

What this driver does itself, because pycmpp 2.0.2 cannot (see README.md): reading whole frames (its `receive()`
loop assumes each `recv` returns a full frame, never ends, and spins on EOF), answering DELIVERs with DELIVER_RESP
(it has no DELIVER handler), answering ACTIVE_TEST (its ACTIVE_TEST_RESP sends the 4 ASCII bytes "0x00" behind a
Total_Length of 13, which desynchronises the peer), checking AuthenticatorISMG, and keeping at most 16 SUBMITs
unanswered (§2 window W).

Output: one `<Msg_Id> <Result>` line per SUBMIT part, in sending order; with --wait-reports also one
`<Msg_Id> <Stat> <Dest_terminal_Id>` line per status report (same shapes as `feige send`). Diagnostics on stderr.
Exit status: 0 all parts Result 0 (and every report in time); 1 a Result != 0 or a report missing; 2 a
connection, protocol or timeout error; 3 login refused.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import socket
import struct
import sys
import time

try:
    from pycmpp.cmpp import Cmpp
    from pycmpp.request import ConnectRequestInstance, SubmitRequestInstance, TerminateRequestInstance
    from pycmpp.response import ConnectResponseInstance, SubmitResponseInstance
    from pycmpp.utils import split_message
except ImportError:
    print("pycmpp_client: pycmpp is not importable from this interpreter; install it in a venv:\n"
          "  python3 -m venv /tmp/venv-cmpp && /tmp/venv-cmpp/bin/pip install pycmpp==2.0.2", file=sys.stderr)
    sys.exit(2)

CONNECT_RESP, TERMINATE, TERMINATE_RESP = 0x80000001, 0x00000002, 0x80000002
SUBMIT_RESP, DELIVER, DELIVER_RESP = 0x80000004, 0x00000005, 0x80000005
ACTIVE_TEST, ACTIVE_TEST_RESP = 0x00000008, 0x80000008
WINDOW = 16
CONNECT_STATUS = {1: "message structure error", 2: "illegal source address (unknown SP_Id)",
                  3: "authentication error", 4: "version too high"}


class DriverError(Exception):
    """A transport or protocol failure (exit status 2)."""


class ReadTimeout(DriverError):
    """No frame started arriving in time."""


def text_field(data: bytes) -> str:
    return data.split(b"\0", 1)[0].decode("ascii", "backslashreplace")


def log(message: str) -> None:
    print(f"pycmpp_client: {message}", file=sys.stderr, flush=True)


class Driver:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.cmpp = Cmpp(args.host, args.port, args.sp_id, args.secret, args.src_id,
                         delivery=1 if args.report else 0, client_heartbeat=False)
        self.cmpp.so.settimeout(args.timeout)
        self.sent_sequences: list[int] = []  # SUBMIT Sequence_Ids in sending order
        self.results: dict[int, tuple[int, int]] = {}  # Sequence_Id -> (Msg_Id, Result)
        self.reports: list[tuple[int, str, str]] = []
        self.terminated_by_peer = False
        send = self.cmpp.send

        def recording_send(frame: bytes) -> None:  # learns the Sequence_Id of every SUBMIT pycmpp writes
            if struct.unpack_from(">I", frame, 4)[0] == 0x00000004:
                self.sent_sequences.append(struct.unpack_from(">I", frame, 8)[0])
            send(frame)
        self.cmpp.send = recording_send

    # -- framing ---------------------------------------------------------------------------------------------------
    def read_exactly(self, count: int, frame_started: bool) -> bytes:
        data = b""
        while len(data) < count:
            try:
                chunk = self.cmpp.so.recv(count - len(data))
            except socket.timeout:
                if data or frame_started:
                    raise DriverError("the ISMG stopped in the middle of a frame") from None
                raise ReadTimeout("no frame from the ISMG in time") from None
            if not chunk:
                raise DriverError("the ISMG closed the connection")
            data += chunk
        return data

    def read_frame(self, timeout: float | None = None) -> tuple[int, int, bytes]:
        """One whole frame (header included); ReadTimeout if none starts within `timeout` (default --timeout)."""
        self.cmpp.so.settimeout(self.args.timeout if timeout is None else timeout)
        header = self.read_exactly(12, frame_started=False)
        total, command_id, sequence = struct.unpack(">III", header)
        if not 12 <= total <= 4096:
            raise DriverError(f"Total_Length {total} out of range")
        self.cmpp.so.settimeout(self.args.timeout)
        return command_id, sequence, header + self.read_exactly(total - 12, frame_started=True)

    def write(self, command_id: int, sequence: int, body: bytes = b"") -> None:
        self.cmpp.so.sendall(struct.pack(">III", 12 + len(body), command_id, sequence) + body)

    # -- session ---------------------------------------------------------------------------------------------------
    def login(self) -> None:
        request = ConnectRequestInstance()
        frame = bytearray(request.create(self.args.sp_id, self.args.secret))
        if self.args.version_byte is not None:
            frame[34] = self.args.version_byte
        self.cmpp.send(bytes(frame))
        command_id, sequence, frame = self.read_frame()
        if command_id != CONNECT_RESP or sequence != request.seq_id or len(frame) != 30:
            raise DriverError(f"expected a 30-byte CONNECT_RESP for seq {request.seq_id}, got command "
                              f"0x{command_id:08x} seq {sequence} length {len(frame)}")
        response = ConnectResponseInstance()
        response.resolve(frame)
        if response.status != 0:
            meaning = CONNECT_STATUS.get(response.status, "other error")
            raise LoginRefused(f"login refused: Status {response.status} ({meaning})")
        expected = hashlib.md5(bytes([0]) + request.auth_source + self.args.secret.encode()).digest()
        if response.authenticator_ISMG != expected:
            raise DriverError("AuthenticatorISMG is not MD5(Status + AuthenticatorSource + secret)")
        log(f"logged in as {self.args.sp_id}, ISMG Version 0x{response.version:02x}")

    def handle(self, command_id: int, sequence: int, frame: bytes) -> None:
        if command_id == SUBMIT_RESP:
            if len(frame) != 21:
                raise DriverError(f"SUBMIT_RESP of {len(frame)} bytes, not 21")
            response = SubmitResponseInstance()
            response.resolve(frame)
            if sequence not in self.sent_sequences or sequence in self.results:
                raise DriverError(f"SUBMIT_RESP seq {sequence} matches no SUBMIT in flight")
            self.results[sequence] = (response.msg_id, response.status)
        elif command_id == DELIVER:
            self.handle_deliver(sequence, frame[12:])
        elif command_id == ACTIVE_TEST:
            self.write(ACTIVE_TEST_RESP, sequence, b"\0")
        elif command_id == TERMINATE:
            self.write(TERMINATE_RESP, sequence)
            self.terminated_by_peer = True
            raise DriverError("the ISMG sent TERMINATE")
        elif command_id not in (ACTIVE_TEST_RESP, TERMINATE_RESP):
            log(f"ignored command 0x{command_id:08x} seq {sequence}")

    def handle_deliver(self, sequence: int, body: bytes) -> None:
        """§6.9 CMPP_DELIVER: answered with DELIVER_RESP Result 0; a status report (RD=1, 60 bytes) is kept."""
        if len(body) < 73 or len(body) != 73 + body[64]:
            raise DriverError(f"DELIVER body of {len(body)} bytes does not match its Msg_Length")
        msg_id = struct.unpack_from(">Q", body)[0]
        self.write(DELIVER_RESP, sequence, struct.pack(">QB", msg_id, 0))
        content = body[65:65 + body[64]]
        if body[63] == 1 and len(content) == 60:
            report = (struct.unpack_from(">Q", content)[0], text_field(content[8:15]), text_field(content[35:56]))
            self.reports.append(report)
        elif body[63] == 1:
            log(f"status report of {len(content)} bytes, not 60: ignored")
        else:
            log(f"MO from {text_field(body[42:63])} (Msg_Fmt {body[41]}, {len(content)} bytes)")

    def pump_until(self, done, deadline: float) -> bool:
        """Handles incoming frames until `done()` (True) or the deadline (False)."""
        while not done():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            try:
                self.handle(*self.read_frame(timeout=remaining))
            except ReadTimeout:
                continue
        return True

    def in_flight(self) -> int:
        return len(self.sent_sequences) - len(self.results)

    def submit(self, text: str, dests: list[str]) -> None:
        if self.args.as_is:
            self.cmpp.submit(text, dests)
            return
        parts = [text] if len(text) < 70 else split_message(text)
        reference = self.cmpp.get_msg_flag()
        for number, part in enumerate(parts, start=1):
            header = bytes([5, 0, 3, reference, len(parts), number]) if len(parts) > 1 else None
            request = SubmitRequestInstance()
            self.cmpp.send(request.create(
                msg_src=self.args.sp_id, msg_content=part, dest_terminal_id=dests, msg_head=header,
                src_id=self.args.src_id, service_id=self.args.service_id, pk_total=len(parts), pk_number=number,
                registered_delivery=1 if self.args.report else 0, tp_udhi=1 if header else 0))

    def run(self) -> int:
        args = self.args
        try:
            self.cmpp.connect()
        except OSError as error:
            raise DriverError(f"cannot connect to {args.host}:{args.port}: {error}") from None
        self.login()
        dests = [d for d in args.to.split(",") if d]
        for index in range(args.count):
            if not self.pump_until(lambda: self.in_flight() < WINDOW, time.monotonic() + args.timeout):
                raise DriverError(f"{self.in_flight()} SUBMITs unanswered after {args.timeout} s")
            self.submit(args.text if args.count == 1 else f"{args.text} ({index + 1}/{args.count})", dests)
        if not self.pump_until(lambda: self.in_flight() == 0, time.monotonic() + args.timeout):
            raise DriverError(f"{self.in_flight()} SUBMITs unanswered after {args.timeout} s")
        for sequence in self.sent_sequences:
            msg_id, result = self.results[sequence]
            print(f"{msg_id} {result}", flush=True)
        status = 0 if all(result == 0 for _, result in self.results.values()) else 1
        if args.report and args.wait_reports > 0:
            expected = sum(len(dests) for _, result in self.results.values() if result == 0)
            arrived = self.pump_until(lambda: len(self.reports) >= expected, time.monotonic() + args.wait_reports)
            for msg_id, stat, dest in self.reports:
                print(f"{msg_id} {stat} {dest}", flush=True)
            if not arrived:
                log(f"{len(self.reports)} of {expected} status reports within {args.wait_reports} s")
                status = 1
            submitted = {msg_id for msg_id, result in self.results.values() if result == 0}
            unmatched = [m for m, _, _ in self.reports if m not in submitted]
            if unmatched:
                log(f"status reports for Msg_Ids never returned by SUBMIT_RESP: {unmatched}")
                status = 1
        self.terminate()
        return status

    def terminate(self) -> None:
        request = TerminateRequestInstance()
        self.cmpp.send(request.create())
        deadline = time.monotonic() + self.args.timeout
        while time.monotonic() < deadline:
            try:
                command_id, sequence, frame = self.read_frame(timeout=max(deadline - time.monotonic(), 0.01))
            except ReadTimeout:
                break
            if command_id == TERMINATE_RESP and sequence == request.seq_id:
                return
            self.handle(command_id, sequence, frame)
        raise DriverError("no TERMINATE_RESP")


class LoginRefused(Exception):
    """CONNECT_RESP with a non-zero Status (exit status 3)."""


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--sp-id", required=True, help="SP_Id (Source_Addr), 6 characters")
    parser.add_argument("--secret", default=os.environ.get("FEIGE_SECRET"), help="or env FEIGE_SECRET")
    parser.add_argument("--to", default="13800138000", help="destination MSISDNs, comma-separated")
    parser.add_argument("--src-id", default="", help="Src_Id (the SP's service code)")
    parser.add_argument("--service-id", default="", help="Service_Id")
    parser.add_argument("--text", default="pycmpp 互通测试 interop test")
    parser.add_argument("--count", type=int, default=1, help="number of messages (each may be several parts)")
    parser.add_argument("--report", action="store_true", help="Registered_Delivery=1")
    parser.add_argument("--wait-reports", type=float, default=0, metavar="SECONDS",
                        help="with --report: wait this long for every status report and print them")
    parser.add_argument("--as-is", action="store_true",
                        help="build SUBMITs with pycmpp's Cmpp.submit() unchanged (empty Src_Id/Service_Id)")
    parser.add_argument("--version-byte", type=lambda s: int(s, 0), default=None,
                        help="override pycmpp's CONNECT Version (it sends 0x21), e.g. 0x20")
    parser.add_argument("--timeout", type=float, default=10, help="seconds to wait for each response")
    args = parser.parse_args(argv)
    if args.secret is None:
        parser.error("--secret or FEIGE_SECRET is required")
    if len(args.sp_id) != 6:
        parser.error("pycmpp writes Source_Addr unpadded: --sp-id must have exactly 6 characters")
    if args.count < 1 or not args.to.strip(","):
        parser.error("--count must be at least 1 and --to must name a number")
    return args


def main(argv: list[str]) -> int:
    args = parse_arguments(argv)
    driver = Driver(args)
    try:
        return driver.run()
    except LoginRefused as error:
        log(str(error))
        return 3
    except (DriverError, OSError) as error:
        log(f"error: {error}")
        return 2
    finally:
        driver.cmpp.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
