//! The header and the closing of a document: number and symbol, kind, issuer, place and date,
//! title; signature block and recipients.
//!
//! Headers are laid out in two columns (issuer and number on the left, national motto and
//! date on the right) which a text layer keeps as runs of spaces, a tab, or `|` between table
//! cells, so header and closing lines are read cell by cell.

use crate::citation::{symbol_at, KIND_WORDS};
use crate::date::Date;
use crate::layout::{Block, Line};
use crate::model::Signer;
use crate::normalize::fold;
use crate::text::{is_all_caps, phrase_at, squash, starts_upper};

/// Cells of a line: pieces separated by three or more spaces, a tab, or `|`.
pub fn cells(doc: &str, line: &Line) -> Vec<(usize, usize)> {
    let t = line.text(doc);
    let b = t.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let sep_len = if b[i] == b'|' || b[i] == b'\t' {
            1
        } else if b[i] == b' ' && b[i..].iter().take(3).all(|&c| c == b' ') {
            3
        } else {
            0
        };
        if sep_len > 0 {
            let mut j = i + sep_len;
            while j < b.len() && matches!(b[j], b' ' | b'\t' | b'|') {
                j += 1;
            }
            if i > start {
                out.push((line.start + start, line.start + i));
            }
            start = j;
            i = j;
        } else {
            i += 1;
        }
    }
    if start < b.len() {
        out.push((line.start + start, line.start + b.len()));
    }
    out.into_iter()
        .map(|(s, e)| {
            let c = &doc[s..e];
            let lead = c.len() - c.trim_start().len();
            (s + lead, s + lead + c.trim().len())
        })
        .filter(|(s, e)| e > s)
        .collect()
}

/// What the header says.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub symbol: Option<String>,
    pub number: Option<String>,
    pub kind: Option<String>,
    pub kind_name: Option<String>,
    pub issuer: Option<String>,
    pub place: Option<String>,
    pub date: Option<Date>,
    /// The date to resolve deadlines against when the day is blank ("ngày … tháng 6 năm 2026").
    pub reference: Option<Date>,
    pub title: Option<String>,
    /// The first block of the body.
    pub body_start: usize,
    /// "Số: /UBND-KT": a draft whose number is blank.
    pub blank_number: bool,
    /// Recipients named at the top ("Kính gửi:").
    pub addressees: Vec<String>,
}

/// The Vietnamese name of a type code.
pub fn kind_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "KL" => "Kết luận",
        "TB" => "Thông báo",
        "CT" => "Chỉ thị",
        "NQ" => "Nghị quyết",
        "KH" => "Kế hoạch",
        "QĐ" => "Quyết định",
        "QĐi" => "Quy định",
        "CV" => "Công văn",
        "BC" => "Báo cáo",
        "HD" => "Hướng dẫn",
        "CTr" => "Chương trình",
        "TT" => "Thông tư",
        "NĐ" => "Nghị định",
        "TTr" => "Tờ trình",
        "QC" => "Quy chế",
        "CĐ" => "Công điện",
        "ĐA" => "Đề án",
        _ => return None,
    })
}

fn kind_of_title(block: &Block) -> Option<&'static str> {
    if !is_all_caps(&block.text) || block.text.len() > 60 {
        return None;
    }
    let f = block.fold.trim();
    KIND_WORDS.iter().find(|(w, _)| f == *w || f.starts_with(&format!("{w} "))).map(|(_, c)| *c)
}

const MOTTO: &[&str] = &["cộng hòa xã hội", "độc lập - tự do", "độc lập – tự do", "đảng cộng sản việt nam"];

fn is_motto(f: &str) -> bool {
    MOTTO.iter().any(|m| f.contains(m))
}

/// "Số 604-KL/HU", "Số: 11 /TB-UBND", "Số:    /UBND-KT" in `text` (one cell or line).
/// A symbol read from a header: as written, its number, its kind code, and whether the number
/// is blank (a draft).
type SymbolRead = (Option<String>, Option<String>, Option<String>, bool);

