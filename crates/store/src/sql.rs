//! Small helpers for writing SQL once for both back-ends: numbered `$n` parameters (SQLite and
//! PostgreSQL both accept them), typed argument lists, column readers, and date/time text.

use crate::error::{Result, StoreError};
use dondoc_domain::dates::{iso, parse_iso};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Row};
use time::{Date, OffsetDateTime};

/// One bound value.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    I(i64),
    OI(Option<i64>),
    S(String),
    OS(Option<String>),
    B(Option<Vec<u8>>),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::I(v)
    }
}
impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Arg::OI(v)
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::S(v)
    }
}
impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::S(v.to_string())
    }
}
impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Arg::OS(v)
    }
}
impl From<Date> for Arg {
    fn from(v: Date) -> Self {
        Arg::S(iso(v))
    }
}
impl From<Option<Date>> for Arg {
    fn from(v: Option<Date>) -> Self {
        Arg::OS(v.map(iso))
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Self {
        Arg::I(i64::from(v))
    }
}

/// A statement being built: text plus arguments, placeholders numbered as they are added.
#[derive(Debug, Default, Clone)]
pub(crate) struct Q {
    pub sql: String,
    pub args: Vec<Arg>,
}

impl Q {
    /// Adds an argument and returns its placeholder.
    pub fn arg(&mut self, a: impl Into<Arg>) -> String {
        self.args.push(a.into());
        format!("${}", self.args.len())
    }
    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        bind_all(sqlx::query(&self.sql), &self.args)
    }
}

/// Binds arguments in order.
pub(crate) fn bind_all<'q>(
    mut q: Query<'q, Any, AnyArguments<'q>>,
    args: &'q [Arg],
) -> Query<'q, Any, AnyArguments<'q>> {
    for a in args {
        q = match a {
            Arg::I(v) => q.bind(*v),
            Arg::OI(v) => q.bind(*v),
            Arg::S(v) => q.bind(v.as_str()),
            Arg::OS(v) => q.bind(v.as_deref()),
            Arg::B(v) => q.bind(v.as_deref()),
        };
    }
    q
}

/// Now, as RFC 3339 UTC text (sorts like the instant).
pub(crate) fn now_text() -> String {
    ts_text(OffsetDateTime::now_utc())
}

/// A timestamp as RFC 3339 UTC text with fixed width (microseconds), so text order is time order.
pub(crate) fn ts_text(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    )
}

/// Parses what `ts_text` wrote.
pub(crate) fn parse_ts(s: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(|e| StoreError::corrupt(format!("timestamp {s}: {e}")))
}

pub(crate) fn get_i64(r: &AnyRow, c: &str) -> Result<i64> {
    Ok(r.try_get::<i64, _>(c)?)
}
pub(crate) fn get_oi64(r: &AnyRow, c: &str) -> Result<Option<i64>> {
    Ok(r.try_get::<Option<i64>, _>(c)?)
}
pub(crate) fn get_s(r: &AnyRow, c: &str) -> Result<String> {
    Ok(r.try_get::<String, _>(c)?)
}
pub(crate) fn get_os(r: &AnyRow, c: &str) -> Result<Option<String>> {
    Ok(r.try_get::<Option<String>, _>(c)?)
}
pub(crate) fn get_bool(r: &AnyRow, c: &str) -> Result<bool> {
    Ok(get_i64(r, c)? != 0)
}
pub(crate) fn get_date(r: &AnyRow, c: &str) -> Result<Date> {
    let s = get_s(r, c)?;
    parse_iso(&s).ok_or_else(|| StoreError::corrupt(format!("{c}: bad date {s}")))
}
pub(crate) fn get_odate(r: &AnyRow, c: &str) -> Result<Option<Date>> {
    match get_os(r, c)? {
        None => Ok(None),
        Some(s) => parse_iso(&s).map(Some).ok_or_else(|| StoreError::corrupt(format!("{c}: bad date {s}"))),
    }
}
pub(crate) fn get_json<T: serde::de::DeserializeOwned>(r: &AnyRow, c: &str) -> Result<T> {
    let s = get_s(r, c)?;
    Ok(serde_json::from_str(&s)?)
}

/// `($a, $b, ...)` for an IN list.
pub(crate) fn in_list(q: &mut Q, ids: &[i64]) -> String {
    let ps: Vec<String> = ids.iter().map(|i| q.arg(*i)).collect();
    format!("({})", ps.join(", "))
}
