"""The nginx configuration of deploy/nginx/ as deploy/serve_edge.py renders it."""

import re
import subprocess

from django.conf import settings

from .conftest import nginx_or_skip, serve_edge

SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rendered(tmp_path, **options):
    return serve_edge.render_nginx_conf(
        prefix=tmp_path,
        nginx_port=8080,
        app_ports=[8001, 8002],
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
        **options,
    )


def test_stale_pages_are_kept_at_least_an_hour(tmp_path):
    inactive = re.search(r"proxy_cache_path [^;]*\binactive=(\d+)([smhd])", rendered(tmp_path))
    assert int(inactive.group(1)) * SECONDS[inactive.group(2)] >= 3600


def test_both_app_servers_are_one_upstream_and_the_paths_are_the_prefix(tmp_path):
    conf = rendered(tmp_path)
    upstream = re.search(r"upstream sochibo \{(.*?)\}", conf, re.S).group(1)
    assert re.findall(r"^\s*server (\S+);", upstream, re.M) == [
        "127.0.0.1:8001",
        "127.0.0.1:8002",
    ]
    assert "listen 127.0.0.1:8080;" in conf
    assert f"proxy_cache_path {tmp_path}/cache " in conf
    assert f"alias {tmp_path}/static/;" in conf
    # Nothing is written outside the prefix; the snippets are inlined.
    directives = "\n".join(line for line in conf.splitlines() if not line.strip().startswith("#"))
    assert "/var/" not in directives and "/etc/nginx/snippets" not in directives
    assert "proxy_set_header X-Real-IP $remote_addr;" in conf


def test_removed_pages_leave_the_edge_as_fast_as_changed_ones(tmp_path):
    """A 404 (unpublished) or 301 (new address) replaces the stored page within the pages' own
    lifetime: the app's `s-maxage`, PUBLIC_EDGE_CACHE_SECONDS by default."""
    valid = re.search(r"proxy_cache_valid ([\d ]+) (\d+)s;", rendered(tmp_path))
    assert {"301", "404", "410"} <= set(valid.group(1).split())
    assert int(valid.group(2)) == settings.PUBLIC_EDGE_CACHE_SECONDS


def test_nginx_accepts_the_rendered_configuration(tmp_path):
    nginx_or_skip()
    conf = tmp_path / "nginx.conf"
    # With a server the benchmark compares with, behind the same nginx.
    conf.write_text(rendered(tmp_path, extra_upstreams=[("/_reference/", "127.0.0.1:8100")]))
    serve_edge.prepare_prefix(tmp_path)
    result = subprocess.run(
        [serve_edge.NGINX, "-t", "-p", f"{tmp_path}/", "-c", str(conf), "-e", "stderr"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
