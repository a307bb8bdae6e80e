//! Which certificate authorities the client trusts.
//!
//! The operating system's roots, or the bundled Mozilla roots when the system has none
//! (minimal containers ship without `ca-certificates`), plus the CAs the user names:
//! certificates given to [`ClientBuilder::add_root_certificate_pem`] (the bindings' `ca_cert`
//! / `caCert` option) and the PEM bundle named by `SSL_CERT_FILE`.
//!
//! `SSL_CERT_FILE` is how Python, curl and OpenSSL users already point tools at a corporate
//! proxy's or a test server's CA. The system verifier reads it on Linux and the other Unix
//! systems (there it replaces the system store, as with OpenSSL), but not on macOS, Windows
//! or Android; there the client reads the file itself and trusts it in addition to the
//! system's roots, so the variable works on every platform. It comes from the environment
//! rather than from the caller, so an unusable file is logged at WARN and skipped instead of
//! failing every client built in that process.
//!
//! [`ClientBuilder::add_root_certificate_pem`]: crate::ClientBuilder::add_root_certificate_pem

use crate::config::Config;
use crate::error::{Error, Result};
use reqwest::Certificate;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use std::path::Path;
use std::sync::OnceLock;

/// Environment variable naming a PEM bundle of extra trusted CAs.
pub(crate) const ENV_CERT_FILE: &str = "SSL_CERT_FILE";
/// Whether the system verifier already reads [`ENV_CERT_FILE`] (through the OpenSSL-style
/// certificate lookup it uses on these systems); reading it again would only cost time.
const VERIFIER_READS_CERT_FILE: bool = cfg!(all(
    unix,
    not(target_vendor = "apple"),
    not(target_os = "android")
));

/// Added to a connection error whose cause is the server's certificate, which is otherwise
/// reported in the TLS library's terms (`invalid peer certificate: UnknownIssuer`).
const CERTIFICATE_HINT: &str = "the server's certificate could not be verified: if a \
    private CA issued it (a corporate proxy, a test server), trust that CA with the client's \
    CA certificate option or the SSL_CERT_FILE environment variable";

/// Parses the user-supplied CA certificates. An invalid one is bad input, refused at build.
pub(crate) fn user_roots(config: &Config) -> Result<Vec<Certificate>> {
    let mut roots = Vec::new();
    for pem in &config.root_certificates_pem {
        roots.extend(parse_bundle(pem).map_err(|reason| Error::invalid("ca_cert", reason))?);
    }
    Ok(roots)
}

/// Sets up certificate verification for an `https` base URL.
pub(crate) fn configure(
    builder: reqwest::ClientBuilder,
    mut extra: Vec<Certificate>,
) -> reqwest::ClientBuilder {
    if !VERIFIER_READS_CERT_FILE {
        extra.extend(cert_file_roots());
    }
    if system_has_roots() {
        builder.tls_certs_merge(extra)
    } else {
        let bundled = webpki_root_certs::TLS_SERVER_ROOT_CERTS
            .iter()
            .filter_map(|der| Certificate::from_der(der).ok());
        builder.tls_certs_only(bundled.chain(extra))
    }
}

/// Appends [`CERTIFICATE_HINT`] when a connection failure is about a certificate.
pub(crate) fn add_certificate_hint(message: &mut String) {
    if message.to_ascii_lowercase().contains("certificate") {
        message.push_str("; ");
        message.push_str(CERTIFICATE_HINT);
    }
}

/// The certificates in the `SSL_CERT_FILE` bundle, or none (with a warning) when the
/// variable is set but the file cannot be read or holds no certificate.
fn cert_file_roots() -> Vec<Certificate> {
    let Some(path) = std::env::var_os(ENV_CERT_FILE).filter(|p| !p.is_empty()) else {
        return Vec::new();
    };
    match read_cert_file(Path::new(&path)) {
        Ok(certs) => certs,
        Err(reason) => {
            crate::log::cert_file_ignored(ENV_CERT_FILE, &reason);
            Vec::new()
        }
    }
}

fn read_cert_file(path: &Path) -> std::result::Result<Vec<Certificate>, String> {
    let pem = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_bundle(&pem).map_err(|reason| format!("{}: {reason}", path.display()))
}

