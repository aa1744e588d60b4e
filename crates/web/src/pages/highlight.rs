//! Text with highlighted spans, rendered as HTML on the server: the review screen's document
//! (tasks, leads, deadlines, targets and citations marked where the extractor found them) and
//! a task's source passage.
//!
//! Every character of the text is escaped; the only markup produced is `<mark>` with a class
//! from a fixed list and an id made of digits. Spans are byte offsets into the text; offsets
//! that are out of range or not on a character boundary are dropped, and spans that overlap
//! without nesting are cut at their parent's end, so the output is always well formed.

/// One highlighted span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Draft task key (for `id="src-<key>"` and links from the task cards).
    pub key: Option<u32>,
}

/// What a span marks (its CSS class).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Task,
    Lead,
    Deadline,
    Target,
    Citation,
}

impl Kind {
    fn class(self) -> &'static str {
        match self {
            Kind::Task => "hl-task",
            Kind::Lead => "hl-lead",
            Kind::Deadline => "hl-deadline",
            Kind::Target => "hl-target",
            Kind::Citation => "hl-citation",
        }
    }
}

/// HTML-escapes text (element content and quoted attribute values).
pub fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Renders `text` with `spans` marked.
pub fn render(text: &str, spans: &[Span]) -> String {
    let mut spans: Vec<Span> = spans
        .iter()
        .filter(|s| {
            s.start < s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
        })
        .cloned()
        .collect();
    // outer spans first: earlier start, then longer, then by kind (a task contains its lead)
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.kind.cmp(&b.kind)));
    let mut out = String::with_capacity(text.len() + spans.len() * 40);
    let mut pos = 0usize;
    let mut stack: Vec<usize> = Vec::new(); // ends of open marks
    for s in spans {
        while let Some(&end) = stack.last() {
            if end <= s.start {
                escape(&text[pos..end], &mut out);
                pos = end;
                out.push_str("</mark>");
                stack.pop();
            } else {
                break;
            }
        }
        let start = s.start.max(pos);
        let end = match stack.last() {
            Some(&parent_end) => s.end.min(parent_end),
            None => s.end,
        };
        if start >= end {
            continue;
        }
        escape(&text[pos..start], &mut out);
        pos = start;
        out.push_str("<mark class=\"");
        out.push_str(s.kind.class());
        out.push('"');
        if let (Kind::Task, Some(k)) = (s.kind, s.key) {
            out.push_str(&format!(" id=\"src-{k}\" data-key=\"{k}\""));
        }
        out.push('>');
        stack.push(end);
    }
    while let Some(end) = stack.pop() {
        escape(&text[pos..end], &mut out);
        pos = end;
        out.push_str("</mark>");
    }
    escape(&text[pos..], &mut out);
    out
}

/// Byte range of `needle` in `hay[from..to]`, if found (case as written).
pub fn find_in(hay: &str, needle: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let needle = needle.trim();
    if needle.is_empty() || from >= to || to > hay.len() || !hay.is_char_boundary(from) || !hay.is_char_boundary(to) {
        return None;
    }
    hay[from..to].find(needle).map(|i| (from + i, from + i + needle.len()))
}

/// Like [`find_in`], ignoring case (for names the extractor reports as the directory writes
/// them: "UBND huyện" in the text may be "Ủy ban nhân dân huyện" in the directory).
pub fn find_in_ci(hay: &str, needle: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    if let Some(r) = find_in(hay, needle, from, to) {
        return Some(r);
    }
    let needle = needle.trim().to_lowercase();
    if needle.is_empty() || from >= to || to > hay.len() || !hay.is_char_boundary(from) || !hay.is_char_boundary(to) {
        return None;
    }
    // Lower-casing may change byte lengths; walk the original by characters.
    let region = &hay[from..to];
    for (i, _) in region.char_indices() {
        let rest = &region[i..];
        let mut matched = 0usize;
        let mut it = needle.chars();
        let mut ok = true;
        let mut want = it.next();
        for c in rest.chars() {
            let Some(w) = want else { break };
            let mut lc = c.to_lowercase();
            if lc.next() == Some(w) && lc.next().is_none() {
                matched += c.len_utf8();
                want = it.next();
            } else {
                ok = false;
                break;
            }
        }
        if ok && want.is_none() {
            return Some((from + i, from + i + matched));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, kind: Kind) -> Span {
        Span { start, end, kind, key: None }
    }

    #[test]
    fn escapes_everything_outside_marks() {
        let text = "<script>alert(1)</script> & \"x\"";
        let html = render(text, &[span(0, 8, Kind::Task)]);
        assert_eq!(html, "<mark class=\"hl-task\">&lt;script&gt;</mark>alert(1)&lt;/script&gt; &amp; &quot;x&quot;");
    }

    #[test]
    fn nests_and_clips() {
        let text = "Giao UBND huyện trước 30/6/2024 thực hiện";
        let lead = find_in(text, "UBND huyện", 0, text.len()).expect("lead");
        let due = find_in(text, "30/6/2024", 0, text.len()).expect("due");
        let html = render(
            text,
            &[
                Span { start: 0, end: text.len(), kind: Kind::Task, key: Some(3) },
                span(lead.0, lead.1, Kind::Lead),
                span(due.0, due.1 + 3, Kind::Deadline),
                span(due.0 + 2, text.len() + 10, Kind::Target), // out of range: dropped
            ],
        );
        assert!(html.starts_with(
            "<mark class=\"hl-task\" id=\"src-3\" data-key=\"3\">Giao <mark class=\"hl-lead\">UBND huyện</mark>"
        ));
        assert!(html.contains("<mark class=\"hl-deadline\">30/6/2024 th</mark>"), "{html}");
        assert_eq!(html.matches("<mark").count(), html.matches("</mark>").count());
    }

    #[test]
    fn overlapping_spans_are_cut_to_their_parent() {
        let text = "abcdefghij";
        let html = render(text, &[span(0, 5, Kind::Task), span(3, 8, Kind::Lead)]);
        assert_eq!(html, "<mark class=\"hl-task\">abc<mark class=\"hl-lead\">de</mark></mark>fghij");
    }

    #[test]
    fn bad_offsets_are_dropped() {
        let text = "ủy ban";
        let html = render(text, &[span(1, 3, Kind::Task)]);
        assert_eq!(html, "ủy ban");
    }

    #[test]
    fn finds_ignoring_case() {
        let text = "giao Ủy ban nhân dân huyện chủ trì";
        let (a, b) = find_in_ci(text, "ủy ban nhân dân huyện", 0, text.len()).expect("found");
        assert_eq!(&text[a..b], "Ủy ban nhân dân huyện");
        assert!(find_in_ci(text, "xã", 0, text.len()).is_none());
    }
}
