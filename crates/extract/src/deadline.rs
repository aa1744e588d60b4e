//! Deadlines in words (thời hạn): "vào ngày 21/4/2024", "tháng 6/2024", "trước tháng 9 năm
//! 2024" (= 31/8/2024), "trong quý II/2024", "6 tháng đầu năm", "trong năm 2024", "chậm nhất
//! ngày 15/5/2024", "trong 15 ngày kể từ ngày ký", "hằng tháng", "định kỳ 6 tháng",
//! "trước ngày 20 hằng tháng", "thường xuyên".
//!
//! Each phrase is resolved against the document's date: a period ends on its last day, "trước"
//! moves the end to the day (or period) before, and a period named without a year takes the
//! document's year, or the next one when it has already passed.

use crate::date::Date;
use crate::model::{DeadlineKind, Period};
use crate::text::{is_word_char, phrase_at, roman, skip_spaces};

/// How sure we are that a phrase sets a deadline rather than names a period in passing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// "trong năm 2024", "quý I/2024" with no preposition: a mention, perhaps a deadline.
    Weak,
    /// A date, a month, or any period introduced by trước / trong / đến / chậm nhất / vào.
    Strong,
}

/// A deadline phrase found in a block (offsets into the block's joined text).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: DeadlineKind,
    pub due: Option<Date>,
    pub period: Option<Period>,
    pub strength: Strength,
    /// A due date that falls before the document's date.
    pub before_document: bool,
    /// Introduced by a deadline word (trước, chậm nhất, đến, trong, vào…).
    pub explicit: bool,
}

/// What a phrase is resolved against.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// The document's date (or the best guess at it).
    pub reference: Option<Date>,
    /// Every phrase is a deadline (a table's "Thời hạn" column).
    pub all_strong: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    None,
    /// "trước": the day or period before.
    Before,
    /// "trong", "đến", "chậm nhất", "vào", "hoàn thành": by the end of.
    By,
}

/// An integer of at most `max_digits` digits at `pos`.
fn uint(s: &str, pos: usize, max_digits: usize) -> Option<(u32, usize)> {
    let b = s.as_bytes();
    let mut i = pos;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == pos || i - pos > max_digits {
        return None;
    }
    // A number glued to letters ("75ha") is not a date part.
    if s[i..].chars().next().is_some_and(crate::text::is_letter) {
        return None;
    }
    Some((s[pos..i].parse().ok()?, i))
}

/// `word` after optional spaces at `pos`; returns the position after it.
fn word(f: &str, pos: usize, w: &str) -> Option<usize> {
    let p = skip_spaces(f, pos);
    phrase_at(f, p, w).then_some(p + w.len())
}

fn year_at(f: &str, pos: usize) -> Option<(i32, usize)> {
    let (y, e) = uint(f, pos, 4)?;
    ((1900..=2200).contains(&y) && e - pos == 4).then_some((y as i32, e))
}

/// "/2024", "-2024", " năm 2024"; returns the year and the end.
fn year_suffix(f: &str, pos: usize) -> Option<(i32, usize)> {
    let b = f.as_bytes();
    if matches!(b.get(pos), Some(b'/' | b'-' | b'.')) {
        return year_at(f, pos + 1);
    }
    let p = word(f, pos, "năm")?;
    year_at(f, skip_spaces(f, p))
}

fn quarter_number(f: &str, pos: usize) -> Option<(u32, usize)> {
    if let Some((q, e)) = uint(f, pos, 1) {
        return (1..=4).contains(&q).then_some((q, e));
    }
    let end = f[pos..].find(|c: char| !matches!(c, 'i' | 'v')).map_or(f.len(), |i| pos + i);
    if end == pos || f[end..].chars().next().is_some_and(is_word_char) {
        return None;
    }
    let q = roman(&f[pos..end])?;
    (1..=4).contains(&q).then_some((q, end))
}

/// A point or period in time at `pos`: (kind, first day, last day, end offset, has year).
struct Span {
    kind: DeadlineKind,
    first: Date,
    last: Date,
    end: usize,
}

