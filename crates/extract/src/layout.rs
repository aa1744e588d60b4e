//! From lines to paragraphs ("blocks").
//!
//! Directives reach us in three layouts: one paragraph a line with blank lines between (text
//! saved from a word processor); hard-wrapped lines with a first-line indent (the text layer of
//! a PDF, `pdftotext -layout`); and table rows converted to `a | b | c`. A paragraph cut by a
//! page break ("Công" / blank / "tác giải quyết…") is rejoined, and page numbers between pages
//! are dropped. Each block keeps a map from its joined text back to the normalised text, so
//! every span found in a block can be reported as offsets into the document.

use crate::marker;
use crate::normalize::fold;
use crate::text::{char_len, is_all_caps, starts_lower, starts_upper};

/// One line of the normalised text.
#[derive(Debug, Clone)]
pub struct Line {
    /// Offsets of the line's text without its leading and trailing white space.
    pub start: usize,
    pub end: usize,
    /// Leading white space in columns (a tab counts 4).
    pub indent: usize,
}

impl Line {
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        &doc[self.start..self.end]
    }
    pub fn is_blank(&self) -> bool {
        self.start == self.end
    }
}

/// Splits `doc` into lines.
pub fn lines(doc: &str) -> Vec<Line> {
    let mut out = Vec::with_capacity(doc.len() / 60 + 1);
    let mut pos = 0;
    for raw in doc.split('\n') {
        let lead = raw.len() - raw.trim_start().len();
        let indent = raw[..lead].chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
        let trimmed = raw.trim();
        let start = pos + lead;
        out.push(Line { start, end: start + trimmed.len(), indent });
        pos += raw.len() + 1;
    }
    out
}

/// A piece of joined text and where it came from.
#[derive(Debug, Clone, Copy)]
struct Seg {
    joined: usize,
    doc: usize,
    len: usize,
}

/// A paragraph: lines joined with single spaces, page breaks repaired.
#[derive(Debug, Clone)]
pub struct Block {
    pub text: String,
    /// `text` folded for matching (same byte length).
    pub fold: String,
    segs: Vec<Seg>,
    pub first_line: usize,
    pub last_line: usize,
    /// Cells when the block is a table row (`a | b | c`), as ranges of `text`.
    pub cells: Vec<(usize, usize)>,
}

impl Block {
    /// Offset in the document of offset `j` of the joined text.
    pub fn doc_offset(&self, j: usize) -> usize {
        let i = self.segs.partition_point(|s| s.joined <= j).saturating_sub(1);
        match self.segs.get(i) {
            Some(s) => s.doc + (j - s.joined).min(s.len),
            None => 0,
        }
    }

    /// Offset in the document just past byte `j - 1` of the joined text (for span ends).
    pub fn doc_end(&self, j: usize) -> usize {
        if j == 0 {
            return self.doc_offset(0);
        }
        let i = self.segs.partition_point(|s| s.joined < j).saturating_sub(1);
        match self.segs.get(i) {
            Some(s) => s.doc + (j - s.joined).min(s.len),
            None => 0,
        }
    }

    pub fn start(&self) -> usize {
        self.doc_offset(0)
    }

    pub fn end(&self) -> usize {
        self.doc_end(self.text.len())
    }

    pub fn is_table_row(&self) -> bool {
        !self.cells.is_empty()
    }

    fn push_piece(&mut self, doc_start: usize, piece: &str) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.segs.push(Seg { joined: self.text.len(), doc: doc_start, len: piece.len() });
        self.text.push_str(piece);
    }

    /// Appends a line's text, folding inner runs of white space to one space.
    fn push_line(&mut self, doc: &str, line: &Line) {
        let text = line.text(doc);
        let mut piece_start = 0;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'\t' || (bytes[i] == b' ' && bytes.get(i + 1).is_some_and(|b| *b == b' ' || *b == b'\t')) {
                let mut j = i;
                while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
                    j += 1;
                }
                if i > piece_start {
                    self.push_piece(line.start + piece_start, &text[piece_start..i]);
                }
                piece_start = j;
                i = j;
            } else {
                i += 1;
            }
        }
        if piece_start < text.len() {
            self.push_piece(line.start + piece_start, &text[piece_start..]);
        }
    }
}

