#!/usr/bin/env python3
"""A reference CMPP 2.0 ISMG (Internet Short Message Gateway) for interop tests.

Written from the fact sheet ../shared/spec/cmpp-2.0.md (§4 header, §6 SP<->ISMG layouts, §6.6 Msg_Id,
§10 worked examples, §11 disputes), independently of the Swift code, in plain Python 3.11 (stdlib only).

It accepts long connections from SPs and:
  - checks CMPP_CONNECT (§6.1): Version 2.x, Source_Addr among --account, AuthenticatorSource =
    MD5(Source_Addr + 9x00 + secret + "MMDDHHMMSS"); answers CONNECT_RESP (§6.2) with Status 0/2/3/4 and
    AuthenticatorISMG = MD5(Status as 1 byte + AuthenticatorSource + secret) (16x00 on failure);
  - answers ACTIVE_TEST (§6.12, Reserved 0), TERMINATE (§6.3), QUERY (§6.7, this server's counts) and
    CANCEL (§6.11, always "failed": messages are delivered at once);
  - answers SUBMIT (§6.4) with SUBMIT_RESP (§6.5) carrying a §6.6 Msg_Id, one per destination
    (3.0 Appendix 1 range rule), and for Registered_Delivery=1 sends, after --report-delay seconds, one
    status-report CMPP_DELIVER (§6.9, 60-byte body) per destination and expects DELIVER_RESP;
  - sends one MO CMPP_DELIVER (UCS2) --mo-after seconds after the first login if --mo is given;
  - sends ACTIVE_TEST after --heartbeat seconds without traffic, closing after 3 unanswered (§2 C/T/N).

Every frame received or sent is logged on stderr. The first stdout line is "LISTENING <port>"; at exit
(SIGINT/SIGTERM or --exit-after) one JSON summary line is printed on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import hashlib
import json
import signal
import struct
import sys
import time

HEADER = struct.Struct(">III")
HEADER_LENGTH = 12
MAX_FRAME_LENGTH = 4096  # §9.3: the spec gives none; 2.0 SUBMIT can reach 2472, SMSGate frames at 4096.
RESP = 0x80000000
VERSION_20 = 0x20

COMMANDS = {
    0x00000001: "CONNECT", 0x00000002: "TERMINATE", 0x00000004: "SUBMIT", 0x00000005: "DELIVER",
    0x00000006: "QUERY", 0x00000007: "CANCEL", 0x00000008: "ACTIVE_TEST", 0x00000009: "FWD",
}
CONNECT, TERMINATE, SUBMIT, DELIVER, QUERY, CANCEL, ACTIVE_TEST = 1, 2, 4, 5, 6, 7, 8

# §6.2 CONNECT_RESP Status values.
STATUS_OK, STATUS_STRUCTURE, STATUS_BAD_SOURCE, STATUS_AUTH, STATUS_VERSION_TOO_HIGH, STATUS_OTHER = range(6)
# §6.5 SUBMIT_RESP Result values used here.
RESULT_OK, RESULT_STRUCTURE, RESULT_LENGTH, RESULT_TOO_LONG = 0, 1, 4, 6


def command_name(command_id: int) -> str:
    base = COMMANDS.get(command_id & ~RESP, f"0x{command_id:08x}")
    return base + "_RESP" if command_id & RESP else base


# ---------------------------------------------------------------------------------------------------------------
# Field codecs (§3: Octet Strings are left-aligned and NUL-padded; integers are big-endian).

def octets(text: str | bytes, size: int) -> bytes:
    """An Octet String field: ASCII (or raw bytes, echoed), left-aligned, NUL-padded to `size`; ValueError if
    too long."""
    data = text if isinstance(text, bytes) else text.encode("ascii")
    if len(data) > size:
        raise ValueError(f"{text!r} is longer than {size} bytes")
    return data.ljust(size, b"\0")


def cstring(data: bytes) -> str:
    """Decodes an Octet String field: trimmed at the first NUL, non-ASCII bytes escaped."""
    return data.split(b"\0", 1)[0].decode("ascii", "backslashreplace")


def authenticator_source(source_addr: bytes, secret: bytes, timestamp: int) -> bytes:
    """§6.1 AuthenticatorSource = MD5(Source_Addr + 9 x 0x00 + secret + timestamp as 10 zero-padded digits)."""
    return hashlib.md5(source_addr + b"\0" * 9 + secret + b"%010d" % timestamp).digest()


def authenticator_ismg(status: int, auth_source: bytes, secret: bytes) -> bytes:
    """§6.2 AuthenticatorISMG = MD5(Status as 1 byte + AuthenticatorSource + secret) (2.0: Status is 1 byte)."""
    return hashlib.md5(bytes([status]) + auth_source + secret).digest()


def make_msg_id(when: datetime.datetime, gateway: int, sequence: int) -> int:
    """§6.6 Msg_Id: month 4 | day 5 | hour 5 | minute 6 | second 6 | gateway code 22 | sequence 16 bits."""
    return (when.month << 60 | when.day << 55 | when.hour << 50 | when.minute << 44 | when.second << 38
            | (gateway & 0x3FFFFF) << 16 | (sequence & 0xFFFF))


def split_msg_id(msg_id: int) -> dict:
    """The §6.6 fields of a Msg_Id."""
    return {"month": msg_id >> 60 & 0xF, "day": msg_id >> 55 & 0x1F, "hour": msg_id >> 50 & 0x1F,
            "minute": msg_id >> 44 & 0x3F, "second": msg_id >> 38 & 0x3F, "gateway": msg_id >> 16 & 0x3FFFFF,
            "sequence": msg_id & 0xFFFF}


def decode_text(msg_fmt: int, data: bytes) -> tuple[str, bool]:
    """Msg_Content as text per Msg_Fmt (§6.4): 0 ASCII, 8 UCS2 (UTF-16BE), 15 GB18030; others as hex.
    Returns (text, decoded cleanly)."""
    codec = {0: "ascii", 8: "utf-16-be", 15: "gb18030"}.get(msg_fmt)
    if codec is None:
        return data.hex(), True
    try:
        return data.decode(codec), True
    except UnicodeDecodeError:
        return data.decode(codec, "replace"), False


def concatenation_header(content: bytes) -> tuple[tuple[int, int, int] | None, bytes]:
    """Splits a GSM 03.40 UDH (§9.4) off Msg_Content: ((reference, total, index) or None, payload).
    Raises ValueError when the UDH length runs past the content."""
    if not content:
        raise ValueError("TP_udhi set on empty Msg_Content")
    udh_length = content[0]
    if udh_length + 1 > len(content):
        raise ValueError(f"UDHL {udh_length} exceeds Msg_Length {len(content)}")
    elements, payload, concat = content[1:1 + udh_length], content[1 + udh_length:], None
    i = 0
    while i + 2 <= len(elements):
        iei, length = elements[i], elements[i + 1]
        value = elements[i + 2:i + 2 + length]
        if len(value) != length:
            raise ValueError("UDH information element runs past the header")
        if iei == 0x00 and length == 3:
            concat = (value[0], value[1], value[2])
        elif iei == 0x08 and length == 4:
            concat = (value[0] << 8 | value[1], value[2], value[3])
        i += 2 + length
    return concat, payload


class SubmitError(Exception):
    def __init__(self, result: int, reason: str):
        super().__init__(reason)
        self.result = result


def parse_submit(body: bytes) -> dict:
    """§6.4 CMPP_SUBMIT body (126 + 21 x DestUsr_tl + Msg_Length bytes); SubmitError with a §6.5 Result."""
    if len(body) < 126:
        raise SubmitError(RESULT_LENGTH, f"body of {len(body)} bytes is shorter than the 126-byte minimum")
    count = body[116]
    length_offset = 117 + 21 * count
    if len(body) < length_offset + 1:
        raise SubmitError(RESULT_LENGTH, f"DestUsr_tl={count} runs past the body")
    msg_length = body[length_offset]
    if len(body) != 126 + 21 * count + msg_length:
        raise SubmitError(RESULT_LENGTH, f"body is {len(body)} bytes, DestUsr_tl={count} and "
                                         f"Msg_Length={msg_length} need {126 + 21 * count + msg_length}")
    if not 1 <= count <= 99:
        raise SubmitError(RESULT_STRUCTURE, f"DestUsr_tl={count} is outside 1...99")
    msg_fmt = body[46]
    if msg_length > (159 if msg_fmt == 0 else 140):
        raise SubmitError(RESULT_TOO_LONG, f"Msg_Length={msg_length} is too long for Msg_Fmt={msg_fmt}")
    content = body[length_offset + 1:length_offset + 1 + msg_length]
    return {
        "msg_id": struct.unpack_from(">Q", body, 0)[0], "pk_total": body[8], "pk_number": body[9],
        "registered_delivery": body[10], "msg_level": body[11], "service_id": cstring(body[12:22]),
        "fee_user_type": body[22], "fee_terminal_id": cstring(body[23:44]), "tp_pid": body[44],
        "tp_udhi": body[45], "msg_fmt": msg_fmt, "msg_src": cstring(body[47:53]),
        "fee_type": cstring(body[53:55]), "fee_code": cstring(body[55:61]), "valid_time": cstring(body[61:78]),
        "at_time": cstring(body[78:95]), "src_id": cstring(body[95:116]),
        "src_id_field": body[95:116].split(b"\0", 1)[0], "service_id_field": body[12:22].split(b"\0", 1)[0],
        "dest_terminal_ids": [cstring(body[117 + 21 * i:138 + 21 * i]) for i in range(count)],
        "dest_terminal_fields": [body[117 + 21 * i:138 + 21 * i].split(b"\0", 1)[0] for i in range(count)],
        "content": content,
    }


def deliver_body(msg_id: int, dest_id: str | bytes, service_id: str | bytes, msg_fmt: int,
                 src_terminal_id: str | bytes,
                 registered_delivery: int, content: bytes) -> bytes:
    """§6.9 CMPP_DELIVER body: 73 + Msg_Length bytes (TP_pid 0, TP_udhi 0, Reserved 8 x 0x00)."""
    return (struct.pack(">Q", msg_id) + octets(dest_id, 21) + octets(service_id, 10) + bytes([0, 0, msg_fmt])
            + octets(src_terminal_id, 21) + bytes([registered_delivery, len(content)]) + content + b"\0" * 8)


def status_report(msg_id: int, stat: str, submit_time: str, done_time: str, dest_terminal_id: str | bytes,
                  smsc_sequence: int) -> bytes:
    """§6.9 status report Msg_Content, exactly 60 bytes in 2.0."""
    return (struct.pack(">Q", msg_id) + octets(stat, 7) + octets(submit_time, 10) + octets(done_time, 10)
            + octets(dest_terminal_id, 21) + struct.pack(">I", smsc_sequence & 0xFFFFFFFF))


# ---------------------------------------------------------------------------------------------------------------

def log(message: str) -> None:
    now = datetime.datetime.now()
    print(f"{now:%H:%M:%S}.{now.microsecond // 1000:03d} {message}", file=sys.stderr, flush=True)


class Summary:
    """What the server saw, printed as one JSON line at exit."""

    def __init__(self):
        self.counts = dict.fromkeys([
            "connections", "logins", "logins_refused", "submits", "submits_rejected", "reports_sent",
            "reports_acked", "mo_sent", "mo_acked", "deliver_resp_errors", "active_tests_received",
            "active_tests_sent", "active_test_resps_received", "terminates_received", "protocol_errors",
            "reports_held"], 0)
        self.messages: list[str] = []
        self.message_details: list[dict] = []
        self.warnings: list[str] = []
        self.pending_parts: dict[tuple, dict[int, bytes]] = {}

    def warn(self, text: str) -> None:
        log("WARNING " + text)
        if len(self.warnings) < 100:
            self.warnings.append(text)

    def record_submit(self, sp_id: str, submit: dict) -> None:
        """Keeps the SUBMIT's text; UDH segments (TP_udhi & 0x41, see §11 #8) are joined per reference."""
        content, concat = submit["content"], None
        if submit["tp_udhi"] & 0x41:
            try:
                concat, content = concatenation_header(content)
            except ValueError as error:
                self.warn(f"SUBMIT from {sp_id}: bad UDH: {error}")
        if concat is None:
            self._complete(submit, content, 1)
            return
        reference, total, index = concat
        if not 1 <= index <= total:
            self.warn(f"SUBMIT from {sp_id}: UDH part {index} of {total}")
            return
        if (submit["pk_total"], submit["pk_number"]) not in ((total, index), (1, 1)):
            self.warn(f"SUBMIT from {sp_id}: Pk_total/Pk_number {submit['pk_total']}/{submit['pk_number']} "
                      f"disagree with UDH {index}/{total}")
        key = (sp_id, submit["src_id"], tuple(submit["dest_terminal_ids"]), reference, total)
        parts = self.pending_parts.setdefault(key, {})
        if index in parts:
            self.warn(f"SUBMIT from {sp_id}: duplicate part {index}/{total} of reference {reference}")
        parts[index] = content
        if len(parts) == total:
            del self.pending_parts[key]
            self._complete(submit, b"".join(parts[i] for i in range(1, total + 1)), total)

    def _complete(self, submit: dict, content: bytes, parts: int) -> None:
        text, clean = decode_text(submit["msg_fmt"], content)
        if not clean:
            self.warn(f"Msg_Content does not decode as Msg_Fmt {submit['msg_fmt']}")
        self.messages.append(text)
        self.message_details.append({
            "text": text, "msg_fmt": submit["msg_fmt"], "parts": parts, "src_id": submit["src_id"],
            "service_id": submit["service_id"], "msg_src": submit["msg_src"],
            "dest_terminal_ids": submit["dest_terminal_ids"], "registered_delivery": submit["registered_delivery"]})

    def json_line(self) -> str:
        return json.dumps({**self.counts, "messages": self.messages, "message_details": self.message_details,
                           "incomplete_messages": len(self.pending_parts), "warnings": self.warnings},
                          ensure_ascii=False)