fn read_symbol(text: &str) -> Option<SymbolRead> {
    let f = fold(text);
    let at = crate::text::find_phrase(&f, "số").into_iter().find(|&i| {
        let rest = text[i + "số".len()..].trim_start_matches([':', ' ', '\t']);
        rest.starts_with(|c: char| c.is_ascii_digit() || c == '/')
    })?;
    let rest_start = text.len() - text[at + "số".len()..].trim_start_matches([':', ' ', '\t']).len();
    let rest = &text[rest_start..];
    if rest.starts_with('/') {
        // A draft: the number is left blank for the clerk.
        let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        let sym = &rest[..end];
        let code = sym.trim_start_matches('/').split(['-', '/']).next().unwrap_or("");
        let kind = if kind_name(code).is_some() { code.to_string() } else { "CV".to_string() };
        return Some((Some(sym.to_string()), None, Some(kind), true));
    }
    let (symbol, number, kind, _) = symbol_at(text, rest_start)?;
    Some((Some(symbol), Some(number), kind, false))
}

/// "Quảng Ngãi, ngày 08 tháng 01 năm 2025" → (place, date, reference).
fn read_place_date(text: &str) -> Option<(Option<String>, Option<Date>, Option<Date>)> {
    let f = fold(text);
    let at = crate::text::find_phrase(&f, "ngày")
        .into_iter()
        .find(|&i| f[i..].contains("tháng") && f[i..].contains("năm"))?;
    let before = text[..at].trim_end().trim_end_matches(',').trim();
    let place = before
        .rsplit(['|', '\t'])
        .next()
        .and_then(|p| p.rsplit("  ").next())
        .map(squash)
        .filter(|p| !p.is_empty() && p.chars().count() <= 40 && starts_upper(p));
    let rest = &f[at + "ngày".len()..];
    // Day may be blank in a draft: "ngày      tháng 6 năm 2026".
    let nums: Vec<u32> = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(3)
        .filter_map(|s| s.parse().ok())
        .collect();
    let day_blank = rest.trim_start().starts_with("tháng");
    let (date, reference) = match (day_blank, nums.as_slice()) {
        (false, [d, m, y, ..]) => {
            let d = Date::new(*y as i32, *m as u8, *d as u8);
            (d, d)
        }
        (true, [m, y, ..]) => (None, Date::new(*y as i32, *m as u8, 1)),
        _ => return None,
    };
    Some((place, date, reference))
}

const BODY_OPENERS: &[&str] = &[
    "ngày",
    "căn cứ",
    "thực hiện",
    "xét",
    "sau khi",
    "qua",
    "trên cơ sở",
    "trong",
    "vừa qua",
    "theo",
    "để",
    "nhằm",
    "hôm nay",
    "tại",
    "chiều",
    "sáng",
    "năm",
    "thời gian qua",
];

fn is_header_block(b: &Block) -> bool {
    let f = b.fold.trim_start_matches(['|', ' ']);
    is_motto(f)
        || is_all_caps(&b.text)
        || phrase_at(f, 0, "số")
            && read_symbol(b.text.get(..crate::text::floor_boundary(&b.text, 80)).unwrap_or("")).is_some()
        || phrase_at(f, 0, "kính gửi")
        || phrase_at(f, 0, "v/v")
        || (f.contains("ngày")
            && f.contains("tháng")
            && f.contains("năm")
            && read_place_date(&b.text).is_some_and(|p| p.0.is_some())
            && b.text.len() < 160)
        || b.text.contains('@')
}

fn sentence_like(b: &Block) -> bool {
    crate::marker::parse(&b.text).is_some() || (b.text.len() >= 60 && !is_all_caps(&b.text))
}

