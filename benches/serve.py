"""A loopback stand-in that answers every GET with one body (for the live benchmarks).

    python3 benches/serve.py PORT BODY_FILE
"""
import http.server
import sys

port, path = int(sys.argv[1]), sys.argv[2]
body = open(path, "rb").read()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
