//! Small helpers over text: character classes, words, and matching phrases at word
//! boundaries in folded text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Letters and digits: what a word is made of. Vietnamese letters are answered without the
/// general Unicode tables, which this is called for on every character.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c as u32 {
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F | 0x1E00..=0x1EFF => true,
        _ => c.is_alphanumeric(),
    }
}

/// Whether `c` is a letter; Vietnamese letters answered without the Unicode tables.
#[inline]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    match c as u32 {
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F | 0x1E00..=0x1EFF => true,
        _ => c.is_alphabetic(),
    }
}

/// Whether `c` is an upper-case letter (fast for Vietnamese).
#[inline]
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    match c as u32 {
        0xC0..=0xD6 | 0xD8..=0xDE => true,
        0xDF..=0xFF => false,
        u @ 0x1EA0..=0x1EF9 => u % 2 == 0,
        _ => c.is_uppercase(),
    }
}

/// Whether `c` is a lower-case letter (fast for Vietnamese).
#[inline]
pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    match c as u32 {
        0xC0..=0xDE => false,
        0xDF..=0xF6 | 0xF8..=0xFF => true,
        u @ 0x1EA0..=0x1EF9 => u % 2 == 1,
        _ => c.is_lowercase(),
    }
}

/// A fixed list of phrases looked up by their first word, so that checking "does one of these
/// phrases start here" costs one hash lookup instead of a comparison per phrase.
pub struct PhraseSet {
    by_first: HashMap<&'static str, Vec<&'static str>, BuildHasherDefault<Fnv>>,
    /// The first bytes phrases start with: most words are turned away on their first byte.
    first_bytes: [bool; 256],
}

impl PhraseSet {
    /// Indexes `phrases` (already folded).
    pub fn new(phrases: &[&'static str]) -> PhraseSet {
        let mut by_first: HashMap<&'static str, Vec<&'static str>, BuildHasherDefault<Fnv>> = HashMap::default();
        for p in phrases {
            let first = p.split(|c: char| !is_word_char(c)).next().unwrap_or(p);
            by_first.entry(first).or_default().push(p);
        }
        for v in by_first.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        let mut first_bytes = [false; 256];
        for p in phrases {
            if let Some(&b) = p.as_bytes().first() {
                first_bytes[usize::from(b)] = true;
            }
        }
        PhraseSet { by_first, first_bytes }
    }

    /// The longest phrase of the set at `pos` of `s`, as whole words.
    #[inline]
    pub fn longest_at(&self, s: &str, pos: usize) -> Option<&'static str> {
        if !self.first_bytes[usize::from(*s.as_bytes().get(pos)?)] {
            return None;
        }
        let w = word_at(s, pos);
        if w.is_empty() {
            return None;
        }
        self.by_first.get(w)?.iter().copied().find(|p| phrase_at(s, pos, p))
    }

    /// Whether a phrase of the set starts at `pos`.
    #[inline]
    pub fn at(&self, s: &str, pos: usize) -> bool {
        self.longest_at(s, pos).is_some()
    }

    /// Whether some phrase of the set starts with this byte.
    #[inline]
    pub fn may_start(&self, byte: u8) -> bool {
        self.first_bytes[usize::from(byte)]
    }

    /// Whether the word at `pos` begins any phrase of the set.
    #[inline]
    pub fn starts_with_word(&self, w: &str) -> bool {
        w.as_bytes().first().is_some_and(|&b| self.first_bytes[usize::from(b)]) && self.by_first.contains_key(w)
    }
}

/// FNV-1a: a fast hash for the short keys of [`PhraseSet`].
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Declares a lazily built [`PhraseSet`] over a constant list.
#[macro_export]
macro_rules! phrase_set {
    ($name:ident, $list:expr) => {
        fn $name() -> &'static $crate::text::PhraseSet {
            static SET: std::sync::OnceLock<$crate::text::PhraseSet> = std::sync::OnceLock::new();
            SET.get_or_init(|| $crate::text::PhraseSet::new($list))
        }
    };
}

/// Whether `s[pos..]` starts with `phrase` as whole words (both already folded).
pub fn phrase_at(s: &str, pos: usize, phrase: &str) -> bool {
    let Some(rest) = s.get(pos..) else { return false };
    if !rest.starts_with(phrase) {
        return false;
    }
    let before_ok = s[..pos].chars().next_back().is_none_or(|c| !is_word_char(c));
    let after_ok = rest[phrase.len()..].chars().next().is_none_or(|c| !is_word_char(c));
    before_ok && after_ok
}

/// The longest phrase of `phrases` found at `pos` as whole words, with its length in bytes.
pub fn longest_at<'a>(s: &str, pos: usize, phrases: &[&'a str]) -> Option<&'a str> {
    phrases.iter().copied().filter(|p| phrase_at(s, pos, p)).max_by_key(|p| p.len())
}

/// Byte offsets where words start in `s`.
pub fn word_starts(s: &str) -> impl Iterator<Item = usize> + '_ {
    let mut prev_word = false;
    s.char_indices().filter_map(move |(i, c)| {
        let w = is_word_char(c);
        let start = w && !prev_word;
        prev_word = w;
        start.then_some(i)
    })
}

/// Every occurrence of `phrase` in `s` as whole words.
pub fn find_phrase(s: &str, phrase: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = s.get(from..).and_then(|r| r.find(phrase)) {
        let at = from + i;
        if phrase_at(s, at, phrase) {
            out.push(at);
        }
        from = at + phrase.len().max(1);
    }
    out
}