/// Whether a line is a page number or a running footer between pages.
fn is_page_number(t: &str) -> bool {
    let t = t.trim_matches(|c: char| c == '-' || c == '–' || c == '=' || c.is_whitespace());
    let t =
        t.strip_prefix("Trang ").or_else(|| t.strip_prefix("trang ")).or_else(|| t.strip_prefix("TRANG ")).unwrap_or(t);
    !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a line is a row of a table (`a | b | c`, at least three cells).
pub fn is_table_line(t: &str) -> bool {
    t.matches('|').count() >= 2
}

const SENTENCE_END: &[char] = &['.', '!', '?', ';', ':', '…'];

/// Words after which a sentence cannot end: a paragraph ending in one was cut by a page break.
const UNFINISHED: &[&str] = &[
    "của",
    "và",
    "các",
    "với",
    "cho",
    "để",
    "theo",
    "tại",
    "trong",
    "về",
    "những",
    "được",
    "là",
    "có",
    "đồng chí",
    "đ/c",
    "từ",
    "đến",
    "trên",
    "dưới",
    "nhằm",
    "gắn",
    "đối với",
    "thuộc",
    "này",
    "một",
    "mỗi",
    "từng",
    "đã",
    "sẽ",
    "cần",
    "phải",
    "đảm bảo",
    "bảo đảm",
    "như",
    "hoặc",
    "nhưng",
    "mà",
    "thì",
    "khi",
    "sau",
    "trước",
    "bằng",
];

/// Layout facts measured over the whole document.
struct Shape {
    /// Lines are wrapped at a width (PDF text layer), not one paragraph a line.
    wrapped: bool,
    width: usize,
    cont_indent: usize,
}

fn measure(doc: &str, lines: &[Line]) -> Shape {
    let mut lens: Vec<usize> = Vec::new();
    let (mut pairs, mut lower_next) = (0usize, 0usize);
    let mut cont_indents: Vec<usize> = Vec::new();
    for w in lines.windows(2) {
        if w[0].is_blank() || w[1].is_blank() {
            continue;
        }
        pairs += 1;
        let next = w[1].text(doc);
        if starts_lower(next) {
            lower_next += 1;
            cont_indents.push(w[1].indent);
        }
    }
    for l in lines.iter().filter(|l| !l.is_blank()) {
        let n = l.indent + char_len(l.text(doc));
        if n >= 20 {
            lens.push(n);
        }
    }
    lens.sort_unstable();
    let width = lens.get(lens.len() * 9 / 10).copied().unwrap_or(80);
    cont_indents.sort_unstable();
    let cont_indent = cont_indents.get(cont_indents.len() / 2).copied().unwrap_or(0);
    Shape { wrapped: lower_next >= 3 && lower_next * 10 >= pairs, width, cont_indent }
}

fn starts_block(t: &str) -> bool {
    marker::parse(t).is_some() || is_table_line(t)
}

/// Two lines with no blank between: is the second a continuation of the first?
fn continues(doc: &str, shape: &Shape, a: &Line, b: &Line) -> bool {
    let (at, bt) = (a.text(doc), b.text(doc));
    if starts_block(bt) || is_table_line(at) || at.ends_with("/.") || is_all_caps(bt) {
        return false;
    }
    // The closing starts its own block, whatever the layout.
    if bt.starts_with("Nơi nhận") || bt.starts_with("Nơi nhân") || bt.starts_with("NƠI NHẬN") {
        return false;
    }
    if starts_lower(bt) {
        return true;
    }
    let full = a.indent + char_len(at) >= shape.width * 3 / 4;
    if at.ends_with(SENTENCE_END) {
        return shape.wrapped && full && b.indent <= shape.cont_indent && !at.ends_with(':');
    }
    shape.wrapped && full
}

/// A paragraph followed by blank lines (a page break): is the next one its continuation?
fn continues_across_break(block: &Block, next: &str) -> bool {
    if starts_block(next)
        || block.is_table_row()
        || is_all_caps(next)
        || next.starts_with('|')
        || block.text.contains(" | ")
    {
        return false;
    }
    let t = block.text.trim_end();
    if t.ends_with(SENTENCE_END) || t.ends_with(')') || t.ends_with('"') || t.ends_with('”') {
        return false;
    }
    if starts_lower(next) {
        return true;
    }
    if !starts_upper(next) || is_all_caps(t) {
        return false;
    }
    let f = &fold(t);
    if UNFINISHED.iter().any(|w| f.ends_with(&format!(" {w}"))) {
        return true;
    }
    // A sentence began inside this paragraph ("…quý I/2024: Các đồng chí") and did not end.
    match f.rfind(['.', ':', ';']) {
        Some(i) => {
            let fragment = t[i + 1..].trim();
            !fragment.is_empty() && fragment.split_whitespace().count() <= 8 && starts_upper(fragment)
        }
        None => false,
    }
}

/// Splits a table row's joined text into cells.
fn cells_of(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('|').chain(std::iter::once((text.len(), ""))) {
        let cell = &text[start..i];
        let lead = cell.len() - cell.trim_start().len();
        let s = start + lead;
        let e = s + cell.trim().len();
        out.push((s, e));
        start = i + 1;
    }
    // Outer pipes of `| a | b |` leave empty cells at both ends.
    if text.trim_start().starts_with('|') && out.first().is_some_and(|c| c.0 == c.1) {
        out.remove(0);
    }
    if text.trim_end().ends_with('|') && out.last().is_some_and(|c| c.0 == c.1) {
        out.pop();
    }
    out
}

/// Builds the paragraphs of `doc` from its lines.
pub fn blocks(doc: &str, lines: &[Line]) -> Vec<Block> {
    let shape = measure(doc, lines);
    let mut out: Vec<Block> = Vec::new();
    let mut cur: Option<Block> = None;
    let mut blank_since = false;
    for (idx, line) in lines.iter().enumerate() {
        if line.is_blank() {
            blank_since = true;
            continue;
        }
        let t = line.text(doc);
        if is_page_number(t) && line.indent >= 10 || (is_page_number(t) && blank_since) {
            blank_since = true;
            continue;
        }
        let join = match &cur {
            None => false,
            Some(b) if blank_since => continues_across_break(b, t),
            Some(b) => continues(doc, &shape, &lines[b.last_line], line),
        };
        if join {
            if let Some(b) = cur.as_mut() {
                b.push_line(doc, line);
                b.last_line = idx;
            }
        } else {
            if let Some(b) = cur.take() {
                out.push(finish(b));
            }
            let mut b = Block {
                text: String::new(),
                fold: String::new(),
                segs: Vec::new(),
                first_line: idx,
                last_line: idx,
                cells: Vec::new(),
            };
            b.push_line(doc, line);
            if is_table_line(t) {
                b.cells = vec![(0, 0)];
            }
            cur = Some(b);
        }
        blank_since = false;
    }
    if let Some(b) = cur.take() {
        out.push(finish(b));
    }
    out
}

fn finish(mut b: Block) -> Block {
    if !b.cells.is_empty() {
        b.cells = cells_of(&b.text);
    }
    b.fold = fold(&b.text);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(doc: &str) -> Vec<String> {
        blocks(doc, &lines(doc)).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn one_paragraph_a_line() {
        assert_eq!(paras("A b c.\n\nD e f.\n"), vec!["A b c.", "D e f."]);
    }

    #[test]
    fn rejoins_a_page_break_mid_sentence() {
        let doc = "Việc hoàn thiện hồ sơ chưa đạt. Công\n\ntác giải quyết đơn thư còn tồn đọng.";
        assert_eq!(paras(doc), vec!["Việc hoàn thiện hồ sơ chưa đạt. Công tác giải quyết đơn thư còn tồn đọng."]);
        let doc = "(3) Về tình hình quý I/2024: Các đồng chí\n\nHuyện ủy viên cần tiếp tục.";
        assert_eq!(paras(doc).len(), 1);
        let doc = "1. Về tình hình quý I; phương hướng, nhiệm vụ quý II/2024\n\nBan Chấp hành đánh giá: tốt.";
        assert_eq!(paras(doc).len(), 2);
    }

    #[test]
    fn joins_hard_wrapped_lines_and_drops_page_numbers() {
        let doc = concat!(
            "     1. Công ty tiếp thu các ý kiến tại cuộc họp, khẩn trương rà soát, báo cáo\n",
            "toàn bộ quá trình cổ phần hóa và những vấn đề phát sinh, vướng mắc ảnh\n",
            "hưởng đến việc thực hiện cổ phần hóa Công ty trong thời gian qua, đảm bảo\n",
            "việc thực hiện theo đúng quy định và tình hình thực tế của địa phương nay.\n",
            "      2. Trên cơ sở báo cáo của Công ty, giao Sở Tài chính chủ trì, đảm bảo việc\n",
            "                                         2\n",
            "\n",
            "thực hiện theo đúng quy định.\n",
        );
        let p = paras(doc);
        assert_eq!(p.len(), 2, "{p:#?}");
        assert!(p[1].starts_with("2. Trên cơ sở"), "{p:#?}");
        assert!(p[1].ends_with("đảm bảo việc thực hiện theo đúng quy định."), "{p:#?}");
    }

    #[test]
    fn maps_offsets_back() {
        let doc = "Một  hai\nba\n\nBốn.";
        let ls = lines(doc);
        let bs = blocks(doc, &ls);
        let b = &bs[0];
        assert_eq!(b.text, "Một hai ba");
        let j = b.text.find("hai").unwrap();
        assert_eq!(&doc[b.doc_offset(j)..b.doc_end(j + 3)], "hai");
        let j = b.text.find("ba").unwrap();
        assert_eq!(&doc[b.doc_offset(j)..b.doc_end(j + 2)], "ba");
        assert_eq!(&doc[b.start()..b.end()], "Một  hai\nba");
    }

    #[test]
    fn table_rows_have_cells() {
        let doc = "| Nội dung | Cơ quan chủ trì | Thời hạn |\n| Rà soát | Sở Nội vụ | Quý II/2024 |";
        let bs = blocks(doc, &lines(doc));
        assert_eq!(bs.len(), 2);
        let cells: Vec<&str> = bs[1].cells.iter().map(|&(s, e)| &bs[1].text[s..e]).collect();
        assert_eq!(cells, vec!["Rà soát", "Sở Nội vụ", "Quý II/2024"]);
    }
}
