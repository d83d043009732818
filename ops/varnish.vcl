# Varnish in front of the app servers (ops/stack.sh; docs/deployment.md, "Caching").
# Caches what the app marks public (Cache-Control: s-maxage), passes editors and the admin,
# accepts PURGE from the app (Wagtail's frontend cache) and, when the app servers are down,
# keeps serving the copies it has (grace).
vcl 4.1;

backend app {
    .host = "127.0.0.1";
    .port = "@APP_PORT@";
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/robots.txt";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

acl purgers {
    "127.0.0.1";
    "::1";
@PURGERS@
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # One address purges every copy of it, whatever its query string (finder filters).
        ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|documents)/" || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);  # editors: never from, never into, the shared cache
    }
    unset req.http.Cookie;  # readers' pages set none and depend on none
    return (hash);
}

sub vcl_backend_response {
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    set beresp.grace = 24h;  # app servers down: serve the last good copy
}

sub vcl_deliver {
    unset resp.http.x-path;
    if (obj.hits > 0) {
        set resp.http.X-Proxy-Cache = "hit";
    } else {
        set resp.http.X-Proxy-Cache = "miss";
    }
}
