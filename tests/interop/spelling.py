"""How the readers of the interoperability suite spell what the native tool gave them, the way
Runlens shows it (docs/tuners.md, docs/trackio.md): params and attrs as Python's str() prints
them with whole floats without `.0`, lists and dicts as compact JSON with JavaScript's number
spelling, non-finite numbers as the strings the comparison reads, times as epoch milliseconds.
"""

import json
import math
from datetime import timezone
from decimal import Decimal


def js_number(x):
    """A number as JavaScript's String() spells it (ECMAScript Number::toString), which is how
    JSON.stringify writes numbers inside lists and dicts."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if math.isnan(x) or math.isinf(x):
        return "null"
    if x == 0:
        return "0"
    # repr gives the shortest digits that read back the same, as JavaScript's do.
    sign, digit_tuple, exponent = Decimal(repr(x)).as_tuple()
    digits = "".join(map(str, digit_tuple))
    while len(digits) > 1 and digits.endswith("0"):
        digits, exponent = digits[:-1], exponent + 1
    k, n = len(digits), len(digits) + exponent
    minus = "-" if sign else ""
    if k <= n <= 21:
        return f"{minus}{digits}{'0' * (n - k)}"
    if 0 < n <= 21:
        return f"{minus}{digits[:n]}.{digits[n:]}"
    if -6 < n <= 0:
        return f"{minus}0.{'0' * -n}{digits}"
    e = n - 1
    body = digits[0] + ("." + digits[1:] if k > 1 else "")
    return f"{minus}{body}e{'+' if e > 0 else '-'}{abs(e)}"


def js_json(v):
    if v is None:
        return "null"
    if isinstance(v, (bool, int, float)):
        return js_number(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(js_json(x) for x in v) + "]"
    return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{js_json(x)}" for k, x in v.items()) + "}"


def py_number(x):
    """Python's repr, except that whole floats below 1e16 lose the `.0` (docs/tuners.md)."""
    if isinstance(x, bool):
        return "True" if x else "False"
    if isinstance(x, int):
        return str(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == int(x) and abs(x) < 1e16:
        return "-0" if math.copysign(1, x) < 0 and x == 0 else str(int(x))
    return repr(x)


def py_text(v):
    if v is None:
        return "None"
    if isinstance(v, (bool, int, float)):
        return py_number(v)
    if isinstance(v, str):
        return v
    return js_json(v)


def json_number(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def epoch_ms(dt):
    if dt is None:
        return None
    # Optuna gives naive local times; as aware UTC, then whole milliseconds cut, not rounded.
    aware = dt.astimezone(timezone.utc) if dt.tzinfo is None else dt
    delta = aware - aware.replace(year=1970, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    return (delta.days * 86_400_000_000 + delta.seconds * 1_000_000 + delta.microseconds) // 1000
