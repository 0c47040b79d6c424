#!/usr/bin/env python3
"""Self-test of reference_ismg.py: a minimal CMPP 2.0 SP client (stdlib only, written separately from the
server's codec) drives the server on port 0 and asserts every step; the server's pure helpers are also checked
against the worked hex examples of the fact sheet (../shared/spec/cmpp-2.0.md §10).

    python3 scripts/interop/check_reference_ismg.py [--pycmpp-python /tmp/venv-cmpp/bin/python] [-v]

With --pycmpp-python (an interpreter that has PyPI's pycmpp installed), pycmpp_client.py is also run against
the server. Prints one PASS/FAIL/SKIP line per check and closes with "N passed, N failed"; exits 1 on a failure.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import reference_ismg  # noqa: E402  (only its pure helpers, for the §10 vectors)

SP_ID, SECRET = "900001", "888888"
CONNECT, TERMINATE, SUBMIT, DELIVER, ACTIVE_TEST, RESP = 1, 2, 4, 5, 8, 0x80000000
LONG_TEXT = ("飞鸽网关互通测试：这是一条超过七十个汉字的长短信，用来检查参考网关能否按照用户数据头的"
             "参考号把两段内容按顺序拼接回原文，并且为每一段返回独立的消息标识与状态报告。谢谢！")
MO_TEXT = "上行测试 MO 你好"
KEEP_LOGS = False  # -v keeps each server's stderr log and prints its path


class CheckFailed(AssertionError):
    pass


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)


class ServerProcess:
    """reference_ismg.py on port 0; `stop()` sends SIGTERM and returns its JSON summary."""

    def __init__(self, *extra: str):
        self.log = tempfile.NamedTemporaryFile(prefix="reference_ismg.", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "reference_ismg.py"), "--account", f"{SP_ID}:{SECRET}",
             "--account", "900002:other", *extra],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        ready, _, _ = select.select([self.process.stdout], [], [], 10)
        line = self.process.stdout.readline() if ready else ""
        if not line.startswith("LISTENING "):
            self.kill()
            raise CheckFailed(f"server did not print LISTENING within 10 s (got {line!r})")
        self.port = int(line.split()[1])

    def stop(self) -> dict:
        self.process.send_signal(signal.SIGTERM)
        try:
            out, _ = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise CheckFailed("server did not exit within 10 s of SIGTERM")
        expect(self.process.returncode == 0, f"server exit status {self.process.returncode}")
        lines = [line for line in out.splitlines() if line.startswith("{")]
        expect(len(lines) == 1, f"expected one JSON summary line, got {out!r}")
        return json.loads(lines[0])

    def kill(self) -> None:
        """Ends the server if it still runs and removes its log (or, with -v, says where it is)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.log.close()
        if KEEP_LOGS:
            print(f"     server log: {self.log.name}", flush=True)
        else:
            os.unlink(self.log.name)


