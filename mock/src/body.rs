//! The one response body type, able to misbehave.
//!
//! Ordinary answers are a single buffer. Faults need bodies that are huge without being held
//! in memory (`body_bytes`), slow (`trickle`), or that stop early and make hyper abort the
//! connection (`truncate`, `reset`): a body that yields an error mid-stream is how hyper is
//! told to close the socket without finishing the message. One concrete type keeps the hot
//! path free of boxing.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use tokio::time::Sleep;

/// Filler for `body_bytes` bodies: streamed in slices of this static buffer.
static FILLER: [u8; 64 * 1024] = [b'x'; 64 * 1024];

/// Where the body's bytes come from.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// These exact bytes.
    Bytes(Bytes),
    /// This many `x` bytes.
    Filler(u64),
}

impl Source {
    pub(crate) fn len(&self) -> u64 {
        match self {
            Source::Bytes(b) => b.len() as u64,
            Source::Filler(n) => *n,
        }
    }

    fn slice(&self, start: u64, end: u64) -> Bytes {
        match self {
            // Offsets never exceed `len()`, which came from a `usize`.
            Source::Bytes(b) => b.slice(start as usize..end as usize),
            Source::Filler(_) => Bytes::from_static(&FILLER[..(end - start) as usize]),
        }
    }
}

/// A response body: sends `source[..send]` in chunks, then ends cleanly or with an error.
pub(crate) struct MockBody {
    source: Source,
    pos: u64,
    send: u64,
    chunk: u64,
    /// Pause before every chunk (trickle).
    chunk_delay: Option<Duration>,
    /// `Some(pause)`: after the last chunk, wait `pause` then fail, aborting the connection.
    abort_after: Option<Duration>,
    /// Whether hyper may take `send` as the content length.
    exact: bool,
    sleep: Option<Pin<Box<Sleep>>>,
    /// The pause before the current chunk (or the abort) has elapsed.
    waited: bool,
}

impl MockBody {
    /// A complete body made of `bytes`.
    pub(crate) fn full(bytes: impl Into<Bytes>) -> Self {
        MockBody::source(Source::Bytes(bytes.into()))
    }

    /// A complete body from `source`, streamed in 64 KiB chunks.
    pub(crate) fn source(source: Source) -> Self {
        let send = source.len();
        MockBody {
            source,
            pos: 0,
            send,
            chunk: FILLER.len() as u64,
            chunk_delay: None,
            abort_after: None,
            exact: true,
            sleep: None,
            waited: false,
        }
    }

    /// Sends only the first `send` bytes, then waits `pause` and fails.
    pub(crate) fn cut(mut self, send: u64, pause: Duration) -> Self {
        self.send = send.min(self.send);
        self.abort_after = Some(pause);
        self.exact = false;
        self
    }

    /// Sends one byte every `delay`.
    pub(crate) fn trickle(mut self, delay: Duration) -> Self {
        self.chunk = 1;
        self.chunk_delay = Some(delay);
        self
    }

    /// Stops hyper from deriving `content-length` from the body (a header sets it instead).
    pub(crate) fn inexact(mut self) -> Self {
        self.exact = false;
        self
    }

    /// Polls the pending pause, starting one of `delay` if none is running.
    fn pause(&mut self, cx: &mut Context<'_>, delay: Duration) -> Poll<()> {
        if self.waited || delay.is_zero() {
            return Poll::Ready(());
        }
        let sleep = self
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(delay)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => {
                self.sleep = None;
                self.waited = true;
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Body for MockBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        if this.pos < this.send {
            if let Some(delay) = this.chunk_delay {
                if this.pause(cx, delay).is_pending() {
                    return Poll::Pending;
                }
                this.waited = false;
            }
            let end = (this.pos + this.chunk).min(this.send);
            let data = this.source.slice(this.pos, end);
            this.pos = end;
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        match this.abort_after {
            None => Poll::Ready(None),
            Some(pause) => {
                if this.pause(cx, pause).is_pending() {
                    return Poll::Pending;
                }
                this.abort_after = None;
                Poll::Ready(Some(Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "body cut short by a fault",
                ))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.pos >= self.send && self.abort_after.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        if self.exact {
            SizeHint::with_exact(self.send - self.pos)
        } else {
            SizeHint::default()
        }
    }
}
