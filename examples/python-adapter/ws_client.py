"""A small WebSocket client (RFC 6455), enough for the CTI wire: the opening handshake, masked
client frames, text messages (fragmented or not), ping/pong and the closing handshake.

Not thread-safe for reading: one thread calls receive(); any thread may send or close.
"""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import ssl
import struct
import threading
from urllib.parse import urlsplit

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_CONTINUATION, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA
MAX_HANDSHAKE_BYTES = 16 * 1024
CLOSE_NORMAL, CLOSE_PROTOCOL_ERROR, CLOSE_UNSUPPORTED, CLOSE_TOO_BIG = 1000, 1002, 1003, 1009


class WebSocketError(Exception):
    """The connection could not be opened, or the peer broke the protocol."""


class Unreachable(WebSocketError):
    """Nobody accepts connections at the address (refused, unknown host, no route)."""


class ConnectTimeout(WebSocketError):
    """The server did not accept the connection (and the handshake) in time."""


def _mask(data: bytes, key: bytes) -> bytes:
    if not data:
        return b""
    n = len(data)
    repeated = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "big") ^ int.from_bytes(repeated, "big")).to_bytes(n, "big")


def _socket_reason(error: OSError) -> str:
    names = {
        "ConnectionRefusedError": "connection refused, ECONNREFUSED",
        "ConnectionResetError": "connection reset, ECONNRESET",
    }
    return names.get(type(error).__name__, str(error) or type(error).__name__)