class Client:
    """A minimal blocking CMPP 2.0 SP: frames are (command_id, sequence, body)."""

    def __init__(self, port: int):
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.sequence = 0

    def send(self, command_id: int, body: bytes = b"", sequence: int | None = None) -> int:
        if sequence is None:
            self.sequence += 1
            sequence = self.sequence
        self.socket.sendall(struct.pack(">III", 12 + len(body), command_id, sequence) + body)
        return sequence

    def read_exactly(self, count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = self.socket.recv(count - len(data))
            if not chunk:
                raise EOFError(f"connection closed after {len(data)} of {count} bytes")
            data += chunk
        return data

    def receive(self, timeout: float = 5) -> tuple[int, int, bytes]:
        self.socket.settimeout(timeout)
        total, command_id, sequence = struct.unpack(">III", self.read_exactly(12))
        expect(12 <= total <= 4096, f"Total_Length {total}")
        return command_id, sequence, self.read_exactly(total - 12)

    def expect_closed(self, timeout: float = 5) -> None:
        self.socket.settimeout(timeout)
        try:
            data = self.socket.recv(1)
        except ConnectionResetError:
            return
        expect(data == b"", f"expected the server to close the connection, got {data!r}")

    def connect(self, sp_id: str = SP_ID, secret: str = SECRET, version: int = 0x20) -> tuple[int, bytes, bytes]:
        """CONNECT (§6.1); returns (Status, AuthenticatorISMG, our AuthenticatorSource)."""
        stamp = datetime.datetime.now().strftime("%m%d%H%M%S")
        source = sp_id.encode().ljust(6, b"\0")
        auth = hashlib.md5(source + bytes(9) + secret.encode() + stamp.encode()).digest()
        sequence = self.send(CONNECT, source + auth + bytes([version]) + struct.pack(">I", int(stamp)))
        command_id, resp_sequence, body = self.receive()
        expect(command_id == CONNECT | RESP and resp_sequence == sequence, "CONNECT_RESP with our Sequence_Id")
        expect(len(body) == 18, f"CONNECT_RESP body is 18 bytes (got {len(body)})")
        expect(body[17] == 0x20, f"CONNECT_RESP Version 0x20 (got 0x{body[17]:02x})")
        return body[0], body[1:17], auth

    def login(self) -> None:
        status, auth_ismg, auth_source = self.connect()
        expect(status == 0, f"login Status 0 (got {status})")
        expected = hashlib.md5(b"\0" + auth_source + SECRET.encode()).digest()
        expect(auth_ismg == expected, "AuthenticatorISMG = MD5(Status + AuthenticatorSource + secret)")

    def submit(self, content: bytes, msg_fmt: int, registered_delivery: int = 1, udhi: int = 0,
               pk: tuple[int, int] = (1, 1), dests: tuple[str, ...] = ("13800138000",), msg_src: str = SP_ID,
               src_id: bytes = b"1065") -> int:
        """SUBMIT (§6.4) laid out field by field; returns its Sequence_Id."""
        body = (bytes(8) + bytes([pk[0], pk[1], registered_delivery, 1]) + b"TEST".ljust(10, b"\0") + bytes([2])
                + bytes(21) + bytes([0, udhi, msg_fmt]) + msg_src.encode().ljust(6, b"\0") + b"01" + b"000000"
                + bytes(17) + bytes(17) + src_id.ljust(21, b"\0") + bytes([len(dests)])
                + b"".join(d.encode().ljust(21, b"\0") for d in dests) + bytes([len(content)]) + content + bytes(8))
        return self.send(SUBMIT, body)

    def expect_submit_resp(self, sequence: int) -> tuple[int, int]:
        command_id, resp_sequence, body = self.receive()
        expect(command_id == SUBMIT | RESP and resp_sequence == sequence,
               f"SUBMIT_RESP for seq {sequence} (got 0x{command_id:08x} seq {resp_sequence})")
        expect(len(body) == 9, f"SUBMIT_RESP body is 9 bytes (got {len(body)})")
        return struct.unpack(">QB", body)

    def terminate(self) -> None:
        sequence = self.send(TERMINATE)
        command_id, resp_sequence, body = self.receive()
        expect((command_id, resp_sequence, body) == (TERMINATE | RESP, sequence, b""), "TERMINATE_RESP")
        self.expect_closed()

    def close(self) -> None:
        self.socket.close()


def parse_deliver(body: bytes) -> dict:
    """§6.9 CMPP_DELIVER, read independently of the server's encoder."""
    expect(len(body) >= 73 and len(body) == 73 + body[64], f"DELIVER body length {len(body)}")
    text = lambda data: data.split(b"\0", 1)[0].decode("ascii")  # noqa: E731
    deliver = {"msg_id": struct.unpack_from(">Q", body)[0], "dest_id": text(body[8:29]),
               "service_id": text(body[29:39]), "tp_udhi": body[40], "msg_fmt": body[41],
               "src_terminal_id": text(body[42:63]), "registered_delivery": body[63],
               "content": body[65:65 + body[64]], "reserved": body[65 + body[64]:]}
    expect(deliver["reserved"] == bytes(8), "DELIVER Reserved is 8 x 00")
    if deliver["registered_delivery"] == 1:
        content = deliver["content"]
        expect(len(content) == 60, f"status report is 60 bytes (got {len(content)})")
        deliver["report"] = {"msg_id": struct.unpack_from(">Q", content)[0], "stat": text(content[8:15]),
                             "submit_time": text(content[15:25]), "done_time": text(content[25:35]),
                             "dest_terminal_id": text(content[35:56]),
                             "smsc_sequence": struct.unpack_from(">I", content, 56)[0]}
    return deliver


def ucs2_parts(text: str, reference: int) -> list[bytes]:
    """UCS2 text split into 67-character parts behind an 8-bit concatenation UDH (§9.4)."""
    chunks = [text[i:i + 67] for i in range(0, len(text), 67)]
    return [bytes([5, 0, 3, reference, len(chunks), n + 1]) + c.encode("utf-16-be") for n, c in enumerate(chunks)]


def msg_id_is_now(msg_id: int, gateway: int) -> bool:
    now = datetime.datetime.now()
    month, day, gw = msg_id >> 60, msg_id >> 55 & 0x1F, msg_id >> 16 & 0x3FFFFF
    return (month, day, gw) == (now.month, now.day, gateway) and 0 < msg_id & 0xFFFF


# ---------------------------------------------------------------------------------------------------------------
# Checks

def check_spec_vectors() -> None:
    """The server's helpers against §10: Ex.1/Ex.2 authenticators, Ex.3 SUBMIT, Ex.5/Ex.6 Msg_Ids and report."""
    r = reference_ismg
    auth = r.authenticator_source(b"900001", b"888888", 1021080510)
    expect(auth.hex() == "90d00c1d517abd0b4f65f6bcf8535d16", "Ex.1 AuthenticatorSource")
    expect(r.authenticator_ismg(0, auth, b"888888").hex() == "6c0b846e25bab6daa4ed1c466e0f4bd8", "Ex.2 ISMG")
    expect(r.authenticator_source(b"900001", b"888888", 102150405)
           == hashlib.md5(b"900001" + bytes(9) + b"888888" + b"0102150405").digest(), "§6.1 10-digit timestamp")
    ex3 = bytes.fromhex(
        "000000bd0000000400000017000000000000000001010101746573740000000000000231333530303030323639360000000000"
        "000000000000000839303030303130323130000000003135313130353133313535353130312b0000000000000000000000000000"
        "00000000393030303031000000000000000000000000000000013133353030303032363936000000000000000000001e6d4b8bd5"
        "0067006f0063006d007000700020007300750062006d006900740000000000000000")
    submit = r.parse_submit(ex3[12:])
    expect((submit["service_id"], submit["msg_fmt"], submit["msg_src"], submit["fee_code"], submit["src_id"],
            submit["dest_terminal_ids"], submit["valid_time"])
           == ("test", 8, "900001", "10", "900001", ["13500002696"], "151105131555101+"), "Ex.3 SUBMIT fields")
    expect(r.decode_text(8, submit["content"]) == ("测试gocmpp submit", True), "Ex.3 UCS2 content")
    expect(r.split_msg_id(0x7FD913C12D34B9C9) == {"month": 7, "day": 31, "hour": 22, "minute": 17, "second": 15,
                                                  "gateway": 77108, "sequence": 47561}, "Ex.5 Msg_Id")
    when = datetime.datetime(2026, 7, 31, 22, 17, 15)
    expect(r.make_msg_id(when, 77108, 47561) == 0x7FD913C12D34B9C9, "Ex.5 Msg_Id encoding")
    report = r.status_report(0xB4C5530000010000, "DELIVRD", "1511120955", "1511120957", "13412340000", 0x12345678)
    expect(report.hex() == "b4c5530000010000" + b"DELIVRD".hex() + b"1511120955".hex() + b"1511120957".hex()
           + b"13412340000".hex() + "00" * 10 + "12345678", "Ex.6 status report body")


def check_refused_logins() -> None:
    """CONNECT_RESP Status 2 (unknown Source_Addr), 3 (bad authenticator), 4 (Version 0x30), 1 (short body)."""
    server = ServerProcess()
    try:
        for kwargs, status, what in (({"sp_id": "123456"}, 2, "unknown SP"), ({"secret": "wrong"}, 3, "bad secret"),
                                     ({"version": 0x30}, 4, "Version 0x30")):
            client = Client(server.port)
            got, auth_ismg, _ = client.connect(**kwargs)
            expect(got == status, f"{what}: Status {status} (got {got})")
            expect(auth_ismg == bytes(16), f"{what}: AuthenticatorISMG empty (16 x 00)")
            client.expect_closed()
            client.close()
        client = Client(server.port)
        client.send(CONNECT, bytes(20))
        command_id, _, body = client.receive()
        expect(command_id == CONNECT | RESP and body[0] == 1, "a 20-byte CONNECT body gets Status 1")
        client.expect_closed()
        summary = server.stop()
        expect(summary["logins"] == 0 and summary["logins_refused"] == 4, f"summary counts {summary}")
    finally:
        server.kill()


def check_session_flow() -> None:
    """Login, ACTIVE_TEST, a two-part UCS2 SUBMIT with reports, MO, TERMINATE; then the server's summary."""
    server = ServerProcess("--report-delay", "0.2", "--mo", MO_TEXT, "--mo-after", "0.5", "--service-code", "1065",
                           "--gateway-code", "4321")
    try:
        client = Client(server.port)
        client.login()
        sequence = client.send(ACTIVE_TEST)
        expect(client.receive() == (ACTIVE_TEST | RESP, sequence, b"\0"), "ACTIVE_TEST_RESP with Reserved 0")

        parts = ucs2_parts(LONG_TEXT, 0x2E)
        expect(len(parts) == 2 and all(len(p) <= 140 for p in parts), "the test text makes two parts")
        sequences = [client.submit(p, 8, udhi=1, pk=(2, n + 1)) for n, p in enumerate(parts)]
        msg_ids = []
        for sequence in sequences:
            msg_id, result = client.expect_submit_resp(sequence)
            expect(result == 0, f"SUBMIT_RESP Result 0 (got {result})")
            expect(msg_id_is_now(msg_id, 4321), f"Msg_Id {msg_id:016x} carries today's date and gateway 4321")
            msg_ids.append(msg_id)
        expect(len(set(msg_ids)) == 2, "distinct Msg_Ids per part")

        reports, mo = {}, None
        deadline = time.monotonic() + 5
        while (len(reports) < 2 or mo is None) and time.monotonic() < deadline:
            command_id, sequence, body = client.receive()
            expect(command_id == DELIVER, f"only DELIVERs expected now (got 0x{command_id:08x})")
            deliver = parse_deliver(body)
            if deliver["registered_delivery"] == 1:
                report = deliver["report"]
                expect(report["stat"] == "DELIVRD" and report["dest_terminal_id"] == "13800138000",
                       f"report fields {report}")
                expect(len(report["submit_time"]) == 10 and report["submit_time"].isdigit(), "Submit_time YYMMDDHHMM")
                expect(deliver["src_terminal_id"] == "13800138000" and deliver["dest_id"] == "1065",
                       "report DELIVER addresses")
                reports[report["msg_id"]] = deliver
            else:
                expect(deliver["msg_fmt"] == 8 and deliver["content"].decode("utf-16-be") == MO_TEXT, "MO text")
                expect(deliver["dest_id"] == "1065" and deliver["src_terminal_id"] == "13800138000", "MO addresses")
                mo = deliver
            client.send(DELIVER | RESP, struct.pack(">QB", deliver["msg_id"], 0), sequence)
        expect(sorted(reports) == sorted(msg_ids), "one report per SUBMIT_RESP Msg_Id")
        expect(mo is not None, "MO DELIVER received")
        client.terminate()
        client.close()

        summary = server.stop()
        expected = {"logins": 1, "submits": 2, "reports_sent": 2, "reports_acked": 2, "mo_sent": 1, "mo_acked": 1,
                    "active_tests_received": 1, "terminates_received": 1, "deliver_resp_errors": 0,
                    "protocol_errors": 0, "incomplete_messages": 0}
        expect({k: summary[k] for k in expected} == expected, f"summary counts {summary}")
        expect(summary["messages"] == [LONG_TEXT], f"reassembled text {summary['messages']}")
        expect(summary["message_details"][0]["parts"] == 2, "message made of two parts")
    finally:
        server.kill()


def check_formats_and_rejections() -> None:
    """ASCII and GB18030 SUBMITs decode; a wrong length gets Result 4, Msg_Length 141 Result 6, and a frame before
    CONNECT closes the link; --submit-result is returned with Msg_Id 0."""
    server = ServerProcess("--report-delay", "0")
    try:
        client = Client(server.port)
        client.login()
        for content, msg_fmt in ((b"hello feige", 0), ("国标编码".encode("gb18030"), 15)):
            _, result = client.expect_submit_resp(client.submit(content, msg_fmt, registered_delivery=0))
            expect(result == 0, f"Msg_Fmt {msg_fmt} accepted")
        good = bytes(8) + bytes(4) + bytes(10) + bytes(1) + bytes(21) + bytes(3) + bytes(6) + bytes(2 + 6 + 34) \
            + bytes(21) + b"\x01" + bytes(21) + b"\x05" + b"abcde" + bytes(8)
        expect(len(good) == 126 + 21 + 5, "hand-made SUBMIT body")
        sequence = client.send(SUBMIT, good[:-3])
        expect(client.expect_submit_resp(sequence) == (0, 4), "truncated SUBMIT gets Msg_Id 0, Result 4")
        sequence = client.submit(bytes(141), 8, registered_delivery=0)
        expect(client.expect_submit_resp(sequence) == (0, 6), "141-byte UCS2 gets Result 6")
        client.terminate()
        client.close()

        early = Client(server.port)
        early.send(ACTIVE_TEST)
        early.expect_closed()
        early.close()
        summary = server.stop()
        expect(summary["messages"] == ["hello feige", "国标编码"], f"decoded texts {summary['messages']}")
        expect(summary["submits_rejected"] == 2 and summary["protocol_errors"] == 1, f"summary {summary}")
    finally:
        server.kill()
    server = ServerProcess("--submit-result", "8")
    try:
        client = Client(server.port)
        client.login()
        expect(client.expect_submit_resp(client.submit(b"x", 0)) == (0, 8), "--submit-result 8 is returned")
        client.terminate()
        summary = server.stop()
        expect(summary["reports_sent"] == 0, "no report for a refused SUBMIT")
    finally:
        server.kill()


def check_hostile_input() -> None:
    """Random frames after login (seeded) never take the server down: it answers or drops the link, a new login
    still works, and no internal error is recorded. A non-ASCII Src_Id is echoed as the report's Dest_Id."""
    import random
    generator = random.Random(20261121)
    server = ServerProcess("--report-delay", "0")
    try:
        client = Client(server.port)
        client.login()
        sequence = client.submit(b"x", 0, src_id=b"\xff\xfe1065")
        expect(client.expect_submit_resp(sequence)[1] == 0, "SUBMIT with a non-ASCII Src_Id accepted")
        command_id, sequence, body = client.receive()
        expect(command_id == DELIVER and body[8:14] == b"\xff\xfe1065", "report Dest_Id echoes the Src_Id bytes")
        client.send(DELIVER | RESP, body[:8] + b"\0", sequence)
        client.close()
        commands = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x10, 0x80000001, 0x80000005, 0x80000008, 0xFFFFFFFF]
        for _ in range(20):
            client = Client(server.port)
            client.login()
            client.socket.settimeout(0.05)
            try:
                for _ in range(30):
                    if generator.random() < 0.05:  # a header with an arbitrary Total_Length
                        client.socket.sendall(generator.randbytes(12))
                    else:
                        body = generator.randbytes(generator.choice([0, 1, 8, 9, 27, 126, 147, 200, 400]))
                        client.send(generator.choice(commands), body, generator.getrandbits(32))
                    try:
                        client.socket.recv(65536)
                    except socket.timeout:
                        pass
            except (BrokenPipeError, ConnectionResetError):
                pass
            client.close()
        client = Client(server.port)
        client.login()
        sequence = client.send(ACTIVE_TEST)
        expect(client.receive() == (ACTIVE_TEST | RESP, sequence, b"\0"), "the server still answers")
        client.terminate()
        summary = server.stop()
        internal = [w for w in summary["warnings"] if "internal error" in w]
        expect(not internal, f"internal errors: {internal}")
        expect(summary["logins"] >= 22, f"every login accepted: {summary['logins']}")
    finally:
        server.kill()


