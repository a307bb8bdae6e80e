//! `talkover-bench-server`: the server the benchmarks measure clients against.
//!
//! The simulator (`talkover-mock`) is built for correctness: routing, state, rate-limit
//! headers, faults. Under 64 calls in flight it spends more CPU per request than the
//! fastest clients, so it, not the client, set the pace. This server answers from bytes
//! prepared at start-up, on one thread (a current-thread Tokio runtime; `bench/run.py` pins
//! it to its own core), with HTTP/1.1 keep-alive and pipelining parsed by hand: per request
//! it finds the end of the head, checks the Bearer token, picks one of four prepared answers
//! and appends it to the connection's write buffer. Every answer is the documented body:
//!
//! - `GET /api/v1/agents/{id}/active-call/{phone}`: one active call;
//! - `GET /api/v1/calls?page=N` (and `/agents/{id}/calls`): page N of 3, ten calls each,
//!   with the `pagination` object; pages past 3 are empty;
//! - `POST /api/v1/agents/{id}/call`: the make-call answer;
//! - `GET /__stats`: `{"requests":N}`, the API requests answered so far (not counted), so the
//!   driver can divide this process's CPU time by requests.
//!
//! Usage: `talkover-bench-server [--port 0] [--token T]`; prints
//! `talkover-bench-server listening on http://127.0.0.1:PORT/api/v1` when ready.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Requests answered (the `/__stats` probe excluded). One thread, so relaxed is exact.
static REQUESTS: AtomicU64 = AtomicU64::new(0);

const PAGES: u32 = 3;
const PER_PAGE: u32 = 10;
/// Larger heads are refused: nothing a client sends here comes close.
const MAX_HEAD: usize = 16 * 1024;

/// Every answer, prepared once: status line, headers and body.
struct Answers {
    active: Vec<u8>,
    pages: Vec<Vec<u8>>,
    empty_page: Vec<u8>,
    placed: Vec<u8>,
    unauthorized: Vec<u8>,
    not_found: Vec<u8>,
    bad_request: Vec<u8>,
    /// `authorization: Bearer <token>` as the value compared, lower-cased name aside.
    bearer: Vec<u8>,
}

