//! One HTTP attempt: send, read a capped body, classify transport failures.
//!
//! The connection pool lives here. It is built once per [`Client`](crate::Client) and shared
//! by every clone, task and thread using it.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::log::Endpoint;
use crate::response::{RateLimit, ResponseMeta};
use bytes::{Bytes, BytesMut};
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER,
    USER_AGENT,
};
use reqwest::Method;
use std::time::{Duration, SystemTime};

/// Largest response body read. A proxy that streams forever cannot exhaust memory.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Idle pooled connections are closed after this, below the 60 s keep-alive common in load
/// balancers, so we never send on a socket the server is about to close.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(20);
/// Header telling the server which retry this is (0 for the first attempt).
/// Header names as constants: parsing a name from a string on every request shows up in
/// profiles of the hot path.
const RETRY_COUNT_HEADER: HeaderName = HeaderName::from_static("x-talkover-retry-count");
const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// A request, ready to be sent as many times as the retry policy wants.
#[derive(Debug)]
pub(crate) struct PreparedRequest<'a> {
    pub(crate) method: Method,
    pub(crate) url: String,
    pub(crate) json_body: Option<Bytes>,
    /// What the request is, for logs: the path with the phone masked.
    pub(crate) endpoint: Endpoint<'a>,
}

/// The parts of a response that decoding and retrying look at.
#[derive(Debug, Default)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) rate_limit: Option<RateLimit>,
    /// Every header, for a non-2xx response only (see [`header_pairs`]): a status error
    /// exposes them, and copying them for every success would cost each call allocations
    /// nobody reads.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// What a result decoded from this response remembers of it.
    pub(crate) fn meta(&self) -> ResponseMeta {
        ResponseMeta {
            status: self.status,
            request_id: self.request_id.clone(),
            rate_limit: self.rate_limit,
        }
    }
}

/// The shared connection pool plus the headers every request carries.
#[derive(Debug)]
pub(crate) struct Transport {
    http: reqwest::Client,
    /// The base URL, parsed once. Parsing each request's whole URL string again (scheme,
    /// host, IDNA) cost about a fifth of a call's instructions; only the part after the
    /// base is parsed per request (see [`Transport::url_for`]).
    base: reqwest::Url,
    /// The base URL as the requests' URL strings start with it.
    base_str: String,
}

impl Transport {
    pub(crate) fn new(config: &Config) -> Result<Transport> {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, bearer(&config.token.0)?);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let user_agent = HeaderValue::try_from(config.user_agent.as_str())
            .map_err(|_| Error::invalid("user_agent", "is not a valid HTTP header value"))?;
        headers.insert(USER_AGENT, user_agent);

        let mut builder = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .tcp_nodelay(true)
            // A redirect would replay the request (and its token) somewhere we were not
            // pointed at; surface it as a status error instead.
            .redirect(reqwest::redirect::Policy::none())
            // Retrying is the client's own job (`crate::retry`). reqwest's layer only ever
            // retries HTTP/2 refusals, which an HTTP/1 client never meets, yet its default
            // policy copies every request (headers, URI, extensions) before sending it in
            // case it does: with no retry allowed, nothing is copied.
            .retry(reqwest::retry::never().max_retries_per_request(0));
        if let Some(proxy) = &config.proxy {
            let proxy = reqwest::Proxy::all(proxy.0.as_str())
                .map_err(|e| Error::invalid("proxy", format!("not a usable proxy ({e})")))?;
            builder = builder.proxy(proxy);
        }
        // User-supplied CAs are checked whatever the scheme, so a bad one fails at build time.
        let user_roots = crate::tls::user_roots(config)?;
        let proxy_tls = config
            .proxy
            .as_ref()
            .is_some_and(|p| p.0.scheme() == "https");
        if config.base_url.starts_with("https:") || proxy_tls {
            builder = crate::tls::configure(builder, user_roots);
        } else {
            // A plain-HTTP base URL, through no TLS proxy, never does TLS (redirects are off),
            // so skip loading the system's certificate store: it is most of the cost of
            // building a client.
            builder = builder.tls_certs_only(Vec::new());
        }
        crate::crypto::ensure_provider();
        let http = builder
            .build()
            .map_err(|e| Error::invalid("client", format!("could not build HTTP client: {e}")))?;
        let base = reqwest::Url::parse(&config.base_url)
            .map_err(|e| Error::invalid("base_url", format!("not a valid URL ({e})")))?;
        Ok(Transport {
            http,
            base,
            base_str: config.base_url.clone(),
        })
    }

    /// The URL of a request: the parsed base with the request's own path and query set on
    /// it. A URL that does not start with the base (none of the client's) is parsed whole.
    fn url_for(&self, full: &str) -> Result<reqwest::Url> {
        let Some(rest) = full.strip_prefix(self.base_str.as_str()) else {
            return reqwest::Url::parse(full)
                .map_err(|e| Error::invalid("base_url", format!("not a valid URL ({e})")));
        };
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (rest, None),
        };
        let mut url = self.base.clone();
        let base_path = self.base.path().trim_end_matches('/');
        let mut joined = String::with_capacity(base_path.len() + path.len());
        joined.push_str(base_path);
        joined.push_str(path);
        url.set_path(&joined);
        url.set_query(query);
        Ok(url)
    }

    /// Sends one attempt and reads its body, all within `timeout`.
    pub(crate) async fn attempt(
        &self,
        req: &PreparedRequest<'_>,
        retry_count: u32,
        timeout: Duration,
        headers: Option<&HeaderMap>,
    ) -> Result<RawResponse> {
        match tokio::time::timeout(timeout, self.send(req, retry_count, headers)).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout { timeout }),
        }
    }

    async fn send(
        &self,
        req: &PreparedRequest<'_>,
        retry_count: u32,
        headers: Option<&HeaderMap>,
    ) -> Result<RawResponse> {
        let mut builder = self
            .http
            .request(req.method.clone(), self.url_for(&req.url)?)
            .header(RETRY_COUNT_HEADER, retry_count);
        if let Some(headers) = headers {
            builder = builder.headers(headers.clone());
        }
        if let Some(body) = &req.json_body {
            builder = builder
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        let mut response = builder.send().await.map_err(connection_error)?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let request_id = header_str(headers, &REQUEST_ID_HEADER).map(str::to_owned);
        let now = SystemTime::now();
        let retry_after =
            header_str(headers, &RETRY_AFTER).and_then(|v| crate::retry::parse_retry_after(v, now));
        let rate_limit = RateLimit::from_headers(headers, now);
        let all_headers = if (200..=299).contains(&status) {
            Vec::new()
        } else {
            header_pairs(headers)
        };
        if response
            .content_length()
            .is_some_and(|len| len > MAX_BODY_BYTES as u64)
        {
            return Err(too_large(status, request_id));
        }
        // A small body usually arrives as one chunk: keep it as it is, and only copy into a
        // buffer when a second chunk follows.
        let mut first: Option<Bytes> = None;
        let mut rest = BytesMut::new();
        let mut len = 0;
        while let Some(chunk) = response.chunk().await.map_err(connection_error)? {
            len += chunk.len();
            if len > MAX_BODY_BYTES {
                return Err(too_large(status, request_id));
            }
            match &first {
                None => first = Some(chunk),
                Some(head) => {
                    if rest.is_empty() {
                        rest.extend_from_slice(head);
                    }
                    rest.extend_from_slice(&chunk);
                }
            }
        }
        let body = if rest.is_empty() {
            first.unwrap_or_default()
        } else {
            rest.freeze()
        };
        Ok(RawResponse {
            status,
            request_id,
            retry_after,
            rate_limit,
            headers: all_headers,
            body,
        })
    }
}

