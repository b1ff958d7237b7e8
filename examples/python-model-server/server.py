"""A model behind an HTTP endpoint, logging every prediction to modelwatch (standard library only).

    POST /predict   {"age": 41, "income": 52000, "country": "NL"}  →  {"id": "...", "default": 0, "score": 0.21}
    POST /feedback  {"id": "...", "default": 1}                     →  204 (the outcome, when it is known)

Run it: MODELWATCH_URL=http://127.0.0.1:8080 MODELWATCH_API_KEY=mw_... python3 server.py
(PORT, default 8000; MODELWATCH_MODEL, default credit-risk-example). The key needs the admin
scope the first time, to register the model; an ingest key is enough afterwards.
"""

import json
import math
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "clients", "python", "src"))
from modelwatch import Monitor  # noqa: E402  (pip install ./clients/python, and drop this path line)

MODEL = os.environ.get("MODELWATCH_MODEL", "credit-risk-example")
SPEC = {
    "name": "Credit risk (example server)",
    "task": "binary_classification",
    "positiveClass": 1,
    "features": [
        {"name": "age", "type": "numerical"},
        {"name": "income", "type": "numerical"},
        {"name": "country", "type": "categorical"},
    ],
}

monitor = Monitor(os.environ["MODELWATCH_URL"], os.environ["MODELWATCH_API_KEY"], MODEL)


def score(features: dict) -> float:
    """The model: a fixed logistic score of default."""
    z = -2.0 + 0.03 * (features["age"] - 40) - 0.00002 * (features["income"] - 50_000)
    z += 0.4 if features["country"] in ("ES", "IT") else 0.0
    return 1 / (1 + math.exp(-z))


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if self.path == "/predict":
            p = score(body)
            label = int(p >= 0.5)
            # The only line monitoring adds to the request path: it buffers and returns at once.
            pid = monitor.log_prediction(body, label, score=p)
            self.answer(200, {"id": pid, "default": label, "score": round(p, 4)})
        elif self.path == "/feedback":
            monitor.log_outcome(body["id"], int(body["default"]))
            self.answer(204, None)
        else:
            self.answer(404, {"error": "not found"})

    def answer(self, status: int, payload) -> None:
        data = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:  # quiet
        pass


def main() -> None:
    monitor.register_model(SPEC)
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8000"))), Handler)
    print(f"model server on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        monitor.close()  # sends what is still buffered


if __name__ == "__main__":
    main()
