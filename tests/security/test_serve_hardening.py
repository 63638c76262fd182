"""Preview server against hostile clients: DNS-rebinding Host headers, names too long for the file system,
and clients that disconnect or stop reading mid-response (quietly handled, while real errors still show)."""

from __future__ import annotations

import http.client
import socket
import struct
import threading
import time

import pytest

from newsdigest.dev import serve
from newsdigest.build import build
from newsdigest.dev.serve import EVENTS_PATH, LiveReload, host_allowed, make_server

BIG_FILE_BYTES = 16 * 1024 * 1024  # far more than the socket buffers hold, so the server is mid-write


@pytest.fixture
def server(project):
    project.settings["base_url"] = "http://127.0.0.1:8000/digest/"
    project.add("a", title="Tariff news", body="Body.")
    project.add("d", title="Secret draft scoop", body="Unpublished.", draft=True)
    config = project.config
    build(config, include_drafts=True)  # as `serve --drafts` does: the drafts a rebinding page would be after
    (config.output_dir / "big.bin").write_bytes(b"x" * BIG_FILE_BYTES)
    live = LiveReload()
    live.publish(1, False, "content/secret.md:3: invalid YAML")
    httpd = make_server(config, "127.0.0.1", 0, live)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    live.close()
    httpd.shutdown()
    httpd.server_close()


def request(httpd, path: str, host: str | None, method: str = "GET"):
    """One request with exactly the given Host header (None: no Host header at all)."""
    connection = http.client.HTTPConnection(*httpd.server_address[:2], timeout=5)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    # The event stream never ends: take what has arrived (the current state is sent at once).
    body = response.read() if response.getheader("Content-Length") else response.read1(4096)
    connection.close()
    return response, body


def wait_for_handlers_to_finish(timeout: float = 10.0) -> None:
    """Wait until no request-handler thread is left (each client has its own)."""
    deadline = time.monotonic() + timeout
    while any("process_request_thread" in t.name for t in threading.enumerate()):
        assert time.monotonic() < deadline, "a request handler thread is still running"
        time.sleep(0.02)


@pytest.mark.parametrize("host", [
    "localhost", "localhost:8000", "LocalHost:8000", "localhost.", "preview.localhost:8000", "127.0.0.1",
    "127.0.0.1:8000", "[::1]", "[::1]:8000", "192.168.1.20:8000", "0.0.0.0:8000", "[fe80::1%25eth0]:8000",
])
def test_loopback_names_and_ip_addresses_are_answered(host):
    assert host_allowed(host, "127.0.0.1")
    assert host_allowed(host, "0.0.0.0") and host_allowed(host, "::")


@pytest.mark.parametrize("host", [
    None, "", "evil.example", "evil.example:8000", "127.0.0.1.nip.io:8000", "localhost.evil.example",
    "evil.example@127.0.0.1", "127.0.0.1 evil.example", "::1", "[evil.example]", "localhost:8000:8000",
    "laptop.local:8000", ".",
])
def test_dns_names_that_could_be_rebound_are_refused(host):
    for bound in ("127.0.0.1", "0.0.0.0", "::", ""):
        assert not host_allowed(host, bound), bound


def test_the_name_the_server_was_bound_to_is_answered():
    assert host_allowed("laptop.local:8000", "laptop.local")
    assert host_allowed("Laptop.Local", "laptop.local")
    assert not host_allowed("other.local", "laptop.local")


@pytest.mark.parametrize("path", ["/digest/", "/digest/feed.xml", "/digest/missing/", "/digest/topics",
                                  f"/digest/{EVENTS_PATH}", "/digest/2026/01/29/secret-draft-scoop/"])
@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", None])
def test_a_rebinding_page_reads_nothing_from_any_endpoint(server, path, host):
    for method in ("GET", "HEAD"):
        response, body = request(server, path, host, method)
        assert response.status == 403, (path, method)
        assert response.getheader("Content-Type").startswith("text/plain")
        assert response.getheader("Location") is None
        assert b"Tariff" not in body and b"Secret" not in body and b"invalid YAML" not in body
        assert b"event:" not in body
    assert b"DNS rebinding" in request(server, path, host)[1]


def test_allowed_hosts_still_get_pages_and_the_event_stream(server):
    port = server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "[::1]"):
        response, body = request(server, "/digest/", host)
        assert response.status == 200 and b"Tariff news" in body
    response, body = request(server, f"/digest/{EVENTS_PATH}", f"localhost:{port}")
    assert response.status == 200 and b"event: state" in body and b"invalid YAML" in body


def test_a_server_bound_to_an_ipv6_address_serves_with_its_bracketed_host(project):
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    project.add("a", title="Tariff news")
    build(project.config)
    try:
        httpd = make_server(project.config, "::1", 0)
    except OSError:
        pytest.skip("cannot bind ::1 here")
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("::1", httpd.server_address[1], timeout=5)
        connection.request("GET", "/")  # http.client sends "Host: [::1]:port"
        response = connection.getresponse()
        assert response.status == 200 and b"Tariff news" in response.read()
        connection.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("path", ["/digest/" + "a" * 300, "/digest/" + "a" * 300 + "/index.html",
                                  "/digest/topics/" + "%C3%A9" * 200 + "/"])
def test_a_name_too_long_for_the_file_system_gets_the_404_page(server, path, capfd):
    for method in ("GET", "HEAD"):
        response, body = request(server, path, "localhost", method)
        assert response.status == 404
        if method == "GET":
            assert b"Page not found" in body
    wait_for_handlers_to_finish()
    assert "Traceback" not in capfd.readouterr().err


def test_a_client_that_disconnects_mid_response_leaves_no_traceback(server, capfd):
    for _ in range(3):
        client = socket.create_connection(server.server_address[:2], timeout=5)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        client.sendall(b"GET /digest/big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert client.recv(1024).startswith(b"HTTP/1.1 200")
        # Close with a reset while the server is still writing: the browser tab that was closed.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
    wait_for_handlers_to_finish()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "BrokenPipeError" not in err and "ConnectionResetError" not in err
    response, _ = request(server, "/digest/", "localhost")
    assert response.status == 200  # and the server carries on


def test_a_client_that_stops_reading_times_out_quietly(server, capfd, monkeypatch):
    monkeypatch.setattr(serve.PreviewHandler, "timeout", 0.5)
    client = socket.create_connection(server.server_address[:2], timeout=5)
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    client.sendall(b"GET /digest/big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
    wait_for_handlers_to_finish()  # it stalls; the server's write times out
    client.close()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "TimeoutError" not in err


def test_real_errors_in_a_handler_are_still_reported(server, capfd, monkeypatch):
    def broken(*args):
        raise RuntimeError("a bug in the preview server")

    monkeypatch.setattr(serve, "resolve_request_path", broken)
    with pytest.raises((http.client.HTTPException, ConnectionError)):
        request(server, "/digest/", "localhost")
    wait_for_handlers_to_finish()
    err = capfd.readouterr().err
    assert "Traceback" in err and "RuntimeError: a bug in the preview server" in err
