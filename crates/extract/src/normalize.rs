//! Normalisation: the text every offset points into.
//!
//! Input may be NFD (Vietnamese from macOS or some PDF tools), carry Windows line ends, form
//! feeds between PDF pages, non-breaking and zero-width spaces, and emphasis markup left by
//! converters (`*…*`, `_…_`, `\-`). The normalised text is NFC with that noise removed and
//! the layout (line breaks, indentation) kept, so a viewer can show it as the source looked.
//!
//! [`fold`] gives the form used for matching: lower case and modern tone placement
//! ("uỷ" → "ủy"), with exactly the same byte length as its input, so a match found in the
//! folded text is at the same offsets in the original.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The normalised text of `input`.
pub fn normalize(input: &str) -> String {
    let quick = if surely_nfc(input) { IsNormalized::Yes } else { is_nfc_quick(input.chars()) };
    let nfc: std::borrow::Cow<'_, str> = match quick {
        IsNormalized::Yes => input.into(),
        _ => input.nfc().collect::<String>().into(),
    };
    clean(&nfc)
}

/// Text whose characters all lie where every character is already composed (ASCII, Latin-1 to
/// IPA, Latin Extended Additional, general punctuation): precomposed Vietnamese. Checked
/// without the normalisation tables.
fn surely_nfc(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        i += match x {
            0..=0x7F => 1,
            // U+0080–U+02FF
            0xC2..=0xCB => 2,
            // U+1E00–U+1EFF
            0xE1 if matches!(b.get(i + 1), Some(0xB8..=0xBB)) => 3,
            // U+2010–U+2027, U+2030–U+205E
            0xE2 if matches!((b.get(i + 1), b.get(i + 2)), (Some(0x80), Some(0x90..=0xA7 | 0xB0..=0xBF)) | (Some(0x81), Some(0x80..=0x9E))) => {
                3
            }
            _ => return false,
        };
    }
    true
}

/// Whether `s` holds nothing [`clean`] would change: no carriage returns, form feeds, markup
/// characters, special spaces or control characters. A byte scan, much faster than cleaning.
fn already_clean(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\t' | b'\n' => {}
            0..=0x1F | 0x7F | b'*' | b'_' | b'\\' => return false,
            // U+0080–U+00BF: C1 controls, NBSP, soft hyphen.
            0xC2 if matches!(b.get(i + 1), Some(0x80..=0xA0 | 0xAD)) => return false,
            // U+2000–U+206F: special spaces, zero-width characters, line separators.
            0xE2 if matches!(b.get(i + 1), Some(0x80 | 0x81)) => return false,
            // U+FEFF byte-order mark.
            0xEF if b.get(i + 1) == Some(&0xBB) => return false,
            _ => {}
        }
        i += 1;
    }
    true
}

fn clean(s: &str) -> String {
    if already_clean(s) {
        return s.to_string();
    }
    // Copy runs of ordinary bytes whole; look at a character only where one may need work.
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let special = match b[i] {
            b'\t' | b'\n' => false,
            0..=0x1F | 0x7F | b'*' | b'_' | b'\\' | 0xC2 | 0xE2 | 0xEF => true,
            _ => false,
        };
        if !special {
            i += 1;
            continue;
        }
        out.push_str(&s[run..i]);
        let Some(c) = s[i..].chars().next() else { break };
        let prev = s[..i].chars().next_back();
        let next = s[i + c.len_utf8()..].chars().next();
        match c {
            '\r' => {
                if next != Some('\n') {
                    out.push('\n');
                }
            }
            '\u{0C}' | '\u{2028}' | '\u{2029}' | '\u{0B}' => out.push('\n'),
            '\u{A0}' | '\u{2007}' | '\u{202F}' | '\u{2000}'..='\u{2006}' | '\u{2008}'..='\u{200A}' => out.push(' '),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' => {}
            '*' => {}
            '_' => {
                // Emphasis marks stand at a word's edge; an underscore inside a word stays.
                let inside = prev.is_some_and(|p| p.is_alphanumeric()) && next.is_some_and(|n| n.is_alphanumeric());
                if inside {
                    out.push('_');
                }
            }
            '\\' if matches!(next, Some('*' | '_' | '-' | '.' | '(' | ')' | '[' | ']' | '#' | '+' | '|')) => {}
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
        i += c.len_utf8();
        run = i;
    }
    out.push_str(&s[run..]);
    out
}

