"""Writes the QR code reference vectors of tests/node/qr.test.mjs.

Each vector is one input encoded by the Python package qrcode
(https://pypi.org/project/qrcode/, 8.2) in byte mode at error correction
level M, once per mask pattern listed, and once with the mask it chooses.
(segno 1.6.6 was tried first: it writes a 0x00 codeword after the
terminator whenever the bit stream already ends on a byte, so its symbols
differ from the standard's in the padding.) Run it with qrcode installed:

    python3 tests/data/qr/make.py

The vectors are committed, so the tests need no Python.
"""
import json
import pathlib

import qrcode
from qrcode.util import MODE_8BIT_BYTE, QRData

HERE = pathlib.Path(__file__).parent
FPR = "8561A4624D29B3403459432D277FB3B2FED3A565"
FPR6 = "CB186C4F0609A697E4D52DFA6C722B0C1F1E27C18A56708F6525EC27BAD9ACC9"
KEY = (HERE.parent / "pgp" / "keys" / "alice_cv25519_pub.asc").read_bytes()

CASES = {
    "letter": (b"A", range(8)),
    "fingerprint": (FPR.encode(), range(8)),
    "fingerprint-grouped": (" ".join(FPR[i:i + 4] for i in range(0, 40, 4)).encode(), range(8)),
    "openpgp4fpr": (("OPENPGP4FPR:" + FPR).encode(), range(8)),
    "fingerprint-v6": (FPR6.encode(), range(8)),
    "utf8-text": ("Grüße aus Lusaka ✓ 日本".encode(), range(8)),
    "bytes-300": (bytes(range(256)) + bytes(range(44)), [0, 5]),
    "public-key": (KEY, [2, 7]),
    "largest": (b"x" * 2331, [3]),
}

for name, (data, masks) in CASES.items():
    out = {"input": data.hex(), "matrices": {}}
    for mask in list(masks) + [None]:
        qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=mask)
        qr.add_data(QRData(data, mode=MODE_8BIT_BYTE), optimize=0)
        qr.make(fit=True)
        rows = ["".join("1" if b else "0" for b in row) for row in qr.get_matrix()]
        chosen = mask if mask is not None else qr.best_mask_pattern()
        out["version"] = qr.version
        out["matrices"]["auto" if mask is None else str(mask)] = {"mask": chosen, "rows": rows}
    (HERE / f"{name}.json").write_text(json.dumps(out, indent=0) + "\n")
    print(name, "version", out["version"], "bytes", len(data))