/// A response's headers as `(name, value)` pairs, one per name in the order they first came:
/// the values of a name sent more than once are joined with `, `, as the Fetch API's
/// `Headers` does, so every binding can hand them over as a dict or an object as they are.
fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .keys()
        .map(|name| {
            let mut joined = String::new();
            for (i, value) in headers.get_all(name).iter().enumerate() {
                if i > 0 {
                    joined.push_str(", ");
                }
                joined.push_str(&String::from_utf8_lossy(value.as_bytes()));
            }
            (name.as_str().to_owned(), joined)
        })
        .collect()
}

/// The `Authorization` value for `token`, marked sensitive so the HTTP stack's own `Debug`
/// output masks it.
pub(crate) fn bearer(token: &str) -> Result<HeaderValue> {
    let mut value = HeaderValue::try_from(format!("Bearer {token}"))
        .map_err(|_| Error::invalid("token", "is not a valid HTTP header value"))?;
    value.set_sensitive(true);
    Ok(value)
}

pub(crate) fn header_str<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn too_large(status: u16, request_id: Option<String>) -> Error {
    Error::Response {
        status,
        message: format!(
            "response body exceeds the {} MiB limit",
            MAX_BODY_BYTES >> 20
        ),
        request_id,
        body: String::new(),
    }
}

/// Describes a transport failure without the URL (it holds the phone number) and with the
/// underlying cause, which reqwest keeps in its source chain.
fn connection_error(err: reqwest::Error) -> Error {
    // A failure to connect means nothing was sent: safe to retry even a request that
    // changes state.
    let request_sent = !err.is_connect();
    if err.is_timeout() {
        // reqwest's own connect timeout; the attempt timeout is handled by the caller.
        return Error::Connection {
            message: "timed out while connecting".to_owned(),
            request_sent,
        };
    }
    let err = err.without_url();
    let mut message = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    crate::tls::add_certificate_hint(&mut message);
    Error::Connection {
        message,
        request_sent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClientBuilder;

    fn transport(base_url: &str) -> Transport {
        let config = ClientBuilder::default()
            .token("talq_x")
            .base_url(base_url)
            .into_config()
            .unwrap();
        Transport::new(&config).unwrap()
    }

    #[test]
    fn a_repeated_header_becomes_one_pair_with_its_values_joined() {
        let mut headers = HeaderMap::new();
        headers.append("x-one", HeaderValue::from_static("1"));
        headers.append("vary", HeaderValue::from_static("accept"));
        headers.append("vary", HeaderValue::from_static("origin"));
        assert_eq!(
            header_pairs(&headers),
            [
                ("x-one".to_owned(), "1".to_owned()),
                ("vary".to_owned(), "accept, origin".to_owned()),
            ]
        );
    }

    #[test]
    fn request_urls_are_the_ones_a_full_parse_gives() {
        let cases = [
            (
                "http://127.0.0.1:8080/api/v1",
                "/agents/a%2Fb/active-call/%2B5511987654321",
            ),
            (
                "http://127.0.0.1:8080/api/v1/",
                "/calls?page=2&search=%2B55%2011%26x",
            ),
            (
                "https://app.talkover.ai/api/v1",
                "/agents/%C3%A7%25/end-call",
            ),
            ("http://localhost", "/agents/a/calls?page=1&per_page=5"),
        ];
        for (base, rest) in cases {
            let transport = transport(base);
            let full = format!("{}{rest}", transport.base_str);
            let built = transport.url_for(&full).unwrap();
            assert_eq!(built, reqwest::Url::parse(&full).unwrap(), "{full}");
            assert_eq!(built.as_str(), full, "{full}");
        }
    }
}
