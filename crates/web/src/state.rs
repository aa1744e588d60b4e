//! Shared state handed to every handler: the store, the configuration, the clock and the
//! in-memory helpers (metrics, log-in throttle).

use std::sync::Arc;

use dondoc_store::Store;
use time::{Date, OffsetDateTime, UtcOffset};

use crate::config::Config;
use crate::metrics::Metrics;
use crate::throttle::LoginThrottle;

/// Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving).
pub const VIETNAM: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// Where "now" comes from. Rules never read the clock; handlers take "today" from here, so
/// tests can pin it.
#[derive(Clone, Debug)]
pub enum Clock {
    System,
    /// A fixed instant (tests, demos).
    Fixed(OffsetDateTime),
}

impl Clock {
    pub fn now(&self) -> OffsetDateTime {
        match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Fixed(t) => *t,
        }
    }

    /// Today's date in Asia/Ho_Chi_Minh.
    pub fn today(&self) -> Date {
        self.now().to_offset(VIETNAM).date()
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub metrics: Arc<Metrics>,
    pub throttle: Arc<LoginThrottle>,
    /// Verified against when a user name is unknown (equal timing).
    pub dummy_hash: Arc<String>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> Self {
        let throttle = LoginThrottle::new(config.throttle_max_failures, config.throttle_window);
        let dummy = crate::security::dummy_hash(config.password_cost);
        AppState {
            store,
            config: Arc::new(config),
            clock: Clock::System,
            metrics: Arc::new(Metrics::new()),
            throttle: Arc::new(throttle),
            dummy_hash: Arc::new(dummy),
        }
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn today(&self) -> Date {
        self.clock.today()
    }
}