fn answer(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\nx-request-id: req_bench\r\n\
         content-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn listed_call(n: u32) -> String {
    format!(
        "{{\"id\":\"call_{n}\",\"sid\":\"CA{n:032}\",\"to\":\"+55119876{n:05}\",\
         \"to_formatted\":\"+55119876{n:05}\",\"from\":\"+15550100000\",\
         \"from_formatted\":\"(555) 010-0000\",\"is_testing\":false,\"direction\":\"outbound\",\
         \"status\":\"completed\",\"duration\":42,\"agent\":{{\"id\":\"agent-bench\",\
         \"name\":\"Agent agent-bench\",\"label\":null}},\"created_at\":\"2024-01-15T11:00:00Z\",\
         \"updated_at\":\"2024-01-15T11:00:42Z\"}}"
    )
}

fn page(number: u32) -> Vec<u8> {
    let total = PAGES * PER_PAGE;
    let first = (number - 1) * PER_PAGE;
    let calls: Vec<String> = if number <= PAGES {
        (first..first + PER_PAGE)
            .map(|i| listed_call(total - i))
            .collect()
    } else {
        Vec::new()
    };
    let (from, to) = if calls.is_empty() {
        ("null".to_owned(), "null".to_owned())
    } else {
        ((first + 1).to_string(), (first + PER_PAGE).to_string())
    };
    answer(
        "200 OK",
        &format!(
            "{{\"success\":true,\"data\":[{}],\"pagination\":{{\"current_page\":{number},\
             \"last_page\":{PAGES},\"per_page\":{PER_PAGE},\"total\":{total},\"from\":{from},\
             \"to\":{to}}}}}",
            calls.join(",")
        ),
    )
}

impl Answers {
    fn new(token: &str) -> Answers {
        Answers {
            active: answer(
                "200 OK",
                "{\"success\":true,\"data\":[{\"id\":\"call_7\",\"agent_id\":\"agent-bench\",\
                 \"to\":\"+5511987654321\",\"status\":\"answered\",\
                 \"started_at\":\"2024-01-15T11:00:00Z\",\"duration_seconds\":42}]}",
            ),
            pages: (1..=PAGES).map(page).collect(),
            empty_page: page(PAGES + 1),
            placed: answer(
                "200 OK",
                "{\"success\":true,\"data\":{\"id\":\"call_8\",\"agent_id\":\"agent-bench\",\
                 \"to\":\"+5511987654000\",\"status\":\"initiated\",\
                 \"created_at\":\"2024-01-15T11:00:00Z\"}}",
            ),
            unauthorized: answer(
                "401 Unauthorized",
                "{\"success\":false,\"message\":\"Unauthenticated.\"}",
            ),
            not_found: answer(
                "404 Not Found",
                "{\"success\":false,\"message\":\"Not found.\"}",
            ),
            bad_request: answer("400 Bad Request", "{\"success\":false}"),
            bearer: format!("Bearer {token}").into_bytes(),
        }
    }
}

/// A complete request at the start of `buf`: how many bytes it takes (head and body) and
/// what to answer. `None` when more bytes are needed; `Err` when the stream is unusable.
fn parse<'a>(buf: &[u8], answers: &'a Answers) -> Result<Option<(usize, &'a [u8])>, ()> {
    let Some(head_len) = find(buf, b"\r\n\r\n").map(|i| i + 4) else {
        return if buf.len() > MAX_HEAD {
            Err(())
        } else {
            Ok(None)
        };
    };
    let head = &buf[..head_len];
    let mut lines = head.split(|&b| b == b'\n');
    let request_line = lines.next().ok_or(())?;
    let mut parts = request_line.split(|&b| b == b' ');
    let method = parts.next().ok_or(())?;
    let target = parts.next().ok_or(())?;
    let mut content_length = 0usize;
    let mut authorized = false;
    for line in lines {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if name.eq_ignore_ascii_case(b"content-length") {
            content_length = std::str::from_utf8(value)
                .ok()
                .and_then(|v| v.parse().ok())
                .ok_or(())?;
        } else if name.eq_ignore_ascii_case(b"authorization") {
            authorized = value == answers.bearer.as_slice();
        }
    }
    let total = head_len + content_length;
    if buf.len() < total {
        return Ok(None);
    }
    if target == b"/__stats" {
        return Ok(Some((total, b"")));
    }
    REQUESTS.fetch_add(1, Ordering::Relaxed);
    let out: &[u8] = if !authorized {
        &answers.unauthorized
    } else {
        route(method, target, answers)
    };
    Ok(Some((total, out)))
}

