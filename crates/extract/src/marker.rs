//! Outline markers at the start of a paragraph: `I.`, `1.`, `1.1.`, `1)`, `a)`, `(1)`, `(a)`,
//! `-`, `+`, `•`, `Điều 1.`, `Phần I`, `Thứ nhất,`.

use crate::text::roman;

/// The family a marker belongs to; items of one family are siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Phần, Chương, Mục, Điều
    Part(u8),
    Roman,
    /// `1.`, `1.1.`: the depth is the count of numbers.
    Num(u8),
    NumParen,
    Letter,
    ParenNum,
    ParenLetter,
    Dash,
    Plus,
    Bullet,
    Ordinal,
}

/// A marker found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub style: Style,
    /// How the marker reads in an id: "1", "1.2", "(1)", "a", "I".
    pub label: String,
    /// Its ordinal value, for spotting repeated and skipped numbers.
    pub value: u32,
    /// Bytes from the start of the text to the item's first word.
    pub len: usize,
}

const ORDINALS: [&str; 10] = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"];

/// The marker at the start of `s` (already trimmed at its start), if any.
pub fn parse(s: &str) -> Option<Marker> {
    let b = s.as_bytes();
    let first = *b.first()?;
    let after = |n: usize| -> Option<usize> {
        // A marker is followed by white space (or ends the paragraph); returns the body start.
        let rest = s.get(n..)?;
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if trimmed.len() == rest.len() && !rest.is_empty() {
            return None;
        }
        Some(n + (rest.len() - trimmed.len()))
    };
    match first {
        b'-' | b'+' => {
            let len = after(1)?;
            let style = if first == b'-' { Style::Dash } else { Style::Plus };
            return Some(Marker { style, label: (first as char).to_string(), value: 0, len });
        }
        b'(' => {
            let close = s.find(')')?;
            if close > 4 {
                return None;
            }
            let inner = &s[1..close];
            let len = after(close + 1)?;
            if let Ok(v) = inner.parse::<u32>() {
                return Some(Marker { style: Style::ParenNum, label: format!("({v})"), value: v, len });
            }
            let mut cs = inner.chars();
            if let (Some(c), None) = (cs.next(), cs.next()) {
                if c.is_lowercase() && c.is_alphabetic() {
                    return Some(Marker {
                        style: Style::ParenLetter,
                        label: format!("({c})"),
                        value: letter_value(c),
                        len,
                    });
                }
            }
            return None;
        }
        b'0'..=b'9' => return numeric(s, &after),
        _ => {}
    }
    for (dash, style) in [
        ("–", Style::Dash),
        ("—", Style::Dash),
        ("−", Style::Dash),
        ("•", Style::Bullet),
        ("●", Style::Bullet),
        ("▪", Style::Bullet),
    ] {
        if s.starts_with(dash) {
            let Some(len) = after(dash.len()) else { continue };
            let label = if style == Style::Dash { "-" } else { "•" };
            return Some(Marker { style, label: label.into(), value: 0, len });
        }
    }
    // a) b) đ)
    let mut cs = s.char_indices();
    if let (Some((_, c)), Some((i, ')'))) = (cs.next(), cs.next()) {
        if c.is_lowercase() && c.is_alphabetic() {
            let len = after(i + 1)?;
            return Some(Marker { style: Style::Letter, label: c.to_string(), value: letter_value(c), len });
        }
    }
    // Roman numerals: "IV. "
    if let Some(dot) = s.find('.') {
        if (1..=5).contains(&dot) && s[..dot].bytes().all(|c| matches!(c, b'I' | b'V' | b'X')) {
            if let (Some(v), Some(len)) = (roman(&s[..dot]), after(dot + 1)) {
                return Some(Marker { style: Style::Roman, label: s[..dot].to_string(), value: v, len });
            }
        }
    }
    part(s, &after).or_else(|| ordinal(s))
}

fn letter_value(c: char) -> u32 {
    match c {
        'a'..='d' => c as u32 - 'a' as u32 + 1,
        'đ' => 5,
        'e'..='z' => c as u32 - 'a' as u32 + 2,
        _ => 0,
    }
}