fn resolve_year(
    year: Option<i32>,
    reference: Option<Date>,
    last_of: impl Fn(i32) -> Option<(Date, Date)>,
) -> Option<(Date, Date)> {
    match year {
        Some(y) => last_of(y),
        None => {
            let r = reference?;
            let this = last_of(r.year)?;
            if this.1 < r {
                last_of(r.year + 1)
            } else {
                Some(this)
            }
        }
    }
}

fn period_at(f: &str, pos: usize, reference: Option<Date>) -> Option<Span> {
    // ngày 21/4/2024, ngày 08 tháng 01 năm 2025, 21/4/2024
    let (p, had_day_word) = match word(f, pos, "ngày") {
        Some(p) => (skip_spaces(f, p), true),
        None => (pos, false),
    };
    if let Some((d, e)) =
        uint(f, p, 2).filter(|&(_, e)| had_day_word || matches!(f.as_bytes().get(e), Some(b'/' | b'-' | b'.')))
    {
        let b = f.as_bytes();
        let (m, e2) = if matches!(b.get(e), Some(b'/' | b'-' | b'.')) {
            uint(f, e + 1, 2)?
        } else if had_day_word {
            let t = word(f, e, "tháng")?;
            uint(f, skip_spaces(f, t), 2)?
        } else {
            return None;
        };
        let (year, end) = match year_suffix(f, e2) {
            Some((y, end)) => (Some(y), end),
            None if had_day_word => (None, e2),
            None => return None,
        };
        let (first, last) = resolve_year(year, reference, |y| {
            let dd = Date::new(y, m as u8, d as u8)?;
            Some((dd, dd))
        })?;
        return Some(Span { kind: DeadlineKind::Date, first, last, end });
    }
    if had_day_word {
        return None;
    }
    // tháng 6/2024, tháng 6 năm 2024, tháng 6
    if let Some(p) = word(f, pos, "tháng") {
        let (m, e) = uint(f, skip_spaces(f, p), 2)?;
        if !(1..=12).contains(&m) {
            return None;
        }
        let (year, end) = year_suffix(f, e).map_or((None, e), |(y, end)| (Some(y), end));
        if year.is_none() && phrase_at(f, skip_spaces(f, e), "năm") {
            return None;
        }
        let (first, last) =
            resolve_year(year, reference, |y| Some((Date::new(y, m as u8, 1)?, Date::end_of_month(y, m as u8)?)))?;
        return Some(Span { kind: DeadlineKind::Month, first, last, end });
    }
    // quý II/2024, quý 2 năm 2024, quý IV
    if let Some(p) = word(f, pos, "quý") {
        let (q, e) = quarter_number(f, skip_spaces(f, p))?;
        let (year, end) = year_suffix(f, e).map_or((None, e), |(y, end)| (Some(y), end));
        let (first, last) = resolve_year(year, reference, |y| {
            Some((Date::new(y, (q * 3 - 2) as u8, 1)?, Date::end_of_month(y, (q * 3) as u8)?))
        })?;
        return Some(Span { kind: DeadlineKind::Quarter, first, last, end });
    }
    // 6 tháng đầu năm (2024), 6 tháng cuối năm, nửa đầu năm
    for (words, first_half) in [
        ("6 tháng đầu năm", true),
        ("6 tháng cuối năm", false),
        ("sáu tháng đầu năm", true),
        ("sáu tháng cuối năm", false),
        ("nửa đầu năm", true),
        ("nửa cuối năm", false),
    ] {
        if phrase_at(f, pos, words) {
            let e = pos + words.len();
            let (year, end) = match year_at(f, skip_spaces(f, e)) {
                Some((y, end)) => (Some(y), end),
                None => (None, e),
            };
            let (m1, m2) = if first_half { (1, 6) } else { (7, 12) };
            let (first, last) =
                resolve_year(year, reference, |y| Some((Date::new(y, m1, 1)?, Date::end_of_month(y, m2)?)))?;
            return Some(Span { kind: DeadlineKind::Half, first, last, end });
        }
    }
    // năm 2024, cuối năm 2024
    let p = word(f, pos, "cuối năm").or_else(|| word(f, pos, "năm"))?;
    let (y, end) = year_at(f, skip_spaces(f, p))?;
    // "năm 2021-2025" is a span of years, not a deadline.
    let after = skip_spaces(f, end);
    if f[after..].starts_with(['-', '–']) && year_at(f, skip_spaces(f, after + 1)).is_some() {
        return None;
    }
    Some(Span { kind: DeadlineKind::Year, first: Date::new(y, 1, 1)?, last: Date::new(y, 12, 31)?, end })
}