def check_report_routing() -> None:
    """A report whose link is gone goes to another link of the SP, or is held until the SP logs in again; one
    sent but unanswered when its link closes is resent (same DELIVER Msg_Id); at most 3 sends in all."""
    server = ServerProcess("--report-delay", "0.3")
    try:
        other, first = Client(server.port), Client(server.port)
        other.login()
        first.login()
        msg_id, _ = first.expect_submit_resp(first.submit(b"to another link", 0))
        first.close()  # without TERMINATE, before the report is due
        command_id, sequence, body = other.receive()
        expect(command_id == DELIVER and parse_deliver(body)["report"]["msg_id"] == msg_id,
               "the report came on the SP's other link")
        other.send(DELIVER | RESP, body[:8] + b"\0", sequence)
        msg_id, _ = other.expect_submit_resp(other.submit(b"held", 0))
        other.terminate()
        time.sleep(0.5)  # the report falls due while the SP has no link
        seen = []
        for _ in range(3):  # receive it, do not answer, drop the link: it comes again at the next login
            client = Client(server.port)
            client.login()
            command_id, sequence, body = client.receive()
            deliver = parse_deliver(body)
            expect(command_id == DELIVER and deliver["report"]["msg_id"] == msg_id, "the held report came at login")
            seen.append(deliver["msg_id"])
            client.close()
        expect(len(set(seen)) == 1, f"a resent report keeps its DELIVER Msg_Id ({seen})")
        client = Client(server.port)
        client.login()
        client.socket.settimeout(0.5)
        try:
            extra = client.socket.recv(1)
        except socket.timeout:
            extra = b""
        expect(extra == b"", "no 4th send of that report")
        client.terminate()
        summary = server.stop()
        expect((summary["reports_sent"], summary["reports_acked"], summary["reports_held"]) == (4, 1, 0),
               f"summary {summary}")
        expect(any("dropped" in w for w in summary["warnings"]), "the drop is recorded as a warning")
    finally:
        server.kill()


