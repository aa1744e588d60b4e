//! Service configuration: where to listen, which database, limits and security switches.
//!
//! Built from command-line arguments (see [`crate::cli`]) and the environment
//! (`DATABASE_URL` overrides `--database`). Everything has a safe default so that
//! `dondoc serve` works in an empty directory.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// How expensive password hashing is. Production uses the Argon2id defaults recommended
/// by OWASP; tests use the smallest parameters so that a test suite logs in hundreds of
/// times in seconds. The parameters are stored in each hash, so verification always uses
/// the cost the hash was made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCost {
    Production,
    Test,
}

/// Whether cookies carry the `Secure` attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecureCookies {
    /// Always (the service sits behind TLS).
    Always,
    /// Never (plain HTTP on a trusted network or loopback).
    Never,
    /// When the request arrived over TLS as told by `X-Forwarded-Proto: https`.
    Auto,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    /// Largest request body accepted, in bytes (uploads included).
    pub max_body_bytes: usize,
    pub secure_cookies: SecureCookies,
    pub session_ttl: Duration,
    pub password_cost: PasswordCost,
    /// Failed log-ins allowed per user name and per IP within [`Config::throttle_window`].
    pub throttle_max_failures: u32,
    pub throttle_window: Duration,
    /// A task is "due soon" when its deadline is this many days away or fewer.
    pub due_soon_days: u32,
}

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub const DEFAULT_DATA_DIR: &str = "./data";
pub const DEFAULT_MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

impl Config {
    /// The SQLite URL for a data directory: `sqlite://DIR/dondoc.db?mode=rwc`.
    pub fn sqlite_url_for(data_dir: &std::path::Path) -> String {
        format!("sqlite://{}?mode=rwc", data_dir.join("dondoc.db").display())
    }

    /// A configuration for tests: in-memory friendly, cheap password hashing.
    pub fn for_tests(database_url: impl Into<String>) -> Self {
        Config { password_cost: PasswordCost::Test, database_url: database_url.into(), ..Config::default() }
    }
}

impl Default for Config {
    fn default() -> Self {
        let data_dir = PathBuf::from(DEFAULT_DATA_DIR);
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: Config::sqlite_url_for(&data_dir),
            data_dir,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            secure_cookies: SecureCookies::Auto,
            session_ttl: Duration::from_secs(12 * 3600),
            password_cost: PasswordCost::Production,
            throttle_max_failures: 5,
            throttle_window: Duration::from_secs(15 * 60),
            due_soon_days: 5,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_documented_ones() {
        let c = Config::default();
        assert_eq!(c.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(c.database_url, "sqlite://./data/dondoc.db?mode=rwc");
        assert_eq!(c.due_soon_days, 5);
    }
}
