//! Which crypto library TLS runs on, chosen by cargo feature: `rustls-aws-lc` (the default)
//! or `rustls-ring`.
//!
//! With aws-lc, reqwest brings its own provider. With ring alone, reqwest is built without
//! one (`rustls-no-provider`) and uses rustls's process-wide default provider, panicking when
//! there is none; so before the first HTTP client is built, ring is installed as that
//! default unless the application installed a provider of its own first, which then wins.
//! Either way the application stays free to choose: it installs its provider before
//! building a client.

#[cfg(not(any(feature = "rustls-aws-lc", feature = "rustls-ring")))]
compile_error!(
    "talkover needs a TLS crypto provider: enable the `rustls-aws-lc` (default) or the \
     `rustls-ring` feature"
);

/// Makes sure the HTTP client will find a crypto provider.
pub(crate) fn ensure_provider() {
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another thread installing one is fine: a default exists.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