fn route<'a>(method: &[u8], target: &[u8], answers: &'a Answers) -> &'a [u8] {
    let (path, query) = match target.iter().position(|&b| b == b'?') {
        Some(q) => (&target[..q], &target[q + 1..]),
        None => (target, &b""[..]),
    };
    let Some(path) = path.strip_prefix(b"/api/v1") else {
        return &answers.not_found;
    };
    match method {
        b"GET" if find(path, b"/active-call/").is_some() => &answers.active,
        b"GET" if path == b"/calls" || path.ends_with(b"/calls") => {
            let number = query
                .split(|&b| b == b'&')
                .find_map(|kv| kv.strip_prefix(b"page="))
                .map_or(Some(1), |v| {
                    std::str::from_utf8(v).ok()?.parse::<usize>().ok()
                });
            match number {
                Some(n @ 1..) => answers.pages.get(n - 1).unwrap_or(&answers.empty_page),
                _ => &answers.bad_request,
            }
        }
        b"POST" if path.starts_with(b"/agents/") && path.ends_with(b"/call") => &answers.placed,
        _ => &answers.not_found,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Serves one keep-alive connection: answers every complete request buffered, in order, in
/// one write, then reads again.
async fn serve(mut stream: TcpStream, answers: Arc<Answers>) {
    let mut buf: Vec<u8> = Vec::with_capacity(8 * 1024);
    let mut out: Vec<u8> = Vec::with_capacity(8 * 1024);
    loop {
        let mut start = 0;
        loop {
            match parse(&buf[start..], &answers) {
                Ok(Some((used, bytes))) => {
                    if bytes.is_empty() {
                        let body = format!("{{\"requests\":{}}}", REQUESTS.load(Ordering::Relaxed));
                        out.extend_from_slice(&answer("200 OK", &body));
                    } else {
                        out.extend_from_slice(bytes);
                    }
                    start += used;
                }
                Ok(None) => break,
                Err(()) => {
                    let _ = stream.write_all(&answers.bad_request).await;
                    return;
                }
            }
        }
        buf.drain(..start);
        if !out.is_empty() {
            if stream.write_all(&out).await.is_err() {
                return;
            }
            out.clear();
        }
        if buf.capacity() - buf.len() < 4096 {
            buf.reserve(8 * 1024);
        }
        match stream.read_buf(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

fn main() {
    let mut port = 0u16;
    let mut token = "talq_bench_token".to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--port" => port = value.parse().expect("--port: a number"),
            "--token" => token = value,
            _ => {
                eprintln!("talkover-bench-server: unknown flag {flag}");
                std::process::exit(2);
            }
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        println!(
            "talkover-bench-server listening on http://{addr}/api/v1 (pid {})",
            std::process::id()
        );
        let _ = std::io::stdout().flush();
        let answers = Arc::new(Answers::new(&token));
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            tokio::spawn(serve(stream, answers.clone()));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(req: &str) -> (usize, String) {
        let answers = Answers::new("t");
        let (used, out) = parse(req.as_bytes(), &answers).unwrap().unwrap();
        (used, String::from_utf8_lossy(out).into_owned())
    }

    #[test]
    fn routes_and_checks_the_token() {
        let auth = "authorization: Bearer t\r\n";
        let (_, out) = one(&format!(
            "GET /api/v1/agents/a/active-call/%2B1 HTTP/1.1\r\n{auth}\r\n"
        ));
        assert!(out.contains("\"answered\""), "{out}");
        let (_, out) = one("GET /api/v1/agents/a/active-call/%2B1 HTTP/1.1\r\n\r\n");
        assert!(out.starts_with("HTTP/1.1 401"), "{out}");
        for n in 1..=3 {
            let (_, out) = one(&format!(
                "GET /api/v1/calls?per_page=10&page={n} HTTP/1.1\r\n{auth}\r\n"
            ));
            assert!(out.contains(&format!("\"current_page\":{n}")), "{out}");
            assert_eq!(out.matches("\"sid\"").count(), 10);
        }
        let (_, out) = one(&format!("GET /api/v1/calls?page=4 HTTP/1.1\r\n{auth}\r\n"));
        assert!(out.contains("\"data\":[]"), "{out}");
        let req = format!(
            "POST /api/v1/agents/a/call HTTP/1.1\r\n{auth}Content-Length: 5\r\n\r\n{{\"a\"}}"
        );
        let (used, out) = one(&req);
        assert_eq!(used, req.len());
        assert!(out.contains("\"initiated\""), "{out}");
    }

    #[test]
    fn waits_for_a_whole_request() {
        let answers = Answers::new("t");
        let req = b"POST /api/v1/agents/a/call HTTP/1.1\r\ncontent-length: 9\r\n\r\n1234";
        assert!(parse(req, &answers).unwrap().is_none());
        assert!(parse(b"GET / HTTP/1.1\r\n", &answers).unwrap().is_none());
    }
}
