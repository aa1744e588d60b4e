//! Citations of other documents: "Chỉ thị số 26-CT/TU ngày 02/6/2023 của Ban Thường vụ
//! Tỉnh ủy", "Công văn số: 1360/UBND-NN ngày 20/3/2024", "Nghị định số 32/2024/NĐ-CP",
//! "Kết luận số 120-KL/TU". Symbols are read in both forms: Party (`26-CT/TU`) and state
//! (`11/TB-UBND`, `32/2024/NĐ-CP`).

use crate::date::Date;
use crate::text::{is_word_char, phrase_at, skip_spaces};
use crate::units::{mention_at, Directory};

/// A citation found in a block (offsets into the block's joined text).
#[derive(Debug, Clone, PartialEq)]
pub struct Cited {
    pub start: usize,
    pub end: usize,
    /// Where the symbol itself is.
    pub symbol_start: usize,
    pub symbol_end: usize,
    pub symbol: String,
    pub number: String,
    pub kind: Option<String>,
    pub date: Option<Date>,
    pub issuer: Option<String>,
}

/// Words naming a kind of document, folded, with its code.
pub const KIND_WORDS: &[(&str, &str)] = &[
    ("thông báo kết luận", "TB"),
    ("chỉ thị", "CT"),
    ("nghị quyết", "NQ"),
    ("kết luận", "KL"),
    ("quyết định", "QĐ"),
    ("công văn", "CV"),
    ("thông báo", "TB"),
    ("kế hoạch", "KH"),
    ("báo cáo", "BC"),
    ("nghị định", "NĐ"),
    ("thông tư", "TT"),
    ("hướng dẫn", "HD"),
    ("quy định", "QĐi"),
    ("quy chế", "QC"),
    ("tờ trình", "TTr"),
    ("chương trình", "CTr"),
    ("đề án", "ĐA"),
    ("công điện", "CĐ"),
    ("văn bản", "CV"),
    ("luật", "Luật"),
];

/// Type codes that can stand first in a state symbol ("TB" in `11/TB-UBND`).
const KIND_CODES: &[&str] = &[
    "TB", "QĐ", "NĐ", "CT", "KH", "BC", "NQ", "TT", "HD", "TTr", "CTr", "KL", "QĐi", "QC", "CĐ", "ĐA", "TTLT", "GM",
    "CV", "PA", "BB", "HĐ", "TL",
];

fn code_len(t: &str, pos: usize) -> usize {
    let rest = &t[pos..];
    let mut n = 0;
    for (i, c) in rest.char_indices() {
        if c.is_alphanumeric() {
            n = i + c.len_utf8();
        } else {
            break;
        }
    }
    // A code starts with a capital letter.
    if rest.chars().next().is_some_and(|c| c.is_uppercase()) {
        n
    } else {
        0
    }
}

fn digits(t: &str, pos: usize) -> usize {
    t[pos..].bytes().take_while(u8::is_ascii_digit).count()
}

/// A symbol at `pos` (which holds a digit): (symbol as written without spaces, number, kind
/// code, end).
pub fn symbol_at(t: &str, pos: usize) -> Option<(String, String, Option<String>, usize)> {
    let n = digits(t, pos);
    if n == 0 || n > 6 || t[..pos].chars().next_back().is_some_and(|c| is_word_char(c) || c == '/' || c == '.') {
        return None;
    }
    let number = &t[pos..pos + n];
    let mut p = pos + n;
    let b = t.as_bytes();
    match b.get(p) {
        // Party form: 26-CT/TU
        Some(b'-') => {
            let mut q = p + 1;
            if b.get(q) == Some(&b' ') {
                q += 1;
            }
            let k = code_len(t, q);
            if k == 0 || b.get(q + k) != Some(&b'/') {
                return None;
            }
            let kind = t[q..q + k].to_string();
            let mut end = q + k;
            while b.get(end) == Some(&b'/') {
                let c = code_len(t, end + 1);
                if c == 0 {
                    break;
                }
                end += 1 + c;
            }
            if end == q + k {
                return None;
            }
            let symbol = format!("{number}-{}", &t[q..end]);
            Some((symbol, number.to_string(), Some(kind), end))
        }
        // "2449 -CV/ĐU" as printed in some headers: the Party form with a stray space.
        Some(b' ') if b.get(p + 1) == Some(&b'-') => {
            let (symbol, number, kind, end) = symbol_at(&format!("{}{}", number, &t[p + 1..]), 0)?;
            Some((symbol, number, kind, end + 1 + pos))
        }
        // State form: 11/TB-UBND, 32/2024/NĐ-CP, 1360/UBND-NN
        Some(b'/') | Some(b' ') => {
            if b.get(p) == Some(&b' ') {
                // "11 /TB-UBND" as printed in some headers.
                if b.get(p + 1) != Some(&b'/') {
                    return None;
                }
                p += 1;
            }
            p += 1;
            let y = digits(t, p);
            if y == 4 && b.get(p + 4) == Some(&b'/') {
                p += 5;
            } else if y > 0 {
                return None;
            }
            let first = code_len(t, p);
            if first == 0 {
                return None;
            }
            let mut end = p + first;
            let mut parts = 1;
            while matches!(b.get(end), Some(b'-')) {
                let c = code_len(t, end + 1);
                if c == 0 {
                    break;
                }
                end += 1 + c;
                parts += 1;
            }
            if parts < 2 {
                return None;
            }
            let first_code = &t[p..p + first];
            let kind = if KIND_CODES.contains(&first_code) { first_code.to_string() } else { "CV".to_string() };
            let symbol = format!("{number}/{}", &t[pos + n..end].trim_start_matches([' ', '/']));
            Some((symbol, number.to_string(), Some(kind), end))
        }
        _ => None,
    }
}