def check_heartbeat() -> None:
    """--heartbeat: an idle link gets ACTIVE_TESTs; an answered one stays up, an unanswered one is closed after 3."""
    server = ServerProcess("--heartbeat", "0.3")
    try:
        client = Client(server.port)
        client.login()
        command_id, sequence, body = client.receive(timeout=3)
        expect((command_id, body) == (ACTIVE_TEST, b""), "server ACTIVE_TEST on an idle link")
        client.send(ACTIVE_TEST | RESP, b"\0", sequence)
        command_id, sequence, body = client.receive(timeout=3)
        expect((command_id, body) == (ACTIVE_TEST, b""), "the answered link is tested again, not closed")
        client.send(ACTIVE_TEST | RESP, b"\0", sequence)
        client.close()
        silent = Client(server.port)
        silent.login()
        tests, started = 0, time.monotonic()
        try:
            while True:
                command_id, _, _ = silent.receive(timeout=5)
                expect(command_id == ACTIVE_TEST, f"only ACTIVE_TEST expected (got 0x{command_id:08x})")
                tests += 1
        except EOFError:
            pass
        expect(tests == 3, f"closed after 3 unanswered ACTIVE_TESTs (saw {tests})")
        expect(time.monotonic() - started < 5, "closed within about (N + 1) x T")
        summary = server.stop()
        expect(summary["active_test_resps_received"] == 2 and summary["active_tests_sent"] >= 4,
               f"summary {summary}")
    finally:
        server.kill()


