//! Generates a benchmark data set and measures the two queries the issue sets targets for.
//!
//! ```text
//! cargo run -p dondoc-store --example seed -- [DATABASE_URL] [N_TASKS] [N_REPORTS]
//! ```
//! Defaults: `sqlite://data/bench.db?mode=rwc`, 100000 tasks, 1000000 reports. Prints the load
//! time and p50/p99 of (a) the task list filtered by unit and status and (b) statistics per
//! unit, both as of the data set's date.
//!
//! For the HTTP load tests (`bench/load.sh`, `bench/pages.sh`), three environment variables:
//! - `SEED_TOKEN_SHA256=<hex>`: also gives the generated office user an API token with this
//!   SHA-256 digest (the generated users have no password, so nobody can log in to make one);
//! - `SEED_SESSION_SHA256=<hex>`: likewise a log-in session (30 days) for the web pages
//!   (`bench/pages.sh`), whose cookie token has this SHA-256 digest;
//! - `SEED_MEASURE=0`: skip the in-process measurement.

use dondoc_domain::status::StatusGroup;
use dondoc_domain::user::{Actor, Role};
use dondoc_store::stats::StatsQuery;
use dondoc_store::tasks::TaskFilter;
use dondoc_store::Store;
use std::time::{Duration, Instant};
use time::macros::date;

fn pct(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).copied().unwrap_or_default()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let url = args.get(1).cloned().unwrap_or_else(|| "sqlite://data/bench.db?mode=rwc".into());
    let n_tasks: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let n_reports: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    if let Some(path) = url.strip_prefix("sqlite://").and_then(|p| p.split('?').next()) {
        if let Some(dir) = std::path::Path::new(path).parent() {
            std::fs::create_dir_all(dir)?;
        }
    }
    let store = Store::connect(&url).await?;
    let org = store.create_organisation("Bench", Some("B"), true).await?.id;
    let today = date!(2025 - 06 - 30);
    let t0 = Instant::now();
    let seeded = dondoc_store::seed::generate(&store, org, n_tasks, n_reports, today).await?;
    println!("seeded {} tasks, {} reports in {:.1?}", seeded.tasks, seeded.reports, t0.elapsed());

    let office = Actor { org_id: org, user_id: seeded.office_user, role: Role::Office, unit_id: None, person_id: None };
    if let Ok(digest) = std::env::var("SEED_TOKEN_SHA256") {
        let digest = digest.trim().to_ascii_lowercase();
        if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("SEED_TOKEN_SHA256 must be 64 hexadecimal digits".into());
        }
        store.create_api_token(&office, "bench", &digest, None).await?;
        println!("office API token created (organisation {})", org.get());
    }
    if let Ok(digest) = std::env::var("SEED_SESSION_SHA256") {
        let digest = digest.trim().to_ascii_lowercase();
        if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("SEED_SESSION_SHA256 must be 64 hexadecimal digits".into());
        }
        let user = store.get_user(&office, seeded.office_user).await?;
        let expires = time::OffsetDateTime::now_utc() + time::Duration::days(30);
        store.create_session(&user, &digest, "seed-csrf", expires).await?;
        println!("office session created (organisation {})", org.get());
    }
    if std::env::var("SEED_MEASURE").is_ok_and(|v| v == "0") {
        store.close().await;
        return Ok(());
    }
    let groups = [StatusGroup::OpenOverdue, StatusGroup::OpenInTime, StatusGroup::DoneOnTime, StatusGroup::DueSoon];
    let mut list = Vec::new();
    for i in 0..200 {
        let (user, unit) = seeded.unit_users[i % seeded.unit_users.len()];
        let actor = if i % 2 == 0 {
            office
        } else {
            Actor { org_id: org, user_id: user, role: Role::Unit, unit_id: Some(unit), person_id: None }
        };
        let mut f = TaskFilter::as_of(today);
        f.unit = Some(unit);
        f.groups = vec![groups[i % groups.len()]];
        let t = Instant::now();
        let page = store.list_tasks(&actor, &f).await?;
        list.push(t.elapsed());
        std::hint::black_box(page);
    }
    let mut stats = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        let rows = store.stats_by_unit(&office, &StatsQuery::as_of(today)).await?;
        stats.push(t.elapsed());
        std::hint::black_box(rows);
    }
    println!("task list by unit+status: p50 {:.1?} p99 {:.1?}", pct(list.clone(), 0.5), pct(list, 0.99));
    println!("statistics per unit:      p50 {:.1?} p99 {:.1?}", pct(stats.clone(), 0.5), pct(stats, 0.99));
    store.close().await;
    Ok(())
}