/// Every certificate in a PEM bundle; an error when there is none or one is malformed.
///
/// Each certificate is parsed as a trust anchor now, so a broken one is reported here, by
/// name, whatever the base URL's scheme, rather than as an opaque failure of the HTTP stack.
fn parse_bundle(pem: &[u8]) -> std::result::Result<Vec<Certificate>, String> {
    let mut certs = Vec::new();
    for der in CertificateDer::pem_slice_iter(pem) {
        let der = der.map_err(|e| format!("not a valid PEM certificate bundle ({e})"))?;
        webpki::anchor_from_trusted_cert(&der)
            .map_err(|e| format!("holds a certificate that cannot be parsed ({e})"))?;
        certs.push(
            Certificate::from_der(&der)
                .map_err(|e| format!("holds an unusable certificate ({e})"))?,
        );
    }
    if certs.is_empty() {
        return Err("contains no PEM certificate".to_owned());
    }
    Ok(certs)
}

/// Whether the OS certificate store has any root (looked up once per process).
fn system_has_roots() -> bool {
    static HAS_ROOTS: OnceLock<bool> = OnceLock::new();
    *HAS_ROOTS.get_or_init(|| !rustls_native_certs::load_native_certs().certs.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundles_without_a_parsable_certificate_are_refused() {
        let key = b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        let not_der = b"-----BEGIN CERTIFICATE-----\nbm90IGRlcg==\n-----END CERTIFICATE-----\n";
        for bad in [&b""[..], b"not a pem", key, not_der] {
            assert!(
                parse_bundle(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    /// A self-signed CA certificate (public test data; its key was thrown away).
    const TEST_CA: &str = "-----BEGIN CERTIFICATE-----
MIIBjDCCATOgAwIBAgIUWhCfWORtCz1HcewCbn8JdKbsY0owCgYIKoZIzj0EAwIw
GzEZMBcGA1UEAwwQdGFsa292ZXIgdGVzdCBDQTAgFw0yNjExMjExMjI0MzBaGA8y
MTI2MTAyODEyMjQzMFowGzEZMBcGA1UEAwwQdGFsa292ZXIgdGVzdCBDQTBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABDkmyzZksJRDScalgjhDkLX+uJnaWOUP8R1w
Q5DIDTfWcL+t/qX5A5S15QJPjnkIlRWlvzHVag6YLnNtG+DYVTOjUzBRMB0GA1Ud
DgQWBBQJwnVjjLJ9kTbYNxsP6Gp4vxtAxDAfBgNVHSMEGDAWgBQJwnVjjLJ9kTbY
NxsP6Gp4vxtAxDAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIBjg
eb323oMA2SldOIdXoW4NKjdtjLQXLvfQO5TB7d31AiBKHYMAkG/BVALbsz4Dlizy
w+C2ve2V5WNXhA0+KSN3ww==
-----END CERTIFICATE-----
";

    #[test]
    fn bundles_keep_every_certificate_and_skip_other_sections() {
        let bundle = format!("# comment\n{TEST_CA}{TEST_CA}");
        assert_eq!(parse_bundle(bundle.as_bytes()).unwrap().len(), 2);
    }

    #[test]
    fn cert_files_are_read_or_explained() {
        let dir = std::env::temp_dir().join(format!("talkover-cert-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("ca.pem");
        std::fs::write(&good, TEST_CA).unwrap();
        assert_eq!(read_cert_file(&good).unwrap().len(), 1);
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, "").unwrap();
        let why = read_cert_file(&empty).unwrap_err();
        assert!(
            why.contains("empty.pem") && why.contains("no PEM certificate"),
            "{why}"
        );
        let why = read_cert_file(&dir.join("missing.pem")).unwrap_err();
        assert!(
            why.starts_with("cannot read ") && why.contains("missing.pem"),
            "{why}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_certificate_failures_get_the_hint() {
        let mut tls = "client error (Connect): invalid peer certificate: UnknownIssuer".to_owned();
        add_certificate_hint(&mut tls);
        assert!(tls.contains("SSL_CERT_FILE"), "{tls}");
        let mut refused = "client error (Connect): Connection refused".to_owned();
        add_certificate_hint(&mut refused);
        assert!(!refused.contains("SSL_CERT_FILE"), "{refused}");
    }
}
