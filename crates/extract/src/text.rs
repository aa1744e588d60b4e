//! Small helpers over text: character classes, words, and matching phrases at word
//! boundaries in folded text.

/// Letters and digits: what a word is made of.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
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
pub fn word_at(s: &str, pos: usize) -> &str {
    let Some(rest) = s.get(pos..) else { return "" };
    let end = rest.char_indices().find(|&(_, c)| !is_word_char(c)).map_or(rest.len(), |(i, _)| i);
    &rest[..end]
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
    s.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase)
}

/// Whether the first character of `s` is a lower-case letter.
pub fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// Whether every letter of `s` is upper case (and it has at least two).
pub fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
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
    fn classes() {
        assert!(is_all_caps("KẾT LUẬN"));
        assert!(!is_all_caps("Kết luận"));
        assert!(starts_upper("(1) Tổ chức"));
        assert_eq!(roman("iv"), Some(4));
        assert_eq!(squash("  a \t b\n c "), "a b c");
        assert_eq!(word_at("ủy ban", 0), "ủy");
    }
}