/// "ngày 02/6/2023" or "ngày 24 tháng 02 năm 2021" right at `pos`.
fn date_after(f: &str, pos: usize) -> Option<(Date, usize)> {
    let p = skip_spaces(f, pos);
    let p = if f[p..].starts_with(',') { skip_spaces(f, p + 1) } else { p };
    if !phrase_at(f, p, "ngày") {
        return None;
    }
    let found = crate::deadline::find(
        &f[..crate::text::floor_boundary(f, p + 40)],
        &crate::deadline::Context { reference: None, all_strong: true },
    );
    let first = found.into_iter().find(|d| d.start == p)?;
    Some((first.due?, first.end))
}

/// Every citation in a block.
pub fn find(f: &str, t: &str, dir: &Directory) -> Vec<Cited> {
    let mut out = Vec::new();
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let Some((symbol, number, code_kind, end)) = symbol_at(t, i) else {
            i += digits(t, i).max(1);
            continue;
        };
        // The kind word a few words before: "Chỉ thị số 26-CT/TU", "Công văn số: 1360/…".
        let before_start = crate::text::floor_boundary(f, i.saturating_sub(48));
        let mut start = i;
        let mut kind = code_kind;
        let window = &f[before_start..i];
        let trimmed = window.trim_end().trim_end_matches(':').trim_end();
        let trimmed = trimmed.strip_suffix("số").map_or(trimmed, str::trim_end);
        for (w, code) in KIND_WORDS {
            if trimmed.ends_with(w)
                && trimmed[..trimmed.len() - w.len()].chars().next_back().is_none_or(|c| !is_word_char(c))
            {
                start = before_start + trimmed.len() - w.len();
                if *code != "CV" || kind.as_deref() == Some("CV") || kind.is_none() {
                    kind = Some((*code).to_string());
                }
                break;
            }
        }
        let mut stop = end;
        let mut date = None;
        if let Some((d, e)) = date_after(f, end) {
            date = Some(d);
            stop = e;
        }
        let mut issuer = None;
        let p = skip_spaces(f, stop);
        if phrase_at(f, p, "của") {
            let q = skip_spaces(f, p + "của".len());
            if let Some(m) = mention_at(f, t, q, dir) {
                issuer = Some(crate::units::display_name(&t[m.start..m.end]));
                stop = m.end;
            }
        }
        out.push(Cited { start, end: stop, symbol_start: i, symbol_end: end, symbol, number, kind, date, issuer });
        i = end;
    }
    out
}

/// A symbol in comparable form: upper case, dashes unified, no white space.
pub fn canonical_symbol(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if matches!(c, '‐' | '‑' | '‒' | '–' | '—' | '−') { '-' } else { c })
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;

    fn cites(t: &str) -> Vec<Cited> {
        find(&fold(t), t, &Directory::new())
    }

    #[test]
    fn party_and_state_symbols() {
        let c = cites("theo tinh thần Chỉ thị số 26-CT/TU ngày 02/6/2023 của Ban Thường vụ (BTV) Tỉnh ủy. Công");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].symbol, "26-CT/TU");
        assert_eq!(c[0].kind.as_deref(), Some("CT"));
        assert_eq!(c[0].date.map(|d| d.to_string()).as_deref(), Some("2023-06-02"));
        assert_eq!(c[0].issuer.as_deref(), Some("Ban Thường vụ (BTV) Tỉnh ủy"));
        let c = cites("theo Công văn số: 1360/UBND-NN ngày 20/3/2024 của Chủ tịch UBND tỉnh Bắc Giang");
        assert_eq!(c[0].symbol, "1360/UBND-NN");
        assert_eq!(c[0].kind.as_deref(), Some("CV"));
        let c = cites("Nghị định số 32/2024/NĐ-CP ngày 15/3/2024 của Chính phủ; Quyết định số 1479/QĐ-TTg");
        assert_eq!(c.iter().map(|c| c.symbol.as_str()).collect::<Vec<_>>(), vec!["32/2024/NĐ-CP", "1479/QĐ-TTg"]);
        assert_eq!(c[0].kind.as_deref(), Some("NĐ"));
        let (sym, _, kind, end) = symbol_at("Số 2449 -CV/ĐU về", "Số ".len()).unwrap();
        assert_eq!((sym.as_str(), kind.as_deref(), end), ("2449-CV/ĐU", Some("CV"), "Số 2449 -CV/ĐU".len()));
        let c = cites("Chỉ thị 03/CT-UBND ngày 06/02/2024 và Chương trình số 31- CTr/TW");
        assert_eq!(c.iter().map(|c| c.symbol.as_str()).collect::<Vec<_>>(), vec!["03/CT-UBND", "31-CTr/TW"]);
    }

    #[test]
    fn not_symbols() {
        assert!(cites("ngày 27/3/2024, V/v triển khai, tỷ lệ 90%, năm 2021-2025, 1.000 người").is_empty());
    }

    #[test]
    fn canonical_form() {
        assert_eq!(canonical_symbol("11 /tb–UBND"), "11/TB-UBND");
    }
}
