#!/usr/bin/env python3
"""Cross-check `feige pdu decode --json` against an independent decoder, smspdudecoder (PyPI).

Not part of the unit tests (they must not depend on network installs). Run it in a throwaway venv:

    python3 -m venv /tmp/xcheck && /tmp/xcheck/bin/pip install smspdudecoder 'bitstring<4'
    swift build --product feige
    /tmp/xcheck/bin/python scripts/crosscheck-smspdudecoder.py .build/debug/feige ../shared/vectors/pdu.json

smspdudecoder reads SMS-DELIVER and SMS-SUBMIT only, and fails on an empty SMSC field (`00`), so those
vectors are skipped. Its known deviations (two-digit years always 20xx, shared/spec/sms-pdu.md §15.6; a spurious
`@` after 7-septet alphanumeric senders, §4.2) are reported as such, not as failures.
"""
import json
import subprocess
import sys
from datetime import datetime
from io import StringIO

from smspdudecoder.fields import SMSDeliver, SMSSubmit


def theirs(pdu, kind):
    decoded = (SMSDeliver if kind == "deliver" else SMSSubmit).decode(StringIO(pdu))
    address = decoded.get("sender") or decoded.get("recipient")
    international = address["toa"]["ton"] == "international"
    result = {
        "smsc": ("+" if decoded["smsc"]["toa"]["ton"] == "international" else "") + decoded["smsc"]["number"]
        if decoded["smsc"] else None,
        "number": ("+" if international else "") + address["number"],
        "pid": decoded["pid"],
        "encoding": {"gsm": "gsm7", "ucs2": "ucs2", "binary": "8bit"}.get(decoded["dcs"]["encoding"]),
        "rp": decoded["header"]["rp"],
    }
    if decoded["dcs"]["encoding"] != "binary":
        result["text"] = decoded["user_data"]["data"]
    if kind == "deliver":
        result["scts"] = decoded["scts"].isoformat()
        result["mms"] = decoded["header"]["mms"]
    else:
        result["mr"] = decoded["message-ref"]
        result["rd"] = decoded["header"]["rd"]
        result["srr"] = decoded["header"]["srr"]
    return result


def main():
    feige, vectors_path = sys.argv[1], sys.argv[2]
    vectors = json.load(open(vectors_path))
    compared = mismatches = skipped = 0
    for vector in vectors:
        pdu = vector["pdu"]
        line = subprocess.run([feige, "pdu", "decode", "--json", pdu], capture_output=True, text=True).stdout
        ours = json.loads(line)
        if ours.get("type") not in ("deliver", "submit"):
            skipped += 1
            continue
        try:
            expected = theirs(pdu, ours["type"])
        except Exception as error:  # the independent decoder rejects some inputs we accept leniently
            print(f"vector {vector['id']}: smspdudecoder failed ({error!r}); feige: {ours.get('text')!r}")
            skipped += 1
            continue
        compared += 1
        for key, value in expected.items():
            mine = ours.get(key)
            if key == "scts" and mine is not None:
                # smspdudecoder reports UTC; compare instants.
                if datetime.fromisoformat(mine) == datetime.fromisoformat(value):
                    continue
            if mine == value:
                continue
            note = ""
            if key == "scts" and value[:2] == "20" and mine[:2] == "19":
                note = " (known: smspdudecoder puts 2-digit years in 20xx, spec §15.6)"
            elif key == "number" and value == mine + "@":
                note = " (known: smspdudecoder counts alphanumeric septets as octets*8/7, spec §4.2)"
            else:
                mismatches += 1
            print(f"vector {vector['id']} {key}: feige {mine!r} vs smspdudecoder {value!r}{note}")
    print(f"compared {compared} vectors, {mismatches} mismatches, {skipped} skipped")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