class Connection:
    """One SP's long connection (§2): login, then requests in both directions."""

    def __init__(self, server: "Ismg", reader: asyncio.StreamReader, writer: asyncio.StreamWriter, number: int):
        self.server, self.reader, self.writer = server, reader, writer
        self.name = f"conn#{number}"
        self.sp_id: str | None = None
        self.sequence = 0
        self.closed = False
        self.last_received = time.monotonic()
        self.unanswered_tests = 0
        # our DELIVER Sequence_Id -> (kind, its Msg_Id, the report item for a status report)
        self.awaiting: dict[int, tuple[str, int, dict | None]] = {}
        self.terminate_answered = asyncio.Event()
        self.tasks: set[asyncio.Task] = set()

    def next_sequence(self) -> int:
        self.sequence = self.sequence % 0xFFFFFFFF + 1  # §4: +1 each time, wrapping
        return self.sequence

    def spawn(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.task_done)

    def task_done(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            self.server.summary.counts["protocol_errors"] += 1
            self.server.summary.warn(f"[{self.name}] internal error {type(error).__name__}: {error}")

    async def send(self, command_id: int, sequence: int, body: bytes, detail: str = "") -> None:
        if self.closed:
            return
        log(f"[{self.name}] -> {command_name(command_id)} seq={sequence} len={HEADER_LENGTH + len(body)} {detail}")
        self.writer.write(HEADER.pack(HEADER_LENGTH + len(body), command_id, sequence) + body)
        try:
            await self.writer.drain()
        except ConnectionError as error:
            log(f"[{self.name}] write failed: {error}")
            self.close()

    def close(self) -> None:
        """Closes the link; status reports it sent without a DELIVER_RESP go back to the server to be resent."""
        if not self.closed:
            self.closed = True
            self.writer.close()
            for task in list(self.tasks):
                if task is not asyncio.current_task():
                    task.cancel()
            unanswered = [item for _, _, item in self.awaiting.values() if item is not None]
            self.awaiting.clear()
            for item in unanswered:
                log(f"[{self.name}] report for {item['for']:016x} unanswered at close: to be resent")
                self.server.route_report(item, preferred=None)

    async def run(self) -> None:
        summary = self.server.summary
        summary.counts["connections"] += 1
        peer = self.writer.get_extra_info("peername")
        log(f"[{self.name}] accepted from {peer}")
        try:
            while not self.closed:
                timeout = None if self.sp_id else self.server.args.login_timeout
                header = await asyncio.wait_for(self.reader.readexactly(HEADER_LENGTH), timeout)
                total_length, command_id, sequence = HEADER.unpack(header)
                if not HEADER_LENGTH <= total_length <= MAX_FRAME_LENGTH:
                    summary.counts["protocol_errors"] += 1
                    summary.warn(f"[{self.name}] Total_Length {total_length} out of range; closing")
                    break
                body = await asyncio.wait_for(self.reader.readexactly(total_length - HEADER_LENGTH), 30)
                self.last_received = time.monotonic()
                await self.handle(command_id, sequence, body)
        except asyncio.IncompleteReadError as error:
            log(f"[{self.name}] peer closed" + (" mid-frame" if error.partial else ""))
        except asyncio.TimeoutError:
            summary.warn(f"[{self.name}] timed out waiting for {'a frame body' if self.sp_id else 'CMPP_CONNECT'}")
        except ConnectionError as error:
            log(f"[{self.name}] connection error: {error}")
        except Exception as error:  # a bug here must not take the server down: record it and drop the link
            summary.counts["protocol_errors"] += 1
            summary.warn(f"[{self.name}] internal error {type(error).__name__}: {error}; closing")
        finally:
            self.close()
            self.server.connections.discard(self)
            log(f"[{self.name}] closed")

    async def handle(self, command_id: int, sequence: int, body: bytes) -> None:
        summary, name = self.server.summary, command_name(command_id)
        if command_id == CONNECT:
            await self.handle_connect(sequence, body)
            return
        if self.sp_id is None:
            summary.counts["protocol_errors"] += 1
            summary.warn(f"[{self.name}] {name} seq={sequence} before CMPP_CONNECT; closing")
            self.close()
            return
        if command_id == ACTIVE_TEST:
            summary.counts["active_tests_received"] += 1
            log(f"[{self.name}] <- ACTIVE_TEST seq={sequence}")
            await self.send(ACTIVE_TEST | RESP, sequence, b"\0", "Reserved=0")
        elif command_id == ACTIVE_TEST | RESP:
            summary.counts["active_test_resps_received"] += 1
            self.unanswered_tests = 0
            log(f"[{self.name}] <- ACTIVE_TEST_RESP seq={sequence} body={body.hex()}")
        elif command_id == TERMINATE:
            summary.counts["terminates_received"] += 1
            log(f"[{self.name}] <- TERMINATE seq={sequence}")
            await self.send(TERMINATE | RESP, sequence, b"")
            self.close()
        elif command_id == TERMINATE | RESP:
            log(f"[{self.name}] <- TERMINATE_RESP seq={sequence}")
            self.terminate_answered.set()
        elif command_id == SUBMIT:
            await self.handle_submit(sequence, body)
        elif command_id == DELIVER | RESP:
            self.handle_deliver_resp(sequence, body)
        elif command_id == QUERY and len(body) == 27:
            log(f"[{self.name}] <- QUERY seq={sequence} time={cstring(body[0:8])} type={body[8]}")
            counts = summary.counts
            totals = [counts["submits"], counts["submits"], counts["submits"], 0, 0, counts["mo_acked"],
                      counts["mo_sent"] - counts["mo_acked"], 0]
            await self.send(QUERY | RESP, sequence, body[:19] + struct.pack(">8I", *totals))
        elif command_id == CANCEL and len(body) == 8:
            log(f"[{self.name}] <- CANCEL seq={sequence} Msg_Id={body.hex()}")
            await self.send(CANCEL | RESP, sequence, b"\x01", "Success_Id=1 (already delivered)")
        else:
            summary.counts["protocol_errors"] += 1
            summary.warn(f"[{self.name}] unexpected {name} seq={sequence} with a {len(body)}-byte body")

    async def handle_connect(self, sequence: int, body: bytes) -> None:
        summary, accounts = self.server.summary, self.server.accounts
        if len(body) != 27:
            summary.counts["logins_refused"] += 1
            summary.warn(f"[{self.name}] CONNECT body is {len(body)} bytes, not 27")
            await self.send(CONNECT | RESP, sequence, bytes([STATUS_STRUCTURE]) + b"\0" * 16 + bytes([VERSION_20]))
            self.close()
            return
        source_field, auth_source, version = body[0:6], body[6:22], body[22]
        timestamp = struct.unpack_from(">I", body, 23)[0]
        source_addr = cstring(source_field)
        log(f"[{self.name}] <- CONNECT seq={sequence} Source_Addr={source_addr} Version=0x{version:02x} "
            f"Timestamp={timestamp:010d}")
        secret = accounts.get(source_addr)
        if version >> 4 > 2:
            status = STATUS_VERSION_TOO_HIGH
        elif version >> 4 != 2:
            status = STATUS_OTHER
        elif secret is None:
            status = STATUS_BAD_SOURCE
        else:
            # §11 #2: a Source_Addr shorter than 6 may be hashed NUL-padded ([GO]) or unpadded ([SG]).
            candidates = {source_field, source_addr.encode("ascii", "replace")}
            valid = any(authenticator_source(s, secret, timestamp) == auth_source for s in candidates)
            status = STATUS_OK if valid else STATUS_AUTH
        if version != VERSION_20 and status == STATUS_OK:
            summary.warn(f"[{self.name}] accepted Version 0x{version:02x} as 2.x")
        auth_ismg = authenticator_ismg(status, auth_source, secret) if status == STATUS_OK else b"\0" * 16
        await self.send(CONNECT | RESP, sequence, bytes([status]) + auth_ismg + bytes([VERSION_20]),
                        f"Status={status}")
        if status != STATUS_OK:
            summary.counts["logins_refused"] += 1
            self.close()
            return
        summary.counts["logins"] += 1
        if self.sp_id is None and self.server.args.heartbeat > 0:
            self.spawn(self.heartbeat())
        self.sp_id = source_addr
        for item in self.server.held_reports.pop(source_addr, []):
            log(f"[{self.name}] sending a held report for {item['for']:016x}")
            self.queue_report(item)
        if self.server.mo_pending:
            self.spawn(self.send_mo())

    async def handle_submit(self, sequence: int, body: bytes) -> None:
        summary, server = self.server.summary, self.server
        try:
            submit = parse_submit(body)
        except SubmitError as error:
            summary.counts["submits_rejected"] += 1
            summary.warn(f"[{self.name}] SUBMIT seq={sequence} rejected with Result {error.result}: {error}")
            await self.send(SUBMIT | RESP, sequence, struct.pack(">QB", 0, error.result), f"Result={error.result}")
            return
        summary.counts["submits"] += 1
        log(f"[{self.name}] <- SUBMIT seq={sequence} Pk={submit['pk_number']}/{submit['pk_total']} "
            f"RD={submit['registered_delivery']} Service_Id={submit['service_id']} Msg_Fmt={submit['msg_fmt']} "
            f"TP_udhi={submit['tp_udhi']} Msg_src={submit['msg_src']} Src_Id={submit['src_id']} "
            f"dest={submit['dest_terminal_ids']} Msg_Length={len(submit['content'])} "
            f"content={submit['content'].hex()}")
        if submit["msg_src"] != self.sp_id:
            summary.warn(f"[{self.name}] SUBMIT seq={sequence} Msg_src {submit['msg_src']!r} is not the "
                         f"logged-in SP_Id {self.sp_id!r}")
        summary.record_submit(self.sp_id, submit)
        result = server.args.submit_result
        msg_ids = [server.next_msg_id() for _ in submit["dest_terminal_ids"]] if result == RESULT_OK else [0]
        msg_id_text = ",".join(f"{m:016x}" for m in msg_ids)
        await self.send(SUBMIT | RESP, sequence, struct.pack(">QB", msg_ids[0], result),
                        f"Msg_Id={msg_id_text} Result={result}")
        if result == RESULT_OK and submit["registered_delivery"] == 1:
            submit_time = datetime.datetime.now().strftime("%y%m%d%H%M")
            for msg_id, dest in zip(msg_ids, submit["dest_terminal_fields"]):
                server.spawn(server.report_later(self, {
                    "sp_id": self.sp_id, "for": msg_id, "dest": dest, "submit_time": submit_time,
                    "src_id": submit["src_id_field"], "service_id": submit["service_id_field"]}))

    def queue_report(self, item: dict) -> None:
        """Sends a status-report DELIVER (§6.9) for `item` on this link; it counts as acked on a matching
        DELIVER_RESP, and goes back to the server if the link closes first."""
        # A resend keeps the DELIVER's Msg_Id, so the SP can tell a duplicate.
        deliver_id, sequence = item.setdefault("deliver_id", self.server.next_msg_id()), self.next_sequence()
        item["sends"] = item.get("sends", 0) + 1
        self.awaiting[sequence] = ("report", deliver_id, item)
        self.server.summary.counts["reports_sent"] += 1
        # Dest_Id and Service_Id echo the SUBMIT's Src_Id and Service_Id bytes as received.
        body = deliver_body(deliver_id, item["src_id"], item["service_id"], 0, item["dest"], 1, item["report"])
        self.spawn(self.send(DELIVER, sequence, body,
                             f"report Msg_Id={deliver_id:016x} for={item['for']:016x} Stat={self.server.args.stat} "
                             f"dest={cstring(item['dest'])}"))

    async def send_mo(self) -> None:
        server = self.server
        await asyncio.sleep(server.args.mo_after)
        if self.closed or not server.mo_pending:
            return
        server.mo_pending = False
        args, content = server.args, server.args.mo.encode("utf-16-be")
        deliver_id, sequence = server.next_msg_id(), self.next_sequence()
        self.awaiting[sequence] = ("mo", deliver_id, None)
        server.summary.counts["mo_sent"] += 1
        await self.send(DELIVER, sequence, deliver_body(deliver_id, args.service_code, args.mo_service_id, 8,
                                                        args.mo_from, 0, content),
                        f"MO Msg_Id={deliver_id:016x} Dest_Id={args.service_code} from={args.mo_from} "
                        f"Msg_Fmt=8 Msg_Length={len(content)}")

    def handle_deliver_resp(self, sequence: int, body: bytes) -> None:
        summary = self.server.summary
        expected = self.awaiting.pop(sequence, None)
        if len(body) != 9 or expected is None:
            summary.counts["deliver_resp_errors"] += 1
            summary.warn(f"[{self.name}] DELIVER_RESP seq={sequence} len={len(body)} "
                         f"{'matches no DELIVER' if expected is None else 'is not 9 bytes'}")
            return
        kind, deliver_id, item = expected
        msg_id, result = struct.unpack(">QB", body)
        log(f"[{self.name}] <- DELIVER_RESP seq={sequence} Msg_Id={msg_id:016x} Result={result} ({kind})")
        if msg_id != deliver_id or result != 0:
            summary.counts["deliver_resp_errors"] += 1
            summary.warn(f"[{self.name}] DELIVER_RESP seq={sequence} for {kind} {deliver_id:016x} carries "
                         f"Msg_Id {msg_id:016x} Result {result}")
            return
        summary.counts["reports_acked" if kind == "report" else "mo_acked"] += 1

    async def heartbeat(self) -> None:
        """§2 link test: ACTIVE_TEST after C idle seconds, resent every T, close after N=3 unanswered (C=T)."""
        interval = self.server.args.heartbeat
        last_test = 0.0
        while not self.closed:
            await asyncio.sleep(min(interval, 0.2))
            now = time.monotonic()
            if self.unanswered_tests == 0 and now - self.last_received < interval:
                continue
            if self.unanswered_tests and now - last_test < interval:
                continue
            if self.unanswered_tests >= 3:
                self.server.summary.warn(f"[{self.name}] 3 ACTIVE_TESTs unanswered; closing")
                self.close()
                return
            self.unanswered_tests += 1
            last_test = now
            self.server.summary.counts["active_tests_sent"] += 1
            await self.send(ACTIVE_TEST, self.next_sequence(), b"", f"attempt {self.unanswered_tests}")

    async def terminate(self) -> None:
        """Ends the session from our side (§6.3): TERMINATE, then up to 1 s for TERMINATE_RESP."""
        if self.closed or self.sp_id is None:
            self.close()
            return
        await self.send(TERMINATE, self.next_sequence(), b"")
        try:
            await asyncio.wait_for(self.terminate_answered.wait(), 1)
        except asyncio.TimeoutError:
            log(f"[{self.name}] no TERMINATE_RESP within 1 s")
        self.close()


class Ismg:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.accounts = dict(args.account)
        self.summary = Summary()
        self.connections: set[Connection] = set()
        self.msg_sequence = 0
        self.smsc_sequence = 0
        self.mo_pending = args.mo is not None
        self.connection_count = 0
        self.held_reports: dict[str, list[dict]] = {}  # SP_Id -> reports no link of that SP could take yet
        self.tasks: set[asyncio.Task] = set()

    def spawn(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.task_done)

    def task_done(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            self.summary.counts["protocol_errors"] += 1
            self.summary.warn(f"internal error {type(error).__name__}: {error}")

    async def report_later(self, origin: "Connection", item: dict) -> None:
        """After --report-delay, the status report of one SUBMIT destination goes to the SP."""
        await asyncio.sleep(self.args.report_delay)
        self.smsc_sequence += 1
        done_time = datetime.datetime.now().strftime("%y%m%d%H%M")
        item["report"] = status_report(item["for"], self.args.stat, item["submit_time"], done_time, item["dest"],
                                       self.smsc_sequence)
        self.route_report(item, preferred=origin)

    def route_report(self, item: dict, preferred: "Connection | None") -> None:
        """Sends a report on the link its SUBMIT came on, else on any logged-in link of the same SP, else holds
        it until that SP logs in again (an ISMG keeps reports for the SP, §2 "48 h")."""
        if item.get("sends", 0) >= 3:  # §2: N = 3 sends in all, then stop
            self.summary.warn(f"report for {item['for']:016x} sent 3 times without DELIVER_RESP: dropped")
            return
        links = [c for c in self.connections if not c.closed and c.sp_id == item["sp_id"]]
        if preferred in links:
            preferred.queue_report(item)
        elif links:
            links[0].queue_report(item)
        else:
            log(f"holding the report for {item['for']:016x} until {item['sp_id']} logs in")
            self.held_reports.setdefault(item["sp_id"], []).append(item)

    def next_msg_id(self) -> int:
        self.msg_sequence = (self.msg_sequence + 1) & 0xFFFF
        return make_msg_id(datetime.datetime.now(), self.args.gateway_code, self.msg_sequence)

    async def accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connection_count += 1
        connection = Connection(self, reader, writer, self.connection_count)
        self.connections.add(connection)
        await connection.run()

    async def serve(self) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        server = await asyncio.start_server(self.accept, self.args.host, self.args.port)
        port = server.sockets[0].getsockname()[1]
        print(f"LISTENING {port}", flush=True)
        log(f"listening on {self.args.host}:{port}, accounts {sorted(self.accounts)}")
        try:
            await asyncio.wait_for(stop.wait(), self.args.exit_after)
            log("signal received; shutting down")
        except asyncio.TimeoutError:
            log(f"--exit-after {self.args.exit_after} s reached; shutting down")
        server.close()
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*(c.terminate() for c in list(self.connections)), return_exceptions=True)
        self.summary.counts["reports_held"] = sum(len(items) for items in self.held_reports.values())
        print(self.summary.json_line(), flush=True)


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    def account(text: str) -> tuple[str, bytes]:
        sp_id, sep, secret = text.partition(":")
        if not sep or not sp_id or len(sp_id) > 6 or not sp_id.isascii():
            raise argparse.ArgumentTypeError("expected SPID:SECRET with an ASCII SP_Id of at most 6 characters")
        return sp_id, secret.encode("utf-8")

    def seconds(text: str) -> float:
        value = float(text)
        if value < 0:
            raise argparse.ArgumentTypeError("must not be negative")
        return value

    def field(size: int):
        def check(text: str) -> str:
            octets(text, size)  # raises ValueError, which argparse reports
            return text
        return check

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (printed as LISTENING <port>)")
    parser.add_argument("--account", type=account, action="append", default=[], metavar="SPID:SECRET",
                        help="an SP allowed to log in (repeatable, at least one)")
    parser.add_argument("--gateway-code", type=int, default=1001, help="§6.6 gateway code in Msg_Ids (22 bits)")
    parser.add_argument("--report-delay", type=seconds, default=0.5, metavar="SECONDS",
                        help="from SUBMIT to its status report (RD=1 only)")
    parser.add_argument("--stat", type=field(7), default="DELIVRD", help="Stat of every status report")
    parser.add_argument("--submit-result", type=int, choices=range(256), default=0, metavar="N",
                        help="Result of every well-formed SUBMIT (0: accepted, Msg_Ids and reports)")
    parser.add_argument("--mo", metavar="TEXT", help="text of one MO DELIVER (UCS2) sent after the first login")
    parser.add_argument("--mo-after", type=seconds, default=1.0, metavar="SECONDS", help="from login to the MO")
    parser.add_argument("--mo-from", type=field(21), default="13800138000", help="Src_terminal_Id of the MO")
    parser.add_argument("--service-code", type=field(21), default="1065", help="Dest_Id of the MO")
    parser.add_argument("--mo-service-id", type=field(10), default="", help="Service_Id of the MO")
    parser.add_argument("--heartbeat", type=seconds, default=0, metavar="N",
                        help="ACTIVE_TEST after N idle seconds, every N s, close after 3 unanswered (0: off)")
    parser.add_argument("--login-timeout", type=seconds, default=30, metavar="SECONDS",
                        help="close a link that sends no CONNECT in time")
    parser.add_argument("--exit-after", type=seconds, default=None, metavar="SECONDS",
                        help="stop by itself (else at SIGINT/SIGTERM)")
    args = parser.parse_args(argv)
    if not args.account:
        parser.error("at least one --account SPID:SECRET is required")
    if not 0 <= args.gateway_code <= 0x3FFFFF:
        parser.error("--gateway-code must fit in 22 bits")
    if args.mo is not None and len(args.mo.encode("utf-16-be")) > 140:
        parser.error("--mo text is longer than 140 bytes in UCS2 (70 characters)")
    return args


def main(argv: list[str]) -> int:
    args = parse_arguments(argv)
    try:
        asyncio.run(Ismg(args).serve())
    except OSError as error:
        print(f"reference_ismg: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