const RECURRING: &[(&str, Period)] = &[
    ("hằng tuần", Period::Weekly),
    ("hàng tuần", Period::Weekly),
    ("mỗi tuần", Period::Weekly),
    ("hằng tháng", Period::Monthly),
    ("hàng tháng", Period::Monthly),
    ("mỗi tháng", Period::Monthly),
    ("định kỳ hằng tháng", Period::Monthly),
    ("định kỳ hàng tháng", Period::Monthly),
    ("định kỳ tháng", Period::Monthly),
    ("hằng quý", Period::Quarterly),
    ("hàng quý", Period::Quarterly),
    ("mỗi quý", Period::Quarterly),
    ("định kỳ hằng quý", Period::Quarterly),
    ("định kỳ hàng quý", Period::Quarterly),
    ("định kỳ quý", Period::Quarterly),
    ("định kỳ 6 tháng", Period::HalfYearly),
    ("định kỳ sáu tháng", Period::HalfYearly),
    ("6 tháng một lần", Period::HalfYearly),
    ("hằng năm", Period::Yearly),
    ("hàng năm", Period::Yearly),
    ("định kỳ hằng năm", Period::Yearly),
    ("định kỳ hàng năm", Period::Yearly),
    ("định kỳ năm", Period::Yearly),
];

const ONGOING: &[&str] = &["thường xuyên", "liên tục", "lâu dài", "hằng ngày", "hàng ngày"];

fn recurring_words() -> &'static [&'static str] {
    static W: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    W.get_or_init(|| RECURRING.iter().map(|(w, _)| *w).collect())
}
crate::phrase_set!(recurring_set, recurring_words());
crate::phrase_set!(ongoing_set, ONGOING);
crate::phrase_set!(by_set, BY_WORDS);
// First words of every phrase a deadline can start with; other words are skipped at once.
crate::phrase_set!(
    start_words,
    &[
        "hằng",
        "hàng",
        "mỗi",
        "định",
        "6",
        "sáu",
        "thường",
        "liên",
        "lâu",
        "trước",
        "chậm",
        "muộn",
        "đến",
        "trong",
        "vào",
        "hoàn",
        "xong",
        "hạn",
        "không",
        "kết",
        "dứt",
        "ngày",
        "tháng",
        "quý",
        "nửa",
        "cuối",
        "năm"
    ]
);

/// Words that make what follows a deadline.
const BY_WORDS: &[&str] = &[
    "chậm nhất là vào",
    "chậm nhất là",
    "chậm nhất vào",
    "chậm nhất",
    "muộn nhất",
    "đến hết",
    "đến",
    "trong vòng",
    "trong thời hạn",
    "trong",
    "vào",
    "hoàn thành trong",
    "hoàn thành",
    "xong trong",
    "hạn chót",
    "không quá",
    "kết thúc",
    "dứt điểm trong",
    "trước hoặc trong",
];

/// Words before a year that make it part of a span, not a deadline.
const SPAN_WORDS: &[&str] = &["giai đoạn", "nhiệm kỳ", "khóa", "niên khóa", "thời kỳ", "từ năm", "kế hoạch"];

fn modifier_at(f: &str, pos: usize) -> Option<(Modifier, usize)> {
    if phrase_at(f, pos, "trước") {
        return Some((Modifier::Before, skip_spaces(f, pos + "trước".len())));
    }
    let w = by_set().longest_at(f, pos)?;
    Some((Modifier::By, skip_spaces(f, pos + w.len())))
}

fn recurring_at(f: &str, pos: usize) -> Option<(Period, usize)> {
    let w = recurring_set().longest_at(f, pos)?;
    RECURRING.iter().find(|(r, _)| *r == w).map(|(_, p)| (*p, pos + w.len()))
}

