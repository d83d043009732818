import pytest, traceback
from django.db import connection
from django.test import Client
URLS = ["/", "/es/", "/what-is-metastatic-cancer/", "/es/que-es-el-cancer-metastasico/", "/resources/", "/es/recursos/", "/resources/?q=support&zip=10001"]

@pytest.mark.django_db
def test_capture():
    out = open("/tmp/qh/queries.txt", "w")
    log = []
    def wrapper(execute, sql, params, many, context):
        frames = [f for f in traceback.extract_stack() if ("cancerhelp" in f.filename or "wagtail" in f.filename or "templates" in f.filename) and "test_zz" not in f.filename and "db/models" not in f.filename]
        log.append((sql, frames[-6:]))
        return execute(sql, params, many, context)
    for url in URLS:
        client = Client()
        client.get(url)
        log.clear()
        with connection.execute_wrapper(wrapper):
            r = client.get(url)
        out.write(f"===== {url} {r.status_code} {len(log)}\n")
        for sql, frames in log:
            out.write("  " + sql[:160] + "\n")
            for f in frames:
                out.write(f"      {f.filename.split('site-packages/')[-1].split('wt-queries/')[-1]}:{f.lineno} {f.name}\n")
    out.close()