fn numeric(s: &str, after: &dyn Fn(usize) -> Option<usize>) -> Option<Marker> {
    // 1.  1.2.  1.2  1)
    let mut parts: Vec<u32> = Vec::new();
    let mut i = 0;
    let b = s.as_bytes();
    loop {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 2 {
            return None;
        }
        parts.push(s[start..i].parse().ok()?);
        match b.get(i) {
            Some(b'.') => {
                i += 1;
                if b.get(i).is_some_and(u8::is_ascii_digit) && parts.len() < 4 {
                    continue;
                }
                break;
            }
            Some(b')') if parts.len() == 1 => {
                let len = after(i + 1)?;
                return Some(Marker { style: Style::NumParen, label: format!("{})", parts[0]), value: parts[0], len });
            }
            Some(b' ' | b'\t') if parts.len() >= 2 => break,
            _ => return None,
        }
    }
    let len = after(i)?;
    let value = *parts.last()?;
    let label = parts.iter().map(u32::to_string).collect::<Vec<_>>().join(".");
    Some(Marker { style: Style::Num(parts.len() as u8), label, value, len })
}

fn part(s: &str, after: &dyn Fn(usize) -> Option<usize>) -> Option<Marker> {
    for (word, depth) in
        [("Phần", 0u8), ("PHẦN", 0), ("Chương", 1), ("CHƯƠNG", 1), ("Mục", 2), ("MỤC", 2), ("Điều", 3), ("ĐIỀU", 3)]
    {
        let Some(rest) = s.strip_prefix(word) else { continue };
        let rest_t = rest.trim_start();
        if rest_t.len() == rest.len() {
            continue;
        }
        let num_len =
            rest_t.find(|c: char| !(c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X'))).unwrap_or(rest_t.len());
        if num_len == 0 {
            continue;
        }
        let num = &rest_t[..num_len];
        let value = num.parse().ok().or_else(|| roman(num))?;
        let mut end = s.len() - rest_t.len() + num_len;
        if s[end..].starts_with(['.', ':']) {
            end += 1;
        }
        let len = after(end).unwrap_or(end);
        return Some(Marker { style: Style::Part(depth), label: format!("{word} {num}"), value, len });
    }
    None
}

fn ordinal(s: &str) -> Option<Marker> {
    let rest = s.strip_prefix("Thứ ")?;
    for (i, w) in ORDINALS.iter().enumerate() {
        if let Some(r) = rest.strip_prefix(w) {
            if r.starts_with([',', ':', '.']) {
                let len = s.len() - r.len() + 1;
                let len = len + (s[len..].len() - s[len..].trim_start().len());
                return Some(Marker { style: Style::Ordinal, label: format!("thứ {w}"), value: i as u32 + 1, len });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Option<(Style, String, u32)> {
        parse(s).map(|m| (m.style, m.label, m.value))
    }

    #[test]
    fn reads_every_family() {
        assert_eq!(m("1. Về tình hình"), Some((Style::Num(1), "1".into(), 1)));
        assert_eq!(m("1.2. Tăng cường"), Some((Style::Num(2), "1.2".into(), 2)));
        assert_eq!(m("1.2 Tăng cường"), Some((Style::Num(2), "1.2".into(), 2)));
        assert_eq!(m("(4) Phối hợp"), Some((Style::ParenNum, "(4)".into(), 4)));
        assert_eq!(m("a) Sở Y tế"), Some((Style::Letter, "a".into(), 1)));
        assert_eq!(m("đ) Sở Y tế"), Some((Style::Letter, "đ".into(), 5)));
        assert_eq!(m("II. NHIỆM VỤ"), Some((Style::Roman, "II".into(), 2)));
        assert_eq!(m("- Chủ trì"), Some((Style::Dash, "-".into(), 0)));
        assert_eq!(m("+ Phối hợp"), Some((Style::Plus, "+".into(), 0)));
        assert_eq!(m("Điều 2. Giao"), Some((Style::Part(3), "Điều 2".into(), 2)));
        assert_eq!(m("Thứ hai, tăng cường"), Some((Style::Ordinal, "thứ hai".into(), 2)));
        assert_eq!(m("3) Hoàn thành"), Some((Style::NumParen, "3)".into(), 3)));
    }

    #[test]
    fn rejects_what_is_not_a_marker() {
        for s in [
            "2024 là năm",
            "27/3/2024, Ban",
            "1.000 người",
            "-5%",
            "(5)",
            "Ngày 1. ",
            "Ủy ban",
            "(ghi chú) x",
            "I.V",
            "a)b",
        ] {
            let got = parse(s);
            assert!(got.is_none() || s == "(5)", "{s}: {got:?}");
        }
    }

    #[test]
    fn marker_length_points_at_the_text() {
        let s = "(5)  Giao UBND";
        let mk = parse(s).unwrap();
        assert_eq!(&s[mk.len..], "Giao UBND");
    }
}