/// "15 ngày (làm việc) kể từ ngày ký / ban hành / nhận được".
fn days_from(f: &str, pos: usize, reference: Option<Date>) -> Option<(Date, usize)> {
    let (n, e) = uint(f, pos, 3)?;
    let mut p = word(f, e, "ngày")?;
    let working = match word(f, p, "làm việc") {
        Some(q) => {
            p = q;
            true
        }
        None => false,
    };
    let q = word(f, p, "kể từ ngày").or_else(|| word(f, p, "kể từ"))?;
    let mut end = q;
    for tail in ["ký ban hành", "ban hành", "ký", "nhận được văn bản này", "nhận được", "nhận"] {
        if let Some(e) = word(f, q, tail) {
            end = e;
            break;
        }
    }
    let r = reference?;
    let due = if working { r.add_working_days(n)? } else { r.add_days(i64::from(n))? };
    Some((due, end))
}

fn is_span_year(f: &str, pos: usize) -> bool {
    let before = f[..pos].trim_end();
    SPAN_WORDS.iter().any(|w| before.ends_with(w))
        || before.ends_with(['-', '–']) && before[..before.len() - 1].trim_end().ends_with(|c: char| c.is_ascii_digit())
}

/// Every deadline phrase in a block's folded text, left to right.
pub fn find(f: &str, ctx: &Context) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut next_free = 0;
    for pos in crate::text::word_starts(f) {
        if pos < next_free {
            continue;
        }
        let first = f.as_bytes().get(pos).copied().unwrap_or(0);
        if !first.is_ascii_digit() && !start_words().may_start(first) {
            continue;
        }
        let w = crate::text::word_at(f, pos);
        if !(first.is_ascii_digit() || start_words().starts_with_word(w)) {
            continue;
        }
        if let Some(found) = at(f, pos, ctx) {
            next_free = found.end;
            out.push(found);
        }
    }
    out
}

/// "kế hoạch 5 năm và hằng năm", "chỉ tiêu hằng năm": a kind of plan, not a schedule.
fn names_a_plan(f: &str, pos: usize) -> bool {
    let before = f[..pos].trim_end();
    ["kế hoạch", "chỉ tiêu", "ngân sách", "dự toán", "năm và", "tháng và", "vốn", "nhiệm vụ"]
        .iter()
        .any(|w| before.ends_with(w))
}

