//! Log-in throttling, in memory: after `max_failures` failed log-ins for one user name, or
//! from one IP address, within `window`, further attempts for that name or from that
//! address are refused until the oldest failure leaves the window.
//!
//! The clock is passed in (`now`), so the rule is testable without sleeping. State is lost
//! on restart, which is acceptable: the throttle slows guessing, the Argon2id hash makes
//! each guess expensive anyway.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct LoginThrottle {
    max_failures: u32,
    window: Duration,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// The keys an attempt is counted under.
pub fn keys(username: &str, ip: Option<std::net::IpAddr>) -> Vec<String> {
    let mut k = vec![format!("user:{}", username.trim().to_lowercase())];
    if let Some(ip) = ip {
        k.push(format!("ip:{ip}"));
    }
    k
}

impl LoginThrottle {
    pub fn new(max_failures: u32, window: Duration) -> Self {
        LoginThrottle { max_failures: max_failures.max(1), window, failures: Mutex::new(HashMap::new()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, VecDeque<Instant>>> {
        // A poisoned lock only means another thread panicked mid-update of a counter map;
        // the map itself is still usable.
        self.failures.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `Err(seconds to wait)` when any key is locked out at `now`.
    pub fn check(&self, keys: &[String], now: Instant) -> Result<(), u64> {
        let mut map = self.lock();
        let mut wait = 0u64;
        for k in keys {
            if let Some(q) = map.get_mut(k) {
                prune(q, now, self.window);
                if q.len() as u32 >= self.max_failures {
                    if let Some(oldest) = q.front() {
                        let until = *oldest + self.window;
                        let secs = until.saturating_duration_since(now).as_secs().max(1);
                        wait = wait.max(secs);
                    }
                }
            }
        }
        if wait > 0 {
            Err(wait)
        } else {
            Ok(())
        }
    }

    pub fn record_failure(&self, keys: &[String], now: Instant) {
        let mut map = self.lock();
        for k in keys {
            let q = map.entry(k.clone()).or_default();
            prune(q, now, self.window);
            q.push_back(now);
        }
        // Keep memory bounded under a flood of distinct names.
        if map.len() > 100_000 {
            map.retain(|_, q| {
                prune(q, now, self.window);
                !q.is_empty()
            });
        }
    }

    /// A successful log-in clears the user name's failures (not the IP's).
    pub fn record_success(&self, username: &str) {
        let mut map = self.lock();
        map.remove(&format!("user:{}", username.trim().to_lowercase()));
    }
}

fn prune(q: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while let Some(front) = q.front() {
        if now.saturating_duration_since(*front) >= window {
            q.pop_front();
        } else {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_max_failures_and_unlocks_after_window() {
        let t = LoginThrottle::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        let k = keys("VanPhong", Some([10, 0, 0, 1].into()));
        for i in 0..3 {
            assert!(t.check(&k, t0).is_ok(), "attempt {i}");
            t.record_failure(&k, t0);
        }
        let wait = t.check(&k, t0 + Duration::from_secs(10)).unwrap_err();
        assert_eq!(wait, 50);
        assert!(t.check(&k, t0 + Duration::from_secs(61)).is_ok());
    }

    #[test]
    fn per_user_and_per_ip_are_independent() {
        let t = LoginThrottle::new(2, Duration::from_secs(60));
        let now = Instant::now();
        // Two users from one IP: the IP locks, a third name from that IP is refused.
        t.record_failure(&keys("a", Some([1, 1, 1, 1].into())), now);
        t.record_failure(&keys("b", Some([1, 1, 1, 1].into())), now);
        assert!(t.check(&keys("c", Some([1, 1, 1, 1].into())), now).is_err());
        // The same name from elsewhere is fine: "c" has no failures.
        assert!(t.check(&keys("c", Some([2, 2, 2, 2].into())), now).is_ok());
        // One name from many IPs locks the name, case-insensitively.
        t.record_failure(&keys("Dan", Some([3, 0, 0, 1].into())), now);
        t.record_failure(&keys("dan", Some([3, 0, 0, 2].into())), now);
        assert!(t.check(&keys("DAN", Some([3, 0, 0, 3].into())), now).is_err());
    }

    #[test]
    fn success_clears_the_user_name() {
        let t = LoginThrottle::new(2, Duration::from_secs(60));
        let now = Instant::now();
        let k = keys("x", None);
        t.record_failure(&k, now);
        t.record_success("x");
        t.record_failure(&k, now);
        assert!(t.check(&k, now).is_ok());
    }
}
