//! A loopback stand-in for the SMS API: std TcpListener, one thread per connection, a script
//! that decides each reply, and a record of every request (hit counting). It can stall, reset
//! a connection, trickle or cut a body, and send huge bodies. It checks itself, as xh's test
//! server does: dropping it stops it, and a script that panicked fails the test.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Header names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// The query pairs, percent-decoded.
    pub fn query(&self) -> Vec<(String, String)> {
        let Some((_, q)) = self.target.split_once('?') else {
            return Vec::new();
        };
        q.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect()
    }
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete response.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Read the request, answer nothing, hold the connection open for this long.
    Stall(Duration),
    /// Read the request, then reset the connection (RST).
    Reset,
    /// Send the head and `sent` bytes of a body announced as `announced`, then reset.
    CutBody { body: Vec<u8>, sent: usize },
    /// Announce the whole body, send `sent` bytes of it, then close normally (FIN).
    Truncated { body: Vec<u8>, sent: usize },
    /// Send the body one byte every `every`.
    Trickle { body: Vec<u8>, every: Duration },
    /// A 200 with a body of `size` bytes of a JSON string, streamed.
    Huge { size: u64, chunked: bool },
}

impl Reply {
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

type Script = dyn Fn(&Recorded, usize) -> Reply + Send + Sync;

pub struct Server {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    hits: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    /// What a panicking script said; the test fails on drop.
    panicked: Arc<Mutex<Option<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag and ends.
        let _ = TcpStream::connect(self.addr);
        if !thread::panicking()
            && let Some(message) = self.panicked.lock().unwrap().take()
        {
            panic!("the test server's script panicked: {message}");
        }
    }
}

impl Server {
    /// Starts a server whose replies come from `script(request, hit_index)`.
    pub fn start(script: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let hits = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let panicked = Arc::new(Mutex::new(None));
        let script: Arc<Script> = Arc::new(script);
        let state = Shared {
            requests: requests.clone(),
            hits: hits.clone(),
            panicked: panicked.clone(),
            script,
        };
        {
            let stop = stop.clone();
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let state = state.clone();
                    thread::spawn(move || serve(stream, &state));
                }
            });
        }
        Server {
            addr,
            requests,
            hits,
            stop,
            panicked,
        }
    }

    /// Always the same reply.
    pub fn always(reply: Reply) -> Server {
        Server::start(move |_, _| reply.clone())
    }

    /// Replies in order; the last one repeats.
    pub fn sequence(replies: Vec<Reply>) -> Server {
        Server::start(move |_, i| replies[i.min(replies.len() - 1)].clone())
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

/// What the connection threads share.
#[derive(Clone)]
struct Shared {
    requests: Arc<Mutex<Vec<Recorded>>>,
    hits: Arc<AtomicUsize>,
    panicked: Arc<Mutex<Option<String>>>,
    script: Arc<Script>,
}

fn serve(stream: TcpStream, state: &Shared) {
    let Shared {
        requests,
        hits,
        panicked,
        script,
    } = state;
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    // Keep-alive: serve requests on this connection until the client closes it.
    loop {
        let mut raw = String::new();
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            raw.push_str(&line);
            if line == "\r\n" || line == "\n" {
                break;
            }
        }
        let mut lines = raw.lines();
        let request_line = lines.next().unwrap_or("");
        let mut parts = request_line.split(' ');
        let method = parts.next().unwrap_or("").to_owned();
        let target = parts.next().unwrap_or("").to_owned();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let recorded = Recorded {
            method,
            target,
            headers,
        };
        if recorded.method == "CONNECT" {
            // Acting as a proxy: the tunnelled requests follow on this connection.
            requests.lock().unwrap().push(recorded);
            let mut out = stream.try_clone().unwrap();
            if out
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .is_err()
            {
                return;
            }
            continue;
        }
        let index = hits.fetch_add(1, Ordering::SeqCst);
        requests.lock().unwrap().push(recorded.clone());
        let reply = match catch_unwind(AssertUnwindSafe(|| script(&recorded, index))) {
            Ok(reply) => reply,
            Err(payload) => {
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                panicked.lock().unwrap().get_or_insert(message);
                Reply::json(500, "the test server's script panicked")
            }
        };
        let mut out = stream.try_clone().unwrap();
        if !respond(&mut out, reply) {
            return;
        }
    }
}

/// Writes one reply; false when the connection is finished.
fn respond(out: &mut TcpStream, reply: Reply) -> bool {
    match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
            for (k, v) in &headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            out.write_all(head.as_bytes()).is_ok() && out.write_all(&body).is_ok()
        }
        Reply::Stall(d) => {
            thread::sleep(d);
            false
        }
        Reply::Reset => {
            reset(out);
            false
        }
        Reply::CutBody { body, sent } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let _ = out.write_all(head.as_bytes());
            let _ = out.write_all(&body[..sent.min(body.len())]);
            let _ = out.flush();
            thread::sleep(Duration::from_millis(50));
            reset(out);
            false
        }
        Reply::Truncated { body, sent } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let _ = out.write_all(head.as_bytes());
            let _ = out.write_all(&body[..sent.min(body.len())]);
            let _ = out.shutdown(std::net::Shutdown::Both);
            false
        }
        Reply::Trickle { body, every } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            if out.write_all(head.as_bytes()).is_err() {
                return false;
            }
            for b in body {
                if out.write_all(&[b]).is_err() {
                    return false;
                }
                thread::sleep(every);
            }
            false
        }
        Reply::Huge { size, chunked } => {
            let head = if chunked {
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".to_owned()
            } else {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
                )
            };
            if out.write_all(head.as_bytes()).is_err() {
                return false;
            }
            let chunk = vec![b' '; 64 * 1024];
            let mut left = size;
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                let ok = if chunked {
                    out.write_all(format!("{n:x}\r\n").as_bytes()).is_ok()
                        && out.write_all(&chunk[..n]).is_ok()
                        && out.write_all(b"\r\n").is_ok()
                } else {
                    out.write_all(&chunk[..n]).is_ok()
                };
                if !ok {
                    return false;
                }
                left -= n as u64;
            }
            if chunked {
                let _ = out.write_all(b"0\r\n\r\n");
            }
            false
        }
    }
}

fn reset(stream: &TcpStream) {
    let socket = socket2::SockRef::from(stream);
    let _ = socket.set_linger(Some(Duration::ZERO));
    let _ = stream.shutdown(std::net::Shutdown::Read);
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}