fn at(f: &str, pos: usize, ctx: &Context) -> Option<Found> {
    if let Some((period, end)) = recurring_at(f, pos).filter(|_| !names_a_plan(f, pos)) {
        return Some(Found {
            start: pos,
            end,
            kind: DeadlineKind::Recurring,
            due: None,
            period: Some(period),
            strength: Strength::Strong,
            before_document: false,
            explicit: true,
        });
    }
    if let Some(w) = ongoing_set().longest_at(f, pos) {
        return Some(Found {
            start: pos,
            end: pos + w.len(),
            kind: DeadlineKind::Ongoing,
            due: None,
            period: None,
            strength: Strength::Strong,
            before_document: false,
            explicit: true,
        });
    }
    let (modifier, core) = modifier_at(f, pos).unwrap_or((Modifier::None, pos));
    if modifier != Modifier::None {
        // "trước ngày 20 hằng tháng": a recurring deadline with a day of the period.
        if let Some(p) = word(f, core, "ngày") {
            if let Some((_, mut e)) = uint(f, skip_spaces(f, p), 2) {
                // "trước ngày 30 tháng 11 hằng năm", "ngày 25/12 hàng năm": a day of the year.
                let b = f.as_bytes();
                if matches!(b.get(e), Some(b'/' | b'-' | b'.')) {
                    if let Some((_, e2)) = uint(f, e + 1, 2) {
                        e = e2;
                    }
                } else if let Some(q) = word(f, e, "tháng") {
                    if let Some((_, e2)) = uint(f, skip_spaces(f, q), 2) {
                        e = e2;
                    }
                }
                if let Some((period, end)) = recurring_at(f, skip_spaces(f, e)) {
                    return Some(Found {
                        start: pos,
                        end,
                        kind: DeadlineKind::Recurring,
                        due: None,
                        period: Some(period),
                        strength: Strength::Strong,
                        before_document: false,
                        explicit: true,
                    });
                }
            }
        }
        if let Some((due, end)) = days_from(f, core, ctx.reference) {
            return Some(Found {
                start: pos,
                end,
                kind: DeadlineKind::Date,
                due: Some(due),
                period: None,
                strength: Strength::Strong,
                before_document: false,
                explicit: true,
            });
        }
    }
    if modifier == Modifier::None && is_span_year(f, pos) {
        return None;
    }
    let span = period_at(f, core, ctx.reference)?;
    if span.kind == DeadlineKind::Year && is_span_year(f, core) {
        return None;
    }
    // "đến năm 2030, tầm nhìn …": a horizon years away names an aim, not a deadline.
    // It is kept as a span of kind "none" so the bare year inside it is not read again.
    if span.kind == DeadlineKind::Year
        && modifier == Modifier::By
        && ctx.reference.is_some_and(|r| span.last.year - r.year >= 3)
    {
        return Some(Found {
            start: pos,
            end: span.end,
            kind: DeadlineKind::None,
            due: None,
            period: None,
            strength: Strength::Weak,
            before_document: false,
            explicit: false,
        });
    }
    let due = match modifier {
        Modifier::Before => span.first.add_days(-1)?,
        _ => span.last,
    };
    let strength = if ctx.all_strong
        || modifier != Modifier::None
        || matches!(span.kind, DeadlineKind::Date | DeadlineKind::Month)
    {
        Strength::Strong
    } else {
        Strength::Weak
    };
    // "trước tháng 9" ends with August: its kind follows the day it falls on.
    let kind =
        if modifier == Modifier::Before && span.kind == DeadlineKind::Date { DeadlineKind::Date } else { span.kind };
    let before_document = ctx.reference.is_some_and(|r| due < r);
    Some(Found {
        start: pos,
        end: span.end,
        kind,
        due: Some(due),
        period: None,
        strength,
        before_document,
        explicit: modifier != Modifier::None,
    })
}

