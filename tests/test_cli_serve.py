"""``detente serve``: loopback by default, refuses to expose itself without a token."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.api.server import check_bind, is_loopback
from detente.cli import app
from detente.errors import QueryError


@pytest.mark.parametrize(
    ("host", "loop"),
    [("127.0.0.1", True), ("127.5.0.1", True), ("localhost", True), ("::1", True),
     ("[::1]", True), ("0.0.0.0", False), ("::", False), ("192.168.1.10", False),
     ("example.org", False)],
)
def test_is_loopback(host: str, loop: bool) -> None:
    assert is_loopback(host) is loop


def test_non_loopback_without_token_is_refused() -> None:
    with pytest.raises(QueryError, match="token"):
        check_bind("0.0.0.0", token=None)
    check_bind("0.0.0.0", token="t")  # with a token it is allowed
    check_bind("127.0.0.1", token=None)


def test_cli_refuses_public_bind_without_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DETENTE_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--db", "x.db"])
    assert result.exit_code == 1
    assert "token" in result.output


def test_cli_passes_options_to_server(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}
    import detente.api.server as server

    monkeypatch.setattr(server, "serve", lambda **kw: seen.update(kw))
    monkeypatch.setenv("DETENTE_TOKEN", "abc")
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "8123",
                                      "--db", "sqlite:///x.db"])
    assert result.exit_code == 0, result.output
    assert seen == {"db_url": "sqlite:///x.db", "host": "0.0.0.0", "port": 8123, "token": "abc",
                    "workers": 1, "threads": 4}
    seen.clear()
    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--db", "sqlite:///x.db"])
    assert result.exit_code == 0, result.output
    assert seen["workers"] == 2


def test_serve_refuses_bad_worker_counts() -> None:
    from detente.api.server import serve
    from detente.errors import QueryError

    for n in (0, 65):
        with pytest.raises(QueryError, match="--workers"):
            serve(db_url="sqlite:///never.db", workers=n)


def test_worker_processes_build_the_app_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from detente.api.server import app_from_env

    monkeypatch.setenv("DETENTE_SERVE_DB", str(tmp_path / "w.db"))
    monkeypatch.setenv("DETENTE_SERVE_TOKEN", "sesame")
    client = TestClient(app_from_env())
    assert client.get("/api/events").status_code == 401
    ok = client.get("/api/events", headers={"Authorization": "Bearer sesame"})
    assert ok.status_code == 200 and ok.json()["items"] == []


def test_thread_counts_are_bounded() -> None:
    from detente.api.app import create_app
    from detente.api.server import serve

    with pytest.raises(QueryError, match="threads"):
        create_app(db_url="sqlite:///never.db", threads=0)
    with pytest.raises(QueryError, match="--threads"):
        serve(db_url="sqlite:///never.db", threads=257)