/// Reads the header from the document's first blocks.
pub fn read(doc: &str, lines: &[Line], blocks: &[Block]) -> Header {
    let mut h = Header::default();
    let scan = blocks.len().min(30);
    // Kind line ("KẾT LUẬN") and title after it.
    let mut kind_line = None;
    for (i, b) in blocks.iter().enumerate().take(scan) {
        if let Some(code) = kind_of_title(b) {
            kind_line = Some((i, code));
            break;
        }
    }
    let mut body_start;
    match kind_line {
        Some((k, code)) => {
            h.kind = Some(code.to_string());
            let mut title = Vec::new();
            body_start = k + 1;
            while let Some(b) = blocks.get(body_start) {
                let f = &b.fold;
                let opener = BODY_OPENERS.iter().any(|o| phrase_at(f, 0, o)) || crate::marker::parse(&b.text).is_some();
                let titleish = b.text.len() < 300 && !b.text.trim_end().ends_with(['.', ':', ';']);
                if opener || !(titleish && (title.is_empty() || is_all_caps(&b.text) || b.text.starts_with('('))) {
                    break;
                }
                title.push(b.text.clone());
                body_start += 1;
            }
            if !title.is_empty() {
                h.title = Some(title.join(" "));
            }
        }
        None => {
            body_start = 0;
            let mut last_header = None;
            let mut addressing = false;
            for (i, b) in blocks.iter().enumerate().take(scan) {
                let f = b.fold.trim_start_matches(['|', ' ']);
                if is_header_block(b) {
                    last_header = Some(i);
                    addressing = phrase_at(f, 0, "kính gửi");
                } else if addressing && b.text.starts_with(['-', '+', '•']) && b.text.len() < 200 {
                    // "Kính gửi: - Các Sở…; - Công an tỉnh;": the addressees, one a line.
                    last_header = Some(i);
                } else if sentence_like(b) && last_header.is_some() {
                    break;
                }
            }
            if let Some(i) = last_header {
                body_start = i + 1;
            }
        }
    }
    // Symbol, place and date, issuer: cell by cell over the header's lines.
    let header_end_line = blocks.get(body_start).map_or(lines.len(), |b| b.first_line);
    let mut symbol_line = None;
    let mut addressing = false;
    let mut title_open = false;
    for (li, line) in lines.iter().enumerate().take(header_end_line) {
        if line.is_blank() {
            title_open = false;
        }
        let mut line_cells = cells(doc, line);
        // "Số:           /UBND-KT": the blank number splits the cell; read the whole line too.
        if !line_cells.is_empty()
            && h.symbol.is_none()
            && read_symbol(line.text(doc)).is_some()
            && !line_cells.iter().any(|&(s, e)| read_symbol(&doc[s..e]).is_some())
        {
            line_cells.insert(0, (line.start, line.end));
        }
        for (s, e) in line_cells {
            let cell = &doc[s..e];
            if h.symbol.is_none() {
                if let Some((sym, num, kind, blank)) = read_symbol(cell) {
                    h.symbol = sym;
                    h.number = num;
                    if kind.is_some() {
                        h.kind = kind;
                    }
                    h.blank_number = blank;
                    symbol_line = Some(li);
                    if h.title.is_none() {
                        if let Some(v) = cell.find("V/v").or_else(|| cell.find("V/V")) {
                            let t = &cell[v..];
                            let end = [t.find(" | "), t.find("   "), t.find('\t')]
                                .into_iter()
                                .flatten()
                                .min()
                                .unwrap_or(t.len());
                            h.title = Some(squash(&t[..end]));
                        }
                    }
                }
            }
            if h.reference.is_none() {
                if let Some((place, date, reference)) = read_place_date(cell) {
                    if place.is_some() || date.is_some() || reference.is_some() {
                        h.place = place;
                        h.date = date;
                        h.reference = reference;
                    }
                }
            }
            let f = fold(cell);
            if (phrase_at(&f, 0, "v/v") || phrase_at(&f, 0, "về việc")) && h.title.is_none() {
                h.title = Some(squash(cell));
                title_open = true;
                continue;
            }
            if title_open && !f.contains("kính gửi") {
                // "V/v tăng cường công tác quản / lý, thanh tra…": the subject wraps.
                if let Some(t) = h.title.as_mut() {
                    t.push(' ');
                    t.push_str(&squash(cell));
                }
                continue;
            }
            if let Some(k) = crate::text::find_phrase(&f, "kính gửi").first() {
                addressing = true;
                let rest = cell[k + "kính gửi".len()..].trim_start_matches([':', ' ']);
                h.addressees.extend(split_list(rest));
            } else if addressing && cell.starts_with(['-', '+', '•']) {
                h.addressees.extend(split_list(cell));
            }
        }
    }
    h.issuer = read_issuer(doc, lines, symbol_line);
    // With no dated header line, the meeting date in the opening sentence: "Ngày 27/3/2024, …".
    if h.reference.is_none() {
        for b in blocks.iter().skip(body_start).take(3) {
            let found = crate::deadline::find(&b.fold, &crate::deadline::Context { reference: None, all_strong: true });
            if let Some(d) = found.iter().find(|d| d.kind == crate::model::DeadlineKind::Date && d.start < 12) {
                h.date = d.due;
                h.reference = d.due;
                if h.issuer.is_none() {
                    let p = crate::text::skip_spaces(&b.text, d.end + usize::from(b.text[d.end..].starts_with(',')));
                    let f = &b.fold;
                    if let Some(m) = crate::units::mention_at(f, &b.text, p, &crate::units::Directory::new()) {
                        h.issuer = Some(squash(&b.text[m.start..m.end]));
                    }
                }
                break;
            }
        }
    }
    if let Some(k) = &h.kind {
        h.kind_name = kind_name(k).map(str::to_string);
    }
    h.body_start = body_start;
    h
}

