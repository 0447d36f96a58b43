"""The addresses of this computer a phone on the hall's network can reach.

From Qt's `QNetworkInterface` (the same on Linux, Windows and macOS): the IPv4 addresses of
the interfaces that are up and running, not the loopback and not link-local (169.254.*, what
a computer gives itself when no router answered), Wi-Fi first, then Ethernet, then the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

WIFI, ETHERNET, OTHER = "wifi", "ethernet", "other"
_ORDER = {WIFI: 0, ETHERNET: 1, OTHER: 2}


@dataclass(frozen=True, slots=True)
class Address:
    interface: str
    """The interface's name as the system shows it ("Wi-Fi", "wlan0")."""
    address: str
    kind: str
    """`WIFI`, `ETHERNET` or `OTHER`."""


def reachable(found: Iterable[Address]) -> list[Address]:
    """``found`` without link-local and loopback addresses, Wi-Fi first, each once."""
    kept = {a.address: a for a in found
            if not a.address.startswith(("169.254.", "127."))}
    return sorted(kept.values(), key=lambda a: (_ORDER.get(a.kind, 2), a.interface, a.address))


def hall_addresses() -> list[Address]:
    """The IPv4 addresses phones can reach this computer at (`reachable`)."""
    flags = QNetworkInterface.InterfaceFlag
    found = []
    for interface in QNetworkInterface.allInterfaces():
        up = interface.flags()
        if not (up & flags.IsUp and up & flags.IsRunning) or up & flags.IsLoopBack:
            continue
        kind = {QNetworkInterface.InterfaceType.Wifi: WIFI,
                QNetworkInterface.InterfaceType.Ethernet: ETHERNET}.get(interface.type(), OTHER)
        for entry in interface.addressEntries():
            ip = entry.ip()
            if ip.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol:
                found.append(Address(interface.humanReadableName() or interface.name(),
                                     ip.toString(), kind))
    return reachable(found)
