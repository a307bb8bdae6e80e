//! The accept loop and per-connection serving.
//!
//! The simulator owns its accept loop instead of using a framework's `serve` because faults
//! need control of the connection itself: close it before any byte, reset it mid-body, count
//! how many are open, and notice when a client gives up. Each connection runs hyper's HTTP/1
//! state machine with keep-alive; its socket (plain, or TLS in `tls` mode) is wrapped in
//! [`ConnIo`] so a `reset` fault can turn the final close into a TCP RST.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;

use crate::config::MockConfig;
pub(crate) use crate::inner::Inner;
use crate::tls::Stream;

/// How long a stopping server lets in-flight responses finish before cutting them off.
const DRAIN_TIMEOUT: Duration = Duration::from_millis(500);
/// How long a client has to complete the TLS handshake, so a socket that never speaks
/// (or a client that refused the certificate without closing) does not stay open.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// State shared by the server thread, its connections and the [`crate::MockServer`] handle.
pub(crate) struct Shared {
    token: String,
    tls: Option<TlsAcceptor>,
    inner: Mutex<Inner>,
    open: AtomicUsize,
    total: AtomicUsize,
    next_request: AtomicU64,
    shutdown: watch::Receiver<bool>,
}

impl Shared {
    pub(crate) fn new(
        token: String,
        config: MockConfig,
        tls: Option<TlsAcceptor>,
        shutdown: watch::Receiver<bool>,
    ) -> Self {
        Shared {
            token,
            tls,
            inner: Mutex::new(Inner::new(config)),
            open: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
            next_request: AtomicU64::new(0),
            shutdown,
        }
    }

    /// Locks the state. A panic while holding the lock cannot leave it half-updated in a way
    /// that matters to a simulator, so poisoning is ignored.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    /// Whether an `Authorization` header value carries this server's token.
    pub(crate) fn is_authorized(&self, header: Option<&[u8]>) -> bool {
        let Some(value) = header else {
            return false;
        };
        match value.split_at_checked(7) {
            Some((scheme, token)) => {
                scheme.eq_ignore_ascii_case(b"bearer ") && token == self.token.as_bytes()
            }
            None => false,
        }
    }

    pub(crate) fn next_request_id(&self) -> String {
        let n = self.next_request.fetch_add(1, Ordering::Relaxed) + 1;
        format!("req_{n:012x}")
    }

    pub(crate) fn connections_open(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }

    pub(crate) fn connections_total(&self) -> usize {
        self.total.load(Ordering::SeqCst)
    }

    /// Resolves when the server is stopping.
    pub(crate) async fn stopping(&self) {
        let mut rx = self.shutdown.clone();
        // An error means the handle is gone, which also means stop.
        let _ = rx.wait_for(|stop| *stop).await;
    }
}

/// Per-connection facts the handlers need.
#[derive(Debug)]
pub(crate) struct ConnCtx {
    /// The client's address (the control API answers loopback clients only).
    pub(crate) peer: SocketAddr,
    /// Set by a `reset` fault: close this socket with a TCP RST.
    pub(crate) reset: AtomicBool,
}

/// The socket, delegating I/O, and resetting the connection on drop when asked to.
struct ConnIo {
    stream: Stream,
    ctx: Arc<ConnCtx>,
}

impl Drop for ConnIo {
    fn drop(&mut self) {
        if self.ctx.reset.load(Ordering::Relaxed) {
            // Zero linger makes the close below send RST instead of FIN.
            let _ = self.stream.tcp().set_zero_linger();
        }
    }
}

impl AsyncRead for ConnIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for ConnIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// Counts a connection as open for as long as it lives.
struct OpenConn(Arc<Shared>);

impl OpenConn {
    fn new(shared: &Arc<Shared>) -> Self {
        shared.total.fetch_add(1, Ordering::SeqCst);
        shared.open.fetch_add(1, Ordering::SeqCst);
        OpenConn(Arc::clone(shared))
    }
}

impl Drop for OpenConn {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Accepts connections until the server stops, then drains them for up to [`DRAIN_TIMEOUT`].
/// Whatever is still running after that is dropped with the runtime.
pub(crate) async fn run(listener: std::net::TcpListener, shared: Arc<Shared>) {
    let listener = match TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(_) => return,
    };
    let mut builder = http1::Builder::new();
    builder.keep_alive(true);
    let builder = Arc::new(builder);
    loop {
        tokio::select! {
            biased;
            () = shared.stopping() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let open = OpenConn::new(&shared);
                    let shared = Arc::clone(&shared);
                    let builder = Arc::clone(&builder);
                    tokio::spawn(serve(stream, peer, shared, builder, open));
                }
                // Out of file descriptors or similar: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(5)).await,
            },
        }
    }
    drop(listener);
    let deadline = Instant::now() + DRAIN_TIMEOUT;
    while shared.connections_open() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

async fn serve(
    stream: TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    builder: Arc<http1::Builder>,
    // Parameters drop after locals, so the count falls only once the socket is closed.
    _open: OpenConn,
) {
    let _ = stream.set_nodelay(true);
    let Some(stream) = handshake(stream, &shared).await else {
        return;
    };
    let ctx = Arc::new(ConnCtx {
        peer,
        reset: AtomicBool::new(false),
    });
    let io = ConnIo {
        stream,
        ctx: Arc::clone(&ctx),
    };
    let svc_shared = Arc::clone(&shared);
    let service = service_fn(move |req| {
        crate::routes::dispatch(Arc::clone(&svc_shared), Arc::clone(&ctx), req)
    });
    let conn = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        () = shared.stopping() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.as_mut().await;
        }
    }
}

/// Wraps the socket in TLS when the server has a certificate; `None` when the handshake
/// fails (a client that does not trust the certificate aborts it), times out, or the server
/// stops first.
async fn handshake(stream: TcpStream, shared: &Shared) -> Option<Stream> {
    let Some(acceptor) = &shared.tls else {
        return Some(Stream::Plain(stream));
    };
    tokio::select! {
        accepted = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)) => {
            match accepted {
                Ok(Ok(tls)) => Some(Stream::Tls(Box::new(tls))),
                _ => None,
            }
        }
        () = shared.stopping() => None,
    }
}