def check_pycmpp(python: str | None) -> str | None:
    """PyPI's pycmpp (through pycmpp_client.py) logs in and submits a short and a long text with reports, once with
    the driver's SUBMITs (Src_Id/Service_Id set) and once with pycmpp's own Cmpp.submit() (--as-is)."""
    if python is None:
        return "no --pycmpp-python given"
    server = ServerProcess("--report-delay", "0.1")
    try:
        short = "pycmpp 互通测试"
        runs = [(short, []), (LONG_TEXT, []), (LONG_TEXT, ["--as-is"])]
        for text, extra in runs:
            run = subprocess.run(
                [python, os.path.join(HERE, "pycmpp_client.py"), "--host", "127.0.0.1", "--port", str(server.port),
                 "--sp-id", SP_ID, "--secret", SECRET, "--to", "13800138000", "--src-id", "1065",
                 "--service-id", "TEST", "--report", "--wait-reports", "5", "--text", text, *extra],
                capture_output=True, text=True, timeout=60)
            expect(run.returncode == 0, f"pycmpp_client {extra} exit {run.returncode}: {run.stderr[-2000:]}")
            lines = [line.split() for line in run.stdout.splitlines()]
            parts = [fields for fields in lines if len(fields) == 2]
            reports = [fields for fields in lines if len(fields) == 3]
            expect(len(parts) + len(reports) == len(lines), f"only part and report lines: {run.stdout!r}")
            expect(len(parts) == (1 if text == short else 2) and all(f[1] == "0" for f in parts), f"parts {parts}")
            expect(all(f[0].isdigit() for f in parts), "Msg_Id in decimal")
            expect(sorted(f[0] for f in reports) == sorted(f[0] for f in parts)
                   and all(f[1:] == ["DELIVRD", "13800138000"] for f in reports), f"reports {reports}")
        summary = server.stop()
        expect(summary["messages"] == [short, LONG_TEXT, LONG_TEXT], f"server decoded {summary['messages']}")
        expect(summary["reports_acked"] == 5 and summary["logins"] == 3 and summary["terminates_received"] == 3,
               f"summary {summary}")
        details = summary["message_details"]
        expect([d["src_id"] for d in details] == ["1065", "1065", ""], "Src_Id set except with --as-is")
    finally:
        server.kill()
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pycmpp-python", help="a python with pycmpp installed, e.g. /tmp/venv-cmpp/bin/python")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print tracebacks of failures and keep the server logs")
    args = parser.parse_args()
    global KEEP_LOGS
    KEEP_LOGS = args.verbose
    checks = [("spec vectors (§10)", check_spec_vectors), ("refused logins", check_refused_logins),
              ("session flow", check_session_flow), ("formats and rejections", check_formats_and_rejections),
              ("hostile input", check_hostile_input), ("report routing", check_report_routing),
              ("heartbeat", check_heartbeat),
              ("pycmpp client", lambda: check_pycmpp(args.pycmpp_python))]
    passed = failed = skipped = 0
    for name, check in checks:
        started = time.monotonic()
        try:
            skip_reason = check()
        except Exception as error:  # any failure of a check is reported, then the next check runs
            failed += 1
            print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)
            if args.verbose:
                traceback.print_exc()
            continue
        if skip_reason:
            skipped += 1
            print(f"SKIP {name}: {skip_reason}", flush=True)
        else:
            passed += 1
            print(f"PASS {name} ({time.monotonic() - started:.1f} s)", flush=True)
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
