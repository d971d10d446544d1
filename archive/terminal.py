"""Text for a terminal: page text made safe to print, with control characters shown, never obeyed; sizes."""

from __future__ import annotations

import re

# The bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) reorder what follows them on
# screen ("Trojan Source"): never news text in kk, ru or en, so stored text drops them too (strip_controls).
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"  # a regular-expression class body
# C0 controls but newline and tab, DEL and the C1 controls: ESC (0x1b) starts colour, title (OSC) and
# cursor sequences, 0x9b is an 8-bit CSI, a lone CR overwrites the line already printed; the bidi
# controls. Lone surrogates (a file name's undecodable bytes) cannot be encoded at all.
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with each unsafe character written as a visible escape (`\\x1b`, `\\u202e`); newlines kept."""
    return _UNSAFE.sub(_escape, text)


def json_printable(json_text: str) -> str:
    """JSON text (json.dumps with ensure_ascii=False) with the same characters escaped as `\\u009b`:
    the same JSON, safe on a terminal. (json.dumps escapes C0 itself; the rest can only be inside strings.)"""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def size_text(size: int) -> str:
    """A byte count as a reader takes it in: "10 MiB", "1.5 MiB", "900 bytes"."""
    return f"{round(size / 1048576, 1):g} MiB" if size >= 1048576 else f"{size} bytes"
