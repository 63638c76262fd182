"""Preview server: path handling (no escape from output/), content types, 404, caching, live reload stream."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time

import pytest

from newsdigest.build import build
from newsdigest.cli import main
from newsdigest.config import load_config
from newsdigest.dev.serve import EVENTS_PATH, LiveReload, make_server, resolve_request_path
from tests.conftest import REPO


@pytest.fixture
def server(project, tmp_path):
    project.settings["base_url"] = "http://127.0.0.1:8000/digest/"
    project.add("a", title="Tariff news", body="Body.")
    config = project.config
    build(config)
    (tmp_path / "secret.txt").write_text("top secret")
    (config.output_dir / "escape").symlink_to(tmp_path)  # a symlink pointing out of output/
    live = LiveReload()
    httpd = make_server(config, "127.0.0.1", 0, live)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd, live, config
    live.close()
    httpd.shutdown()
    httpd.server_close()


def request(httpd, path: str, method: str = "GET"):
    connection = http.client.HTTPConnection("127.0.0.1", httpd.server_address[1], timeout=5)
    connection.putrequest(method, path, skip_accept_encoding=True)  # send the path exactly as given
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.mark.parametrize("path", [
    "/digest/../secret.txt", "/digest/%2e%2e/secret.txt", "/digest/%2E%2E%2Fsecret.txt", "/digest/..%2fsecret.txt",
    "/digest/static/%2e%2e/%2e%2e/%2e%2e/secret.txt", "/digest/escape/secret.txt", "/digest/%5c..%5csecret.txt",
    "/digest/..\\secret.txt", "/digest/%00", "/digest/%ff%fe", "/secret.txt", "//etc/passwd", "/digest//etc/passwd",
])
def test_traversal_attempts_get_the_404_page(server, path):
    httpd, _, _ = server
    response, body = request(httpd, path)
    assert response.status == 404
    assert b"top secret" not in body and b"root:" not in body
    assert b"Page not found" in body  # the theme's own 404 page


def test_a_folder_whose_index_html_links_out_of_output_gets_the_404_page(server, tmp_path):
    httpd, _, config = server
    folder = config.output_dir / "linked"
    folder.mkdir()
    (folder / "index.html").symlink_to(tmp_path / "secret.txt")
    (config.output_dir / "loop").mkdir()
    (config.output_dir / "loop" / "index.html").symlink_to("index.html")  # a link to itself
    for path in ("/digest/linked/", "/digest/linked/index.html", "/digest/loop/"):
        response, body = request(httpd, path)
        assert response.status == 404 and b"top secret" not in body, path


def test_a_404_page_that_links_out_of_output_is_not_served(server, tmp_path):
    httpd, _, config = server
    (config.output_dir / "404.html").unlink()
    (config.output_dir / "404.html").symlink_to(tmp_path / "secret.txt")
    response, body = request(httpd, "/digest/no-such-page/")
    assert response.status == 404 and b"top secret" not in body and b"Not found" in body


def test_a_base_path_beyond_ascii_is_served_as_browsers_ask_for_it(project):
    project.settings["base_url"] = "http://127.0.0.1:8000/nachrichten-für-dich/"
    project.add("a", title="Tariff news", body="Body.")
    config = project.config
    build(config)
    live = LiveReload()
    httpd = make_server(config, "127.0.0.1", 0, live)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        base = "/nachrichten-f%C3%BCr-dich/"   # how a browser asks for a link to /nachrichten-für-dich/
        for path in (base, base + "feed.xml", base + "static/style.css"):
            response, _ = request(httpd, path)
            assert response.status == 200, path
        response, body = request(httpd, base)
        assert json.dumps(base + EVENTS_PATH).encode() in body   # the stream it listens to...
        with socket.create_connection(("127.0.0.1", httpd.server_address[1]), timeout=5) as sock:
            sock.sendall(f"GET {base}{EVENTS_PATH} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
            received = b""
            while b"event: state" not in received and b"Not found" not in received:
                received += sock.recv(4096)
        assert b"event: state" in received                                    # ...is answered
        response, _ = request(httpd, base + "%2e%2e/%2e%2e/")
        assert response.status == 404
    finally:
        live.close()
        httpd.shutdown()
        httpd.server_close()


def test_resolve_request_path_unit(tmp_path):
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    assert resolve_request_path(out.resolve(), "/", "/a/") == out.resolve() / "a"
    assert resolve_request_path(out.resolve(), "/", "/a/%2e%2e/%2e%2e/") is None
    assert resolve_request_path(out.resolve(), "/sub/", "/a/") is None


def test_pages_feeds_and_assets_have_correct_types_and_no_caching(server):
    httpd, _, _ = server
    for path, expected in [("/digest/", "text/html"), ("/digest/feed.xml", "application/xml"),
                           ("/digest/static/style.css", "text/css"), ("/digest/robots.txt", "text/plain"),
                           ("/digest/sitemap.xml", "application/xml")]:
        response, body = request(httpd, path)
        assert response.status == 200, path
        assert response.getheader("Content-Type").startswith(expected), path
        assert response.getheader("Cache-Control") == "no-store"
        assert int(response.getheader("Content-Length")) == len(body)


def test_a_themes_other_files_have_the_types_static_hosts_give_them(server):
    """A module script, WebAssembly, a web manifest, a PDF were all sent as application/octet-stream with nosniff:
    the browser refused the script and the WebAssembly in the preview that a static host would serve."""
    httpd, _, config = server
    expected = {"mod.mjs": "text/javascript", "lib.wasm": "application/wasm",
                "site.webmanifest": "application/manifest+json", "photo.avif": "image/avif", "font.woff": "font/woff",
                "guide.pdf": "application/pdf", "clip.mp4": "video/mp4", "data.csv": "text/csv; charset=utf-8",
                "notes.unknownext": "application/octet-stream", "archive.tar.gz": "application/octet-stream"}
    for name in expected:
        (config.output_dir / "static" / name).write_bytes(b"x")
    for name, content_type in expected.items():
        response, _ = request(httpd, f"/digest/static/{name}")
        assert response.status == 200 and response.getheader("Content-Type").startswith(content_type), name


def test_folder_without_slash_redirects_and_head_has_no_body(server):
    httpd, _, _ = server
    response, _ = request(httpd, "/digest/topics")
    assert response.status == 301 and response.getheader("Location") == "/digest/topics/"
    response, _ = request(httpd, "/digest/topics?page=2")    # the query goes along (it was dropped)
    assert response.status == 301 and response.getheader("Location") == "/digest/topics/?page=2"
    response, _ = request(httpd, "/")    # the site is under /digest/: the host's root leads there
    assert response.status == 302 and response.getheader("Location") == "/digest/"
    response, body = request(httpd, "/digest/", "HEAD")
    assert response.status == 200 and body == b""


@pytest.mark.parametrize("path", ["/digest/index.html/", "/digest/topics/index.html/", "/digest/feed.xml/",
                                  "/digest/static/style.css/", "/digest/feed.xml%2F"])
def test_a_file_name_with_a_slash_after_it_gets_the_404_page(server, path):
    httpd, _, _ = server
    assert request(httpd, path.rstrip("/").removesuffix("%2F"))[0].status == 200  # the file itself is there
    for method in ("GET", "HEAD"):
        response, body = request(httpd, path, method)
        assert response.status == 404, (path, method)
        assert response.getheader("Location") is None
    assert b"Page not found" in request(httpd, path)[1]  # the theme's own 404 page


def test_live_reload_script_is_served_but_never_written(server):
    httpd, _, config = server
    _, body = request(httpd, "/digest/")
    assert b"EventSource" in body and b"/digest/__newsdigest/events" in body
    assert json.dumps(live_run(server)).encode() in body     # this serve's id: the next serve's build 1 is not this

    assert all(b"EventSource" not in p.read_bytes() for p in config.output_dir.rglob("*.html"))
    _, feed = request(httpd, "/digest/feed.xml")
    assert b"EventSource" not in feed


def live_run(server) -> str:
    return server[1].run


def test_each_serve_has_an_id_of_its_own_in_its_state():
    """Each serve numbers its builds from 1: a page from the last serve's build 1 did not reload after a restart."""
    first, second = LiveReload(), LiveReload()
    first.publish(1, True)
    second.publish(1, True)
    assert first.state["run"] != second.state["run"] and first.state["build"] == second.state["build"]


