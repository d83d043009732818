import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[3]


def manage(*args, **env):
    environment = {
        key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="cancerhelp.settings.production", **env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_public_pages_send_a_strict_content_security_policy(home_page):
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "unsafe-inline" not in policy
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_inline_stylesheet_matches_the_hash_the_policy_allows(home_page):
    import base64
    import hashlib
    import re

    response = Client().get("/")
    css = re.search(r"<style>(.*?)</style>", response.content.decode(), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response["Content-Security-Policy"]


def test_public_pages_set_no_cookie(home_page, topic_page):
    client = Client()
    for path in ["/", "/what-is-metastatic-cancer/", "/es/"]:
        assert client.get(path).cookies == {}, path


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_deploy_check_is_clean():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "-Secret-" + "z" * 30,
        ALLOWED_HOSTS="cancer-help.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


# What a committed secret or a default account looks like in code, settings, scripts or data.
SECRET_PATTERNS = [
    re.compile(r"""SECRET_KEY\s*=\s*["'](?!\$)[^"']{8,}["']"""),  # a key written down, not read
    re.compile(r"""(create_superuser|create_user|set_password)\([^)]*["'][^"']{4,}["']\s*\)"""),
    re.compile(r"""\w*password\w*\s*[:=]\s*["'][^"'{}$]{4,}["']""", re.IGNORECASE),
    re.compile(r"DJANGO_SUPERUSER_PASSWORD\s*[:=]"),
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
]
# Test code and test settings may hold throwaway credentials for throwaway databases.
MAY_HOLD_TEST_CREDENTIALS = ("conftest.py", "/tests/", "tests/", "cancerhelp/settings/test.py")
SECRET_FILE_NAMES = ("secret_key", ".env", ".pem", ".key", "id_rsa", "id_ed25519", ".sqlite3", ".p12")


def secrets_in(text):
    return [match.group(0) for pattern in SECRET_PATTERNS for match in pattern.finditer(text)]


def test_the_secret_scan_recognises_what_it_looks_for():
    assert secrets_in('SECRET_KEY = "django-insecure-abcdefgh12345"')
    assert secrets_in('User.objects.create_superuser("admin", "a@b.c", "admin123")')
    assert secrets_in('password: "hunter22"')
    assert secrets_in('ADMIN_PASSWORD = "changeme123"')
    assert secrets_in('export DJANGO_SUPERUSER_PASSWORD="x"')
    assert not secrets_in('SECRET_KEY = os.environ.get("SECRET_KEY", "")')
    assert not secrets_in('SECRET_KEY="$$(cat var/secret_key)"')


def test_no_secret_or_default_password_in_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not [name for name in tracked if Path(name).name.lower().endswith(SECRET_FILE_NAMES)]
    found = {}
    for name in tracked:
        if name.startswith(MAY_HOLD_TEST_CREDENTIALS) or "/tests/" in name or name.endswith(".gz"):
            continue
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        if hits := secrets_in(text):
            found[name] = hits
    assert found == {}
