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
//! Loading the system's store means reading and parsing a few hundred certificates (the
//! bundle and the directory named by `SSL_CERT_FILE` / `SSL_CERT_DIR` on Linux), several
//! milliseconds every time. On the systems where the client verifies against that store
//! itself (Linux and the other Unix systems but Apple's and Android), the certificates
//! loaded are kept for the process and shared by every client built after the first, as long
//! as those variables, and the file and directory they name, are unchanged: a process that
//! builds many clients (a test suite, a worker per tenant) pays for the load once.
//!
//! [`ClientBuilder::add_root_certificate_pem`]: crate::ClientBuilder::add_root_certificate_pem

use crate::config::Config;
use crate::error::{Error, Result};
use reqwest::Certificate;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

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
    if VERIFIER_READS_CERT_FILE {
        // The roots the system verifier would load (it reads `SSL_CERT_FILE` and
        // `SSL_CERT_DIR` as OpenSSL does), loaded once and handed over as the only roots:
        // the same verification, without reading the store again for every client.
        let roots = shared_system_roots();
        return builder.tls_certs_only(roots.iter().cloned().chain(extra));
    }
    extra.extend(cert_file_roots());
    if system_has_roots() {
        builder.tls_certs_merge(extra)
    } else {
        builder.tls_certs_only(bundled_roots().iter().cloned().chain(extra))
    }
}

/// The bundled Mozilla roots, for a system without any (parsed once per process).
fn bundled_roots() -> Arc<[Certificate]> {
    static BUNDLED: OnceLock<Arc<[Certificate]>> = OnceLock::new();
    BUNDLED
        .get_or_init(|| {
            webpki_root_certs::TLS_SERVER_ROOT_CERTS
                .iter()
                .filter_map(|der| Certificate::from_der(der).ok())
                .collect()
        })
        .clone()
}

/// What the loaded system roots depend on: the variables that replace the store, and the
/// size and modification time of what they name, so an edited bundle is read again.
#[derive(Clone, PartialEq, Eq, Debug)]
struct RootsKey {
    file: Option<(std::ffi::OsString, Option<FileStamp>)>,
    dir: Option<(std::ffi::OsString, Option<FileStamp>)>,
}

type FileStamp = (u64, Option<std::time::SystemTime>);

impl RootsKey {
    fn from_env() -> RootsKey {
        let named = |var: &str| {
            std::env::var_os(var).map(|path| {
                let stamp = std::fs::metadata(&path)
                    .ok()
                    .map(|m| (m.len(), m.modified().ok()));
                (path, stamp)
            })
        };
        RootsKey {
            file: named(ENV_CERT_FILE),
            dir: named("SSL_CERT_DIR"),
        }
    }
}

/// The system's roots for the current environment: loaded by the first client, shared by
/// the next ones while [`RootsKey`] holds. The bundled Mozilla roots when the store (or the
/// file and directory the variables name) gives none, with a warning when a variable named
/// something unusable.
fn shared_system_roots() -> Arc<[Certificate]> {
    static LOADED: Mutex<Option<(RootsKey, Arc<[Certificate]>)>> = Mutex::new(None);
    let key = RootsKey::from_env();
    let mut loaded = LOADED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((held, roots)) = loaded.as_ref() {
        if *held == key {
            return roots.clone();
        }
    }
    let roots = load_system_roots(&key);
    *loaded = Some((key, roots.clone()));
    roots
}

fn load_system_roots(key: &RootsKey) -> Arc<[Certificate]> {
    let result = rustls_native_certs::load_native_certs();
    // As the system verifier does: a certificate that is not a usable trust anchor is
    // skipped, not fatal.
    let roots: Arc<[Certificate]> = result
        .certs
        .iter()
        .filter(|der| webpki::anchor_from_trusted_cert(der).is_ok())
        .filter_map(|der| Certificate::from_der(der).ok())
        .collect();
    if key.file.is_some() {
        if let Some(error) = result.errors.first() {
            crate::log::cert_file_ignored(ENV_CERT_FILE, error);
        }
    }
    if roots.is_empty() {
        bundled_roots()
    } else {
        roots
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

/// Whether the OS certificate store has any root (looked up once per process), where the
/// platform's own verifier is used.
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
