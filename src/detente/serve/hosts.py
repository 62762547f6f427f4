"""Which host names mean this machine: the loopback check shared by the server (refusing
to listen beyond loopback without a token) and the app (answering only requests
addressed to a loopback name). Its own module so that app and server need not import
each other.
"""

from __future__ import annotations

import ipaddress
import re
import socket

__all__ = ["host_name", "is_loopback"]

#: Names that mean this machine whatever the resolver says (RFC 6761 reserves localhost).
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost",
                          "ip6-loopback"})
#: IPv4 in the shorthand forms inet_aton reads: 127.1, 127.0.1, 0x7f.1, 2130706433.
_INET_ATON = re.compile(r"(?:0x[0-9a-f]+|[0-9]+)(?:\.(?:0x[0-9a-f]+|[0-9]+)){0,3}")


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8 in any form the C
    library reads, such as ``127.1``; ``::1``, bracketed or not)."""
    name = host.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name.endswith(".") and not name.endswith(".."):
        name = name[:-1]  # the fully qualified form, "localhost."
    if name in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        pass
    if _INET_ATON.fullmatch(name):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(name)).is_loopback
        except OSError:
            return False
    return False  # a host name other than localhost may resolve anywhere


def host_name(header: str) -> str:
    """The host of a ``Host`` header value, without the port: ``[::1]:8000`` -> ``[::1]``,
    ``127.0.0.1:8000`` -> ``127.0.0.1``, ``localhost`` -> ``localhost``."""
    value = header.strip()
    if value.startswith("["):
        end = value.find("]")
        return value[: end + 1] if end > 0 else value
    if value.count(":") == 1:
        name, _, port = value.partition(":")
        if port.isdigit() or not port:
            return name
    return value