def test_event_stream_sends_current_state_then_each_build(server):
    httpd, live, _ = server
    live.publish(1, True, "first")
    sock = socket.create_connection(("127.0.0.1", httpd.server_address[1]), timeout=5)
    sock.sendall(f"GET /digest/{EVENTS_PATH} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    received = b""
    while b'"build": 1' not in received:
        received += sock.recv(4096)
    assert b"text/event-stream" in received
    live.publish(2, False, "content/bad.md:3: invalid YAML")
    while b"invalid YAML" not in received:
        received += sock.recv(4096)
    assert b'"ok": false' in received
    sock.close()


def test_head_of_the_event_stream_sends_headers_only_and_ends(server):
    httpd, live, _ = server
    live.publish(1, True, "first")
    with socket.create_connection(("127.0.0.1", httpd.server_address[1]), timeout=5) as sock:
        sock.sendall(f"HEAD /digest/{EVENTS_PATH} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        received = b""
        try:
            while chunk := sock.recv(4096):  # b"": the server closed the connection
                received += chunk
        except TimeoutError:
            pytest.fail(f"the connection was left open after {received!r}")
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and b"text/event-stream" in head
    assert body == b""


def test_a_stalled_client_does_not_block_others(server):
    httpd, _, _ = server
    stalled = socket.create_connection(("127.0.0.1", httpd.server_address[1]), timeout=5)
    stalled.sendall(b"GET /digest/ HTTP/1.1\r\nHo")  # never finishes its request
    started = time.monotonic()
    response, _ = request(httpd, "/digest/feed.xml")
    assert response.status == 200 and time.monotonic() - started < 2
    stalled.close()


@pytest.mark.parametrize("in_clone", [True, False])
def test_port_in_use_gives_a_clear_message(project, capsys, monkeypatch, in_clone):
    project.add("a", title="A")
    config_path = project.write_config_file()
    monkeypatch.chdir(project.root)
    if in_clone:
        (project.root / "Makefile").write_text("serve:\n", encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["-c", str(config_path), "serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is already in use" in err and f"--port {port + 1}" in err
    # `make serve` is the way to start it in a clone of the repository only
    assert (f"(make serve PORT={port + 1})" in err) == in_clone


def test_the_preview_names_the_port_it_is_served_on(project):
    """`serve --port 8765` with the default base_url http://127.0.0.1:8000/: the preview's feeds and sitemap lead
    to itself; a base_url elsewhere, or one given with --base-url, is left as it is."""
    from newsdigest.dev.watch import DevSession

    project.add("a", title="A")
    config_path = project.write_config_file()
    for base_url, overrides, expected in (
            ("http://127.0.0.1:8000/", {}, "http://127.0.0.1:8765/"),
            ("http://localhost/digest/", {}, "http://localhost:8765/digest/"),
            ("https://news.example.org/", {}, "https://news.example.org/"),
            ("http://127.0.0.1:8000/", {"base_url": "http://127.0.0.1:9000/"}, "http://127.0.0.1:9000/")):
        project.settings["base_url"] = base_url
        config_path = project.write_config_file()
        session = DevSession(config_path, overrides=overrides, preview_port=8765, quiet=True)
        assert session.config.base_url == expected
    # ... and the host it listens on (`serve --host ::1`, a LAN address): feeds linked to 127.0.0.1, where nothing was
    project.settings["base_url"] = "http://127.0.0.1:8000/digest/"
    config_path = project.write_config_file()
    for host, expected in (("::1", "http://[::1]:8765/digest/"), ("192.168.1.20", "http://192.168.1.20:8765/digest/"),
                           ("0.0.0.0", "http://127.0.0.1:8765/digest/"), ("", "http://127.0.0.1:8765/digest/"),
                           ("::0", "http://127.0.0.1:8765/digest/"),
                           ("fe80::1%eth0", "http://[fe80::1%25eth0]:8765/digest/")):
        session = DevSession(config_path, preview_port=8765, preview_host=host, quiet=True)
        assert session.config.base_url == expected, host


def test_an_address_this_machine_does_not_have_gives_a_clear_message(project, capsys):
    project.add("a", title="A")
    config_path = project.write_config_file()
    assert main(["-c", str(config_path), "serve", "--host", "192.0.2.1", "--port", "0"]) == 1  # TEST-NET-1
    err = capsys.readouterr().err
    assert "cannot serve on 192.0.2.1 port 0" in err and "Traceback" not in err


@pytest.mark.parametrize("port", ["70000", "-1", "eighty"])
def test_a_port_out_of_range_gives_a_clear_message(project, capsys, port):
    project.add("a", title="A")
    config_path = project.write_config_file()
    with pytest.raises(SystemExit) as exit_info:
        main(["-c", str(config_path), "serve", "--port", port])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"expected a port number from 0 to 65535, got '{port}'" in err and "Traceback" not in err


def test_the_server_follows_the_site_to_its_new_folder_and_path(server, project):
    """A config edit while serving (output_dir, base_url's path) was built, but the server kept serving the old
    folder at the old path: every link of the rebuilt pages was a 404, and new articles never showed."""
    from dataclasses import replace as replaced

    from newsdigest.dev.serve import follows_good_build
    httpd, _, config = server
    moved = replaced(config, base_url="http://127.0.0.1:8000/news/", output_dir=project.root / "public")
    build(moved)
    kept_alive = http.client.HTTPConnection("127.0.0.1", httpd.server_address[1], timeout=5)   # a browser's
    kept_alive.request("GET", "/digest/")
    assert kept_alive.getresponse().read()
    assert not follows_good_build(httpd, moved, ok=False)     # a failed build wrote nothing there
    assert request(httpd, "/digest/")[0].status == 200
    assert follows_good_build(httpd, moved, ok=True) and not httpd.follow(moved)
    response, body = request(httpd, "/news/")
    assert response.status == 200 and b"/news/static/style.css" in body
    assert request(httpd, "/news/static/style.css")[0].status == 200
    assert request(httpd, "/digest/")[0].status == 404
    kept_alive.request("GET", "/news/")   # (the connection opened before the move: it served the old folder)
    assert kept_alive.getresponse().status == 200
    kept_alive.close()


def test_only_addresses_beyond_this_machine_are_warned_about():
    """`--host 127.0.0.2` (any of 127.0.0.0/8) was told that other machines on the network could read the preview."""
    from newsdigest.dev.serve import _loopback
    assert all(_loopback(host) for host in ("127.0.0.1", "127.0.0.2", "127.255.0.9", "::1", "localhost"))
    assert not any(_loopback(host) for host in ("0.0.0.0", "::", "192.168.1.4", "my-laptop.local"))


def test_the_preview_answers_while_its_first_build_runs_and_ctrl_c_then_stops_it(project, monkeypatch, capsys):
    """The port was bound before the first build and served only after it: a browser opened on a large site
    waited a minute for anything. It now gets the last build's pages (here none yet: the 404 page, which reloads
    itself when the build is done); Ctrl-C during that first build stops the preview cleanly."""
    from newsdigest.dev import serve as serve_module
    from newsdigest.dev.watch import DevSession

    project.add("a", title="Tariff news", body="Body.")
    config_path = project.write_config_file()
    answered = {}

    def first_build_interrupted(session):
        response = http.client.HTTPConnection("127.0.0.1", session.preview_port, timeout=5)
        response.request("GET", "/")
        reply = response.getresponse()
        answered["status"], answered["body"] = reply.status, reply.read()
        raise KeyboardInterrupt

    monkeypatch.setattr(DevSession, "start", first_build_interrupted)
    assert serve_module.serve(config_path, port=0) == 0
    assert answered["status"] == 404 and b"EventSource" in answered["body"]
    assert "Stopping." in capsys.readouterr().err


@pytest.mark.parametrize("where", ["_say_setup_warnings", "_loopback"])
def test_ctrl_c_before_or_just_after_the_preview_starts_answering_stops_cleanly(project, monkeypatch, capsys, where):
    """Ctrl-C while serve said what it found (before the preview answers) or right after the preview began to
    answer (before the watch starts) ended serve with a traceback, or would have waited forever for a serving
    loop that never ran."""
    from newsdigest.dev import serve as serve_module

    project.add("a", title="Tariff news", body="Body.")
    config_path = project.write_config_file()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(serve_module, where, interrupted)
    stopped = []
    runner = threading.Thread(target=lambda: stopped.append(serve_module.serve(config_path, port=0)), daemon=True)
    runner.start()
    runner.join(20)
    assert stopped == [0], "serve did not return after Ctrl-C"
    assert "Stopping." in capsys.readouterr().err


def test_serve_says_when_it_replaces_a_build_made_for_the_published_address(project, tmp_path):
    """`build --base-url https://...` then `serve`: the preview rebuilds output/ with local addresses, and a
    sync of output/ after it would publish them; serve says so."""
    import subprocess
    import sys as system

    from newsdigest.dev.serve import built_for
    project.add("a", title="Tariff story", date="2026-01-10T10:00:00+09:00")
    config_path = project.write_config_file()
    build(load_config(config_path, overrides={"base_url": "https://user.github.io/repo/"}))
    assert built_for(project.output) == "https://user.github.io/repo/"
    serving = subprocess.Popen([system.executable, str(REPO / "build.py"), "-c", str(config_path), "serve",
                                "--port", "0"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        said = ""
        deadline = time.monotonic() + 30
        while "holds a build for" not in said and time.monotonic() < deadline and serving.poll() is None:
            said += serving.stderr.readline()
    finally:
        serving.terminate()   # (SIGTERM stops serve as Ctrl-C does)
        serving.wait(30)
    assert "holds a build for https://user.github.io/repo/" in said and "serve -o preview/" in said
    assert built_for(tmp_path) == ""