class WebSocket:
    def __init__(self, sock: socket.socket, buffered: bytes, max_message: int) -> None:
        self._sock = sock
        self._buffer = bytearray(buffered)
        self._max_message = max_message
        self._send_lock = threading.Lock()
        self._close_sent = False
        self._closed = threading.Event()

    # ------------------------------------------------------------------ opening

    @classmethod
    def connect(cls, url: str, timeout_s: float, max_message: int = 64 * 1024) -> "WebSocket":
        parts = urlsplit(url)
        if parts.scheme not in ("ws", "wss") or not parts.hostname:
            raise WebSocketError(f"{url!r} is not a ws:// or wss:// URL")
        secure = parts.scheme == "wss"
        port = parts.port or (443 if secure else 80)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            sock = socket.create_connection((parts.hostname, port), timeout=timeout_s)
        except (socket.timeout, TimeoutError) as error:
            raise ConnectTimeout(str(error)) from error
        except OSError as error:
            raise Unreachable(_socket_reason(error)) from error
        try:
            if secure:
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=parts.hostname)
            key = base64.b64encode(os.urandom(16)).decode("ascii")
            host = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
            request = (
                f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            )
            sock.sendall(request.encode("ascii"))
            head, rest = cls._read_handshake(sock)
            cls._check_handshake(head, key)
        except (socket.timeout, TimeoutError) as error:
            sock.close()
            raise ConnectTimeout("the opening handshake did not finish in time") from error
        except OSError as error:
            sock.close()
            raise Unreachable(_socket_reason(error)) from error
        except WebSocketError:
            sock.close()
            raise
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(sock, rest, max_message)

    @staticmethod
    def _read_handshake(sock: socket.socket) -> tuple[str, bytes]:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                raise WebSocketError("the server closed the connection during the opening handshake")
            data += chunk
            if len(data) > MAX_HANDSHAKE_BYTES:
                raise WebSocketError("the server's handshake answer is too long")
        head, _, rest = data.partition(b"\r\n\r\n")
        return head.decode("latin-1"), rest

    @staticmethod
    def _check_handshake(head: str, key: str) -> None:
        lines = head.split("\r\n")
        status = lines[0].split(" ", 2)
        if len(status) < 2 or status[1] != "101":
            raise WebSocketError(f"the server refused the WebSocket upgrade: {lines[0]!r}")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        expected = base64.b64encode(hashlib.sha1((key + GUID).encode("ascii")).digest()).decode("ascii")
        if headers.get("upgrade", "").lower() != "websocket" or "upgrade" not in headers.get("connection", "").lower():
            raise WebSocketError("the server's answer is not a WebSocket upgrade")
        if headers.get("sec-websocket-accept") != expected:
            raise WebSocketError("the server's Sec-WebSocket-Accept does not match the key sent")

    # ------------------------------------------------------------------ sending

    def send_text(self, text: str) -> None:
        self._send_frame(OP_TEXT, text.encode("utf-8"))

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        header = bytearray([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header.append(0x80 | n)
        elif n < 65536:
            header.append(0x80 | 126)
            header += struct.pack("!H", n)
        else:
            header.append(0x80 | 127)
            header += struct.pack("!Q", n)
        key = os.urandom(4)
        with self._send_lock:
            if self._close_sent and opcode != OP_CLOSE:
                raise WebSocketError("the connection is closing")
            self._sock.sendall(bytes(header) + key + _mask(payload, key))

    def _send_close(self, code: int, reason: str = "") -> None:
        with self._send_lock:
            if self._close_sent:
                return
            self._close_sent = True
        payload = struct.pack("!H", code) + reason.encode("utf-8")[:120]
        key = os.urandom(4)
        try:
            with self._send_lock:
                self._sock.sendall(bytes([0x80 | OP_CLOSE, 0x80 | len(payload)]) + key + _mask(payload, key))
        except OSError:
            pass

    # ------------------------------------------------------------------ receiving

    def receive(self, timeout_s: float | None = None) -> str | None:
        """The next text message, or None once the connection is closed (by either side).

        Raises TimeoutError when nothing at all arrives for timeout_s; pings are answered and the
        closing handshake completed here. Binary messages are skipped: the CTI wire is text.
        """
        message = bytearray()
        opcode_of_message = None
        while True:
            self._sock.settimeout(timeout_s)
            try:
                fin, opcode, payload = self._read_frame()
            except (socket.timeout, TimeoutError):
                raise TimeoutError(f"nothing received for {timeout_s} s") from None
            except (OSError, WebSocketError):
                self._finish()
                return None
            if opcode >= 0x8:
                if opcode == OP_PING:
                    try:
                        self._send_frame(OP_PONG, payload)
                    except (OSError, WebSocketError):
                        pass
                elif opcode == OP_CLOSE:
                    code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else CLOSE_NORMAL
                    self._send_close(code)
                    self._finish()
                    return None
                continue
            if opcode in (OP_TEXT, OP_BINARY):
                if opcode_of_message is not None:
                    return self._fail(CLOSE_PROTOCOL_ERROR, "a new message started inside a fragmented one")
                opcode_of_message = opcode
            elif opcode != OP_CONTINUATION or opcode_of_message is None:
                return self._fail(CLOSE_PROTOCOL_ERROR, f"unexpected opcode {opcode}")
            message += payload
            if len(message) > self._max_message:
                return self._fail(CLOSE_TOO_BIG, "message too big")
            if fin:
                if opcode_of_message == OP_TEXT:
                    try:
                        return message.decode("utf-8")
                    except UnicodeDecodeError:
                        return self._fail(1007, "text message is not UTF-8")
                message = bytearray()
                opcode_of_message = None

    def _read_frame(self) -> tuple[bool, int, bytes]:
        first, second = self._read_exact(2)
        fin, opcode = bool(first & 0x80), first & 0x0F
        if second & 0x80:
            raise WebSocketError("the server masked a frame")
        length = second & 0x7F
        if length == 126:
            length = struct.unpack("!H", self._read_exact(2))[0]
        elif length == 127:
            length = struct.unpack("!Q", self._read_exact(8))[0]
        if opcode >= 0x8 and (length > 125 or not fin):
            raise WebSocketError("bad control frame")
        if length > self._max_message:
            self._send_close(CLOSE_TOO_BIG, "frame too big")
            raise WebSocketError("frame too big")
        return fin, opcode, self._read_exact(length)

    def _read_exact(self, n: int) -> bytes:
        while len(self._buffer) < n:
            chunk = self._sock.recv(max(4096, n - len(self._buffer)))
            if not chunk:
                raise WebSocketError("the connection was closed")
            self._buffer += chunk
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data

    def _fail(self, code: int, reason: str) -> None:
        self._send_close(code, reason)
        self._finish()
        return None

    def _finish(self) -> None:
        try:
            self._sock.close()
        finally:
            self._closed.set()

    # ------------------------------------------------------------------ closing

    def close(self, code: int = CLOSE_NORMAL, reason: str = "", wait_s: float = 1.0) -> None:
        """Starts the closing handshake; waits (up to wait_s) for the reader to see the server's close."""
        self._send_close(code, reason)
        if not self._closed.wait(wait_s):
            self.abort()

    def abort(self) -> None:
        """Drops the TCP connection at once."""
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._finish()