/// Lower case with modern tone placement, byte for byte as long as `s`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // ASCII (most bytes of Vietnamese text) without decoding.
        if b[i] < 0x80 {
            out.push(char::from(b[i].to_ascii_lowercase()));
            i += 1;
            continue;
        }
        let Some(c) = s[i..].chars().next() else { break };
        out.push(lower_same_len(c));
        i += c.len_utf8();
    }
    let out = modern_tones(out);
    debug_assert_eq!(out.len(), s.len());
    out
}

/// `c` in lower case when that has the same UTF-8 length, else `c`.
#[inline]
pub fn lower_same_len(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // Vietnamese capitals: Latin-1 (À–Ý) and Latin Extended Additional (Ạ–Ỹ, capitals even).
    match c as u32 {
        0xC0..=0xD6 | 0xD8..=0xDE => return char::from_u32(c as u32 + 0x20).unwrap_or(c),
        0xE0..=0xFF => return c,
        u @ 0x1EA0..=0x1EF9 => return if u % 2 == 0 { char::from_u32(u + 1).unwrap_or(c) } else { c },
        _ => {}
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// "uỷ" → "ủy", "oà" → "òa", "oè" → "òe" at the end of a syllable, where the two styles
/// differ ("hoàn", "hoạch" are written alike in both; "quý" keeps its tone, its "u" belongs to
/// "qu"). Each pair keeps its byte length (1 + 3 = 3 + 1, 1 + 2 = 2 + 1), so the bytes are
/// rewritten in place.
fn modern_tones(s: String) -> String {
    let b = s.as_bytes();
    let mut moves: Vec<(usize, char, char)> = Vec::new();
    for i in 0..b.len().saturating_sub(2) {
        if !(b[i] == b'u' || b[i] == b'o') || (i > 0 && b[i - 1] == b'q') {
            continue;
        }
        // The vowel after it: two bytes (à, á, ã, è, é, ý) or three (ả, ạ, ẻ, ẽ, ẹ, ỳ, ỷ, ỹ, ỵ).
        let len = match b[i + 1] {
            0xC3 => 2,
            0xE1 => 3,
            _ => continue,
        };
        let Some(second) = s.get(i + 1..i + 1 + len).and_then(|x| x.chars().next()) else { continue };
        let Some((first, rest)) = move_tone(b[i] as char, second) else { continue };
        let open = s.get(i + 1 + len..).and_then(|r| r.chars().next()).is_none_or(|x| !crate::text::is_letter(x));
        if open && first.len_utf8() + rest.len_utf8() == 1 + len {
            moves.push((i, first, rest));
        }
    }
    if moves.is_empty() {
        return s;
    }
    let mut bytes = s.into_bytes();
    for (i, first, rest) in moves {
        let mut buf = [0u8; 4];
        let a = first.encode_utf8(&mut buf).len();
        bytes[i..i + a].copy_from_slice(&buf[..a]);
        let c = rest.encode_utf8(&mut buf).len();
        bytes[i + a..i + a + c].copy_from_slice(&buf[..c]);
    }
    // Whole characters were replaced by whole characters: still UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

fn move_tone(first: char, second: char) -> Option<(char, char)> {
    let pair = match (first, second) {
        ('u', 'ỷ') => ('ủ', 'y'),
        ('u', 'ý') => ('ú', 'y'),
        ('u', 'ỳ') => ('ù', 'y'),
        ('u', 'ỹ') => ('ũ', 'y'),
        ('u', 'ỵ') => ('ụ', 'y'),
        ('o', 'à') => ('ò', 'a'),
        ('o', 'á') => ('ó', 'a'),
        ('o', 'ả') => ('ỏ', 'a'),
        ('o', 'ã') => ('õ', 'a'),
        ('o', 'ạ') => ('ọ', 'a'),
        ('o', 'è') => ('ò', 'e'),
        ('o', 'é') => ('ó', 'e'),
        ('o', 'ẻ') => ('ỏ', 'e'),
        ('o', 'ẽ') => ('õ', 'e'),
        ('o', 'ẹ') => ('ọ', 'e'),
        _ => return None,
    };
    Some(pair)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_nfd() {
        let nfd: String = "Ủy ban nhân dân".nfd().collect();
        assert_ne!(nfd, "Ủy ban nhân dân");
        assert_eq!(normalize(&nfd), "Ủy ban nhân dân");
    }

    #[test]
    fn the_nfc_shortcut_only_passes_composed_text() {
        for c in ('\u{0}'..='\u{2100}').chain('\u{1E00}'..='\u{1F00}') {
            let s = format!("a{c}b");
            if surely_nfc(&s) {
                assert!(matches!(is_nfc_quick(s.chars()), IsNormalized::Yes), "{c:?}");
            }
        }
        assert!(surely_nfc("Ủy ban nhân dân — “Số” 1/2 • …"));
        assert!(!surely_nfc("u\u{0309}y"));
    }

    #[test]
    fn the_fast_check_agrees_with_cleaning() {
        for s in [
            "Kết luận số 604",
            "a\u{A0}b",
            "a*b",
            "x_y",
            "a\r\nb",
            "\u{200B}",
            "\u{FEFF}x",
            "a\u{0C}b",
            "a\\-b",
            "\u{85}",
            "—–…“”",
            "\u{2028}",
            "\u{AD}",
        ] {
            // Conservative: what it passes needs no cleaning; what needs cleaning it never passes.
            if already_clean(s) {
                assert_eq!(clean(s), s, "{s:?}");
            }
            if clean(s) != s {
                assert!(!already_clean(s), "{s:?}");
            }
        }
    }

    #[test]
    fn drops_markup_and_noise() {
        assert_eq!(normalize("(4) *Giao UBKT Huyện ủy*: Hoàn"), "(4) Giao UBKT Huyện ủy: Hoàn");
        assert_eq!(normalize("_Nơi nhận:_\r\n- A"), "Nơi nhận:\n- A");
        assert_eq!(normalize("VP_UB a\u{A0}b\u{200B}c"), "VP_UB a bc");
        assert_eq!(normalize("\\- mục"), "- mục");
        assert_eq!(normalize("trang 1\u{0C}trang 2"), "trang 1\ntrang 2");
    }

    #[test]
    fn folds_case_and_old_tones_keeping_length() {
        for (old, new) in [("Huyện uỷ", "huyện ủy"), ("HOÀ BÌNH", "hòa bình"), ("Thuý", "thúy"), ("khoẻ", "khỏe")]
        {
            let f = fold(old);
            assert_eq!(f.len(), old.len());
            assert_eq!(f, fold(new));
        }
        assert_eq!(fold("ĐẢNG ỦY"), "đảng ủy");
        assert_eq!(fold("Kế hoạch hoàn thành"), "kế hoạch hoàn thành");
        // The fast paths agree with Unicode's own lower case.
        for c in ('\u{C0}'..='\u{24F}').chain('\u{1E00}'..='\u{1EFF}') {
            let mut l = c.to_lowercase();
            if let (Some(x), None) = (l.next(), l.next()) {
                if x.len_utf8() == c.len_utf8() {
                    assert_eq!(lower_same_len(c), x, "{c}");
                }
            }
        }
    }
}