/// The one deadline a task carries: the earliest firm date; else a recurring period; else
/// "ongoing" ("thường xuyên" says there is no end); else the earliest period mentioned in
/// passing; else none. Dates before the document's date are history, not deadlines.
pub fn choose(found: &[Found]) -> Option<&Found> {
    let live = || found.iter().filter(|f| !f.before_document);
    live()
        .filter(|f| f.due.is_some() && f.strength == Strength::Strong)
        .min_by_key(|f| f.due)
        .or_else(|| live().find(|f| f.kind == DeadlineKind::Recurring))
        .or_else(|| live().find(|f| f.kind == DeadlineKind::Ongoing))
        .or_else(|| live().filter(|f| f.due.is_some()).min_by_key(|f| f.due))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;

    fn ctx() -> Context {
        Context { reference: Date::new(2024, 3, 27), all_strong: false }
    }

    fn one(s: &str) -> (DeadlineKind, Option<String>, Strength) {
        let f = fold(s);
        let found = find(&f, &ctx());
        let c = choose(&found).unwrap_or_else(|| panic!("nothing in {s:?}: {found:?}"));
        (c.kind, c.due.map(|d| d.to_string()), c.strength)
    }

    fn due(s: &str) -> String {
        one(s).1.unwrap_or_default()
    }

    #[test]
    fn dates_months_quarters_halves_years() {
        assert_eq!(due("hoàn thành vào ngày 21/4/2024."), "2024-04-21");
        assert_eq!(due("Quảng Ngãi, ngày 08 tháng 01 năm 2025"), "2025-01-08");
        assert_eq!(due("đảm bảo tháng 6/2024 xử lý xong"), "2024-06-30");
        assert_eq!(due("trước tháng 9 năm 2024"), "2024-08-31");
        assert_eq!(due("báo cáo trong quý II/2024"), "2024-06-30");
        assert_eq!(due("trong Quý 3 năm 2024"), "2024-09-30");
        assert_eq!(due("6 tháng đầu năm 2024"), "2024-06-30");
        assert_eq!(due("trong năm 2024"), "2024-12-31");
        assert_eq!(due("trước ngày 08/02/2025"), "2025-02-07");
        assert_eq!(due("chậm nhất ngày 15/5/2024"), "2024-05-15");
        assert_eq!(due("đến ngày 15/5/2024"), "2024-05-15");
        assert_eq!(due("trước quý III/2024"), "2024-06-30");
        assert_eq!(due("trước năm 2025"), "2024-12-31");
    }

    #[test]
    fn periods_without_a_year_take_the_documents_or_the_next() {
        assert_eq!(due("trong tháng 9"), "2024-09-30");
        assert_eq!(due("trong tháng 2"), "2025-02-28");
        assert_eq!(due("trước ngày 15/5"), "2024-05-14");
        assert_eq!(due("trong quý IV"), "2024-12-31");
    }

    #[test]
    fn days_counted_from_signing() {
        assert_eq!(due("trong 15 ngày kể từ ngày ký"), "2024-04-11");
        assert_eq!(due("trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản"), "2024-04-03");
    }

    #[test]
    fn recurring_and_ongoing() {
        assert_eq!(one("kiểm đếm tiến độ hằng tuần, hằng tháng").0, DeadlineKind::Recurring);
        assert_eq!(one("đơn thư hàng tháng đạt trên 90%. Thường xuyên theo dõi").0, DeadlineKind::Recurring);
        assert_eq!(one("báo cáo trước ngày 20 hằng tháng").0, DeadlineKind::Recurring);
        assert_eq!(one("báo cáo trước ngày 30 tháng 11 hàng năm").0, DeadlineKind::Recurring);
        assert_eq!(one("trước ngày 25/12 hàng năm").0, DeadlineKind::Recurring);
        assert_eq!(one("định kỳ 6 tháng báo cáo").0, DeadlineKind::Recurring);
        assert!(choose(&find(&fold("các kế hoạch 5 năm và hằng năm"), &ctx())).is_none());
        assert_eq!(one("thường xuyên theo dõi").0, DeadlineKind::Ongoing);
    }

    #[test]
    fn firm_dates_beat_recurring_and_mentions() {
        assert_eq!(due("bố trí cán bộ năm 2024; hoàn thành vào ngày 21/4/2024"), "2024-04-21");
        assert_eq!(one("kiểm đếm tiến độ hằng tháng và cả năm 2024").0, DeadlineKind::Recurring);
        // "nhiệm vụ hằng năm" names annual work, not a schedule: the year mentioned stands.
        assert_eq!(one("đánh giá nhiệm vụ hằng năm 2024").1.as_deref(), Some("2024-12-31"));
        assert_eq!(one("các nhiệm vụ trọng tâm năm 2024").2, Strength::Weak);
    }

    #[test]
    fn far_horizons_are_not_deadlines() {
        assert!(choose(&find(&fold("phát triển hạ tầng đến năm 2030"), &ctx())).is_none());
        assert_eq!(due("hoàn thành đến năm 2025"), "2025-12-31");
    }

    #[test]
    fn spans_of_years_and_history_are_not_deadlines() {
        let f = fold("giai đoạn 2021-2025, nhiệm kỳ 2025 - 2030, năm 2021-2025");
        assert!(choose(&find(&f, &ctx())).is_none(), "{:?}", find(&f, &ctx()));
        let f = fold("theo Chỉ thị ngày 02/6/2023");
        let found = find(&f, &ctx());
        assert!(found[0].before_document);
        assert!(choose(&found).is_none());
        let f = fold("mở rộng lên 75ha, 03 năm thực hiện, tổ 12/3");
        assert!(find(&f, &ctx()).is_empty(), "{:?}", find(&f, &ctx()));
    }

    #[test]
    fn table_cells_are_all_firm() {
        let f = fold("Năm 2024");
        let found = find(&f, &Context { all_strong: true, ..ctx() });
        assert_eq!(found[0].strength, Strength::Strong);
    }
}