/// The first occurrence of any of `phrases` as whole words at or after `from`.
pub fn find_any(s: &str, from: usize, phrases: &[&str]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for p in phrases {
        let mut at = from;
        while let Some(i) = s.get(at..).and_then(|r| r.find(p)) {
            let pos = at + i;
            if phrase_at(s, pos, p) {
                if best.is_none_or(|(b, l)| pos < b || (pos == b && p.len() > l)) {
                    best = Some((pos, p.len()));
                }
                break;
            }
            at = pos + p.len().max(1);
        }
    }
    best
}

/// The word starting at `pos` (letters and digits), or "".
#[inline]
pub fn word_at(s: &str, pos: usize) -> &str {
    let Some(rest) = s.get(pos..) else { return "" };
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            if !x.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else if (0xC3..=0xC6).contains(&x) || (x == 0xE1 && matches!(b.get(i + 1), Some(0xB8..=0xBB))) {
            // U+00C0–U+01BF and U+1E00–U+1EFF: Vietnamese letters, one UTF-8 sequence each
            // (×, ÷ at U+00D7, U+00F7 are the only non-letters there).
            if x == 0xC3 && matches!(b.get(i + 1), Some(0x97 | 0xB7)) {
                break;
            }
            i += if x == 0xE1 { 3 } else { 2 };
        } else {
            match rest[i..].chars().next() {
                Some(c) if is_word_char(c) => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    &rest[..i.min(rest.len())]
}

/// Position of the next word start after `pos` (skipping the current word and separators),
/// stopping at any character in `stop`.
pub fn next_word(s: &str, pos: usize, stop: &[char]) -> Option<usize> {
    let rest = s.get(pos..)?;
    let mut in_word = true;
    for (i, c) in rest.char_indices() {
        if is_word_char(c) {
            if !in_word {
                return Some(pos + i);
            }
        } else {
            if stop.contains(&c) {
                return None;
            }
            in_word = false;
        }
    }
    None
}

/// Skips spaces from `pos`.
pub fn skip_spaces(s: &str, pos: usize) -> usize {
    s.get(pos..).map_or(pos, |r| pos + (r.len() - r.trim_start_matches([' ', '\t']).len()))
}

/// Whether the first letter of `s` is upper case.
pub fn starts_upper(s: &str) -> bool {
    s.chars().find(|c| is_letter(*c)).is_some_and(is_upper)
}

/// Whether the first character of `s` is a lower-case letter.
pub fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(is_lower)
}

/// Whether every letter of `s` is upper case (and it has at least two).
pub fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars().filter(|c| is_letter(*c)) {
        if is_lower(c) {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Number of characters.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Folds runs of white space to one space and trims.
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Parses a Roman numeral I–XX.
pub fn roman(s: &str) -> Option<u32> {
    const R: [&str; 20] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
        "XVIII", "XIX", "XX",
    ];
    let up = s.to_ascii_uppercase();
    R.iter().position(|r| *r == up).map(|i| i as u32 + 1)
}

/// The largest char boundary at or below `i`.
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_words_only() {
        let s = "trên cơ sở báo cáo của sở tài chính";
        assert!(phrase_at(s, 0, "trên"));
        let sos: Vec<usize> = s.match_indices("sở").map(|(i, _)| i).collect();
        assert_eq!(find_phrase(s, "sở"), sos);
        assert!(!phrase_at(s, 5, "c"));
        assert_eq!(find_any(s, 0, &["của", "báo cáo"]), Some((s.find("báo").unwrap(), "báo cáo".len())));
    }

    #[test]
    fn phrase_sets_find_the_longest() {
        let set = PhraseSet::new(&["hằng tháng", "hằng", "trong vòng", "trong"]);
        let s = "báo cáo hằng tháng trong vòng 5 ngày";
        assert_eq!(set.longest_at(s, s.find("hằng").unwrap()), Some("hằng tháng"));
        assert_eq!(set.longest_at(s, s.find("trong").unwrap()), Some("trong vòng"));
        assert_eq!(set.longest_at(s, 0), None);
        assert!(set.starts_with_word("trong"));
    }

    #[test]
    fn fast_letter_classes_agree_with_unicode() {
        for c in ('\u{0}'..='\u{250}').chain('\u{1E00}'..='\u{1F00}') {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lower(c), c.is_lowercase(), "{c:?}");
        }
    }

    #[test]
    fn words_end_where_letters_end() {
        assert_eq!(word_at("Ủy ban", 0), "Ủy");
        assert_eq!(word_at("đồng× chí", 0), "đồng");
        assert_eq!(word_at("Ơn÷", 0), "Ơn");
        assert_eq!(word_at("số 12/TB", 0), "số");
        assert_eq!(word_at("12/TB", 0), "12");
        assert_eq!(word_at("ǅa", 0), "ǅa");
        assert_eq!(word_at("một—hai", 0), "một");
        for s in ["aɐb c", "xʼy", "ạ̀b", "ζeta ", "日本 x"] {
            let slow: String = s.chars().take_while(|c| is_word_char(*c)).collect();
            assert_eq!(word_at(s, 0), slow, "{s}");
        }
    }

    #[test]
    fn word_chars() {
        for c in ['a', 'Z', '5', 'đ', 'Đ', 'ủ', 'Ư', 'ơ', 'ạ', 'é'] {
            assert!(is_word_char(c), "{c}");
        }
        for c in [' ', ',', '/', '-', '(', '×', '“'] {
            assert!(!is_word_char(c), "{c}");
        }
    }

    #[test]
    fn classes() {
        assert!(is_all_caps("KẾT LUẬN"));
        assert!(!is_all_caps("Kết luận"));
        assert!(starts_upper("(1) Tổ chức"));
        assert_eq!(roman("iv"), Some(4));
        assert_eq!(squash("  a \t b\n c "), "a b c");
        assert_eq!(word_at("ủy ban", 0), "ủy");
    }
}
