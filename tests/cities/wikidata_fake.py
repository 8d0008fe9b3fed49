"""A stand-in for Wikidata's API on a local port, answering from the stored files in
tests/cities/wikidata/ (see the README there), so the real HTTP code path is tested
without the network."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

STORED = Path(__file__).parent / "wikidata"


def stored_entity(item_id):
    path = STORED / f"{item_id}.json"
    if not path.exists():
        return {"id": item_id, "missing": ""}
    return json.loads(path.read_text(encoding="utf-8"))["entities"][item_id]


def answer(params):
    action = params.get("action", "")
    if action == "wbgetentities":
        props = params.get("props", "labels|descriptions|claims").split("|")
        found = {}
        for item_id in params.get("ids", "").split("|"):
            entity = stored_entity(item_id)
            if "missing" not in entity:
                keep = {"type", "id", *props}
                entity = {key: value for key, value in entity.items() if key in keep}
            found[item_id] = entity
        return {"entities": found, "success": 1}
    if action == "wbgetclaims":
        entity = stored_entity(params.get("entity", ""))
        claims = entity.get("claims", {})
        prop = params.get("property")
        return {"claims": {prop: claims.get(prop, [])} if prop else claims}
    if action == "wbsearchentities":
        path = STORED / f"wbsearchentities-{params.get('language')}-{params.get('search')}.json"
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
        return {"searchinfo": {"search": params.get("search")}, "search": [], "success": 1}
    return {
        "error": {"code": "badvalue", "info": f"Unrecognized value for parameter action: {action}"}
    }


class FakeWikidata:
    """The server's address (`url`), the requests it answered, and switches for trouble."""

    def __init__(self):
        self.requests = []
        self.delay = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                fake.requests.append({"params": params, "headers": dict(self.headers)})
                if fake.delay:
                    time.sleep(fake.delay)
                body = json.dumps(answer(params), ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/w/api.php"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def actions(self):
        return [request["params"].get("action") for request in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