fn read_issuer(doc: &str, lines: &[Line], symbol_line: Option<usize>) -> Option<String> {
    let sl = symbol_line?;
    let mut parts = Vec::new();
    // The symbol line's own first cell may carry the issuer ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI Số: …").
    let first_cells: Vec<String> = (sl.saturating_sub(4)..=sl)
        .filter_map(|li| lines.get(li))
        .filter_map(|l| cells(doc, l).first().map(|&(s, e)| doc[s..e].to_string()))
        .collect();
    for c in first_cells {
        let f = fold(&c);
        if is_motto(&f) || c.contains('@') || c.trim_matches(['*', '-', '_', ' ']).is_empty() {
            continue;
        }
        let upto = crate::text::find_phrase(&f, "số").first().copied().unwrap_or(c.len());
        let piece = squash(&c[..upto]);
        if !piece.is_empty() && is_all_caps(&piece) {
            parts.push(piece);
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Splits "- A; - B (báo cáo); - C." into items.
pub fn split_list(s: &str) -> Vec<String> {
    split_raw(s).iter().map(|p| clean_item(p)).filter(|p| !p.is_empty()).collect()
}

/// Splits a list on its dashes, keeping each item's punctuation.
fn split_raw(s: &str) -> Vec<String> {
    s.split(" - ")
        .flat_map(|p| p.split("; -"))
        .map(|p| p.trim().trim_start_matches(['-', ' ', '+', '•']).to_string())
        .filter(|p| !p.trim().is_empty())
        .collect()
}

fn clean_item(s: &str) -> String {
    squash(s.trim().trim_end_matches([',', ';', '.', ' ']).trim_start_matches(['-', '+', '•', ' ']))
}

const AUTHORITY: &[&str] =
    &["t/m", "tm.", "tm ", "k/t", "kt.", "kt ", "t/l", "tl.", "tl ", "q.", "thay mặt", "ký thay", "thừa lệnh"];

fn is_authority(cell: &str) -> bool {
    // Every marker starts with T, K, Q (T/M, TM., KT., TL., Q., THAY MẶT, KÝ THAY, THỪA LỆNH).
    if !cell.starts_with(['T', 'K', 'Q', 't', 'k', 'q']) {
        return false;
    }
    let f = fold(&cell[..crate::text::floor_boundary(cell, 24)]);
    AUTHORITY.iter().any(|a| f.starts_with(a)) && is_all_caps(cell)
}

fn is_name(cell: &str) -> bool {
    let words: Vec<&str> = cell.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && !is_all_caps(cell)
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic))
}

const POSITION_STARTS: &[&str] = &[
    " PHÓ ",
    " CHỦ TỊCH",
    " BÍ THƯ",
    " GIÁM ĐỐC",
    " CHÁNH VĂN PHÒNG",
    " TRƯỞNG BAN",
    " BỘ TRƯỞNG",
    " THỨ TRƯỞNG",
    " THỦ TƯỚNG",
    " TỔNG GIÁM ĐỐC",
];

/// "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" → ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH").
fn split_authority(cell: &str) -> (String, Option<String>) {
    let marker_end = cell.find(' ').unwrap_or(cell.len());
    let after = &cell[marker_end..];
    let first_word_end = after.trim_start().len();
    let _ = first_word_end;
    let mut best: Option<usize> = None;
    for p in POSITION_STARTS {
        // The position starts at a second title after the one the authority names.
        if let Some(i) = after.get(1..).and_then(|a| a.find(p)) {
            let at = marker_end + 1 + i;
            if best.is_none_or(|b| at < b) {
                best = Some(at);
            }
        }
    }
    match best {
        Some(at) => (squash(&cell[..at]), Some(squash(&cell[at..]))),
        None => (squash(cell), None),
    }
}

/// Where the closing starts: "Nơi nhận:" or the signature's authority line.
pub fn closing_start(blocks: &[Block], body_start: usize) -> usize {
    for (i, b) in blocks.iter().enumerate().skip(body_start) {
        let f = &b.fold;
        if phrase_at(f, 0, "nơi nhận")
            || phrase_at(f, 0, "nơi nhân")
            || is_authority(b.text.split("  ").next().unwrap_or(""))
        {
            return i;
        }
    }
    blocks.len()
}

/// Reads the signature block and recipients from the closing lines.
pub fn read_closing(doc: &str, lines: &[Line]) -> (Option<Signer>, Vec<String>) {
    let mut recipients: Vec<String> = Vec::new();
    let mut authority: Vec<String> = Vec::new();
    let mut position: Option<String> = None;
    let mut name: Option<String> = None;
    let mut in_recipients = false;
    for line in lines {
        let line_cells = cells(doc, line);
        for (ci, &(s, e)) in line_cells.iter().enumerate() {
            let cell = &doc[s..e];
            let f = fold(cell);
            if phrase_at(&f, 0, "nơi nhận") || phrase_at(&f, 0, "nơi nhân") {
                in_recipients = true;
                let rest = cell.split_once(':').map_or("", |(_, r)| r);
                recipients.extend(split_raw(rest));
                continue;
            }
            if is_authority(cell) {
                let (a, p) = split_authority(cell);
                authority.push(a);
                if p.is_some() {
                    position = p;
                }
                continue;
            }
            if is_all_caps(cell) && !authority.is_empty() && !cell.starts_with('-') {
                position = Some(squash(cell));
                continue;
            }
            if is_name(cell)
                && (ci > 0 || !authority.is_empty() || !cell.starts_with('-'))
                && !(in_recipients && ci == 0 && authority.is_empty() && line.indent < 8 && line_cells.len() > 1)
            {
                name = Some(squash(cell));
                continue;
            }
            if cell.starts_with(['-', '+', '•']) {
                in_recipients = true;
                recipients.extend(split_raw(cell));
            } else if in_recipients && ci == 0 && line.indent < 8 && !is_all_caps(cell) {
                // A recipient wrapped onto the next line.
                if let Some(last) = recipients.last_mut() {
                    last.push(' ');
                    last.push_str(cell);
                }
            }
        }
    }
    let recipients: Vec<String> = recipients.iter().map(|r| clean_item(r)).filter(|r| !r.is_empty()).collect();
    let signer = if authority.is_empty() && position.is_none() && name.is_none() {
        None
    } else {
        Some(Signer { name, authority: (!authority.is_empty()).then(|| authority.join(" ")), position })
    };
    (signer, recipients)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{blocks, lines};

    #[test]
    fn party_header() {
        let doc = "\n\nSố 604-KL/HU\n\nKẾT LUẬN\n\nCỦA BAN CHẤP HÀNH ĐẢNG BỘ HUYỆN tại kỳ họp thứ 22\n\nNgày 27/3/2024, Ban Chấp hành Đảng bộ huyện (khóa XXVI) họp kỳ thứ 22 theo Quy chế làm việc.\n";
        let ls = lines(doc);
        let bs = blocks(doc, &ls);
        let h = read(doc, &ls, &bs);
        assert_eq!(h.symbol.as_deref(), Some("604-KL/HU"));
        assert_eq!(h.number.as_deref(), Some("604"));
        assert_eq!(h.kind.as_deref(), Some("KL"));
        assert_eq!(h.kind_name.as_deref(), Some("Kết luận"));
        assert_eq!(h.title.as_deref(), Some("CỦA BAN CHẤP HÀNH ĐẢNG BỘ HUYỆN tại kỳ họp thứ 22"));
        assert_eq!(h.date.map(|d| d.to_string()).as_deref(), Some("2024-03-27"));
        assert_eq!(h.issuer.as_deref(), Some("Ban Chấp hành Đảng bộ huyện"));
        assert!(bs[h.body_start].text.starts_with("Ngày "));
    }

    #[test]
    fn state_header_in_two_columns() {
        let doc = "   ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n   TỈNH QUẢNG NGÃI                  Độc lập - Tự do - Hạnh phúc\n\n   Số: 11 /TB-UBND                 Quảng Ngãi, ngày 08 tháng 01 năm 2025\n\n                              THÔNG BÁO\n    Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp\n\n     Ngày 03/01/2025, Phó Chủ tịch UBND tỉnh chủ trì họp nghe báo cáo về tình hình.\n";
        let ls = lines(doc);
        let bs = blocks(doc, &ls);
        let h = read(doc, &ls, &bs);
        assert_eq!(h.symbol.as_deref(), Some("11/TB-UBND"));
        assert_eq!(h.kind.as_deref(), Some("TB"));
        assert_eq!(h.place.as_deref(), Some("Quảng Ngãi"));
        assert_eq!(h.date.map(|d| d.to_string()).as_deref(), Some("2025-01-08"));
        assert_eq!(h.issuer.as_deref(), Some("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"));
        assert_eq!(h.title.as_deref(), Some("Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp"));
    }

    #[test]
    fn draft_with_blank_number_and_day() {
        let doc = "ỦY BAN NHÂN DÂN  TỈNH LÀO CAI  Số:           /UBND-KT V/v triển khai di dời cụm công nghiệp. | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc      Lào Cai, ngày      tháng 6 năm 2026\n\n | Kính gửi:                  - Các Sở: Công Thương, Tài chính;                 - UBND các phường: Yên Bái, Văn Phú.\n\nXét đề nghị của Sở Công Thương tại Báo cáo số 3231/BC-SCT ngày 04/6/2026, Chủ tịch có ý kiến như sau:\n";
        let ls = lines(doc);
        let bs = blocks(doc, &ls);
        let h = read(doc, &ls, &bs);
        assert!(h.blank_number);
        assert_eq!(h.number, None);
        assert_eq!(h.kind.as_deref(), Some("CV"));
        assert_eq!(h.date, None);
        assert_eq!(h.reference.map(|d| d.to_string()).as_deref(), Some("2026-06-01"));
        assert_eq!(h.issuer.as_deref(), Some("ỦY BAN NHÂN DÂN TỈNH LÀO CAI"));
        assert_eq!(h.title.as_deref(), Some("V/v triển khai di dời cụm công nghiệp."));
        assert_eq!(h.place.as_deref(), Some("Lào Cai"));
        assert_eq!(h.addressees.len(), 2, "{h:#?}");
        assert!(bs[h.body_start].text.starts_with("Xét đề nghị"));
    }

    #[test]
    fn closing_blocks() {
        let doc = "Nơi nhận:\n\n- BTV Tỉnh ủy (báo cáo),\n- Các đ/c Huyện ủy viên,\n- Lưu Văn phòng Huyện ủy.\n\nT/M HUYỆN ỦY\nPHÓ BÍ THƯ\n\nĐỗ Văn Cẩm";
        let (s, r) = read_closing(doc, &lines(doc));
        let s = s.unwrap();
        assert_eq!(s.name.as_deref(), Some("Đỗ Văn Cẩm"));
        assert_eq!(s.authority.as_deref(), Some("T/M HUYỆN ỦY"));
        assert_eq!(s.position.as_deref(), Some("PHÓ BÍ THƯ"));
        assert_eq!(r, vec!["BTV Tỉnh ủy (báo cáo)", "Các đ/c Huyện ủy viên", "Lưu Văn phòng Huyện ủy"]);

        let doc = "Nơi nhận:                                          TL. CHỦ TỊCH\n- CT, PCT UBND tỉnh;                          KT. CHÁNH VĂN PHÒNG\n- Các Sở: Tài chính, Kế hoạch và Đầu tư,      PHÓ CHÁNH VĂN PHÒNG\n  Tài nguyên và Môi trường, Xây dựng,\n- Lưu: VT, KTTHh5.                                Nguyễn Phước Bình";
        let (s, r) = read_closing(doc, &lines(doc));
        let s = s.unwrap();
        assert_eq!(s.name.as_deref(), Some("Nguyễn Phước Bình"));
        assert_eq!(s.authority.as_deref(), Some("TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG"));
        assert_eq!(s.position.as_deref(), Some("PHÓ CHÁNH VĂN PHÒNG"));
        assert_eq!(r[1], "Các Sở: Tài chính, Kế hoạch và Đầu tư, Tài nguyên và Môi trường, Xây dựng");

        let doc = "Nơi nhận:\t\t\t\t   - Như trên; - Chủ tịch UBND tỉnh (báo cáo); - Lưu: VT, KT (T.Q.Hùng). | KT. CHỦ TỊCH PHÓ CHỦ TỊCH      Ngô Hạnh Phúc";
        let (s, r) = read_closing(doc, &lines(doc));
        let s = s.unwrap();
        assert_eq!(s.name.as_deref(), Some("Ngô Hạnh Phúc"));
        assert_eq!(s.authority.as_deref(), Some("KT. CHỦ TỊCH"));
        assert_eq!(s.position.as_deref(), Some("PHÓ CHỦ TỊCH"));
        assert_eq!(r, vec!["Như trên", "Chủ tịch UBND tỉnh (báo cáo)", "Lưu: VT, KT (T.Q.Hùng)"]);
    }
}
