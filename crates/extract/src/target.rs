//! Numeric targets (chỉ tiêu): "tỷ lệ giải quyết đơn thư hàng tháng đạt trên 90%", "ít nhất
//! 80% số xã", "không quá 5%", "từ 95% trở lên", "đạt 100%".

use crate::model::{Op, Period};
use crate::text::{phrase_at, skip_spaces};

/// A target found in a block (offsets into the block's joined text).
#[derive(Debug, Clone, PartialEq)]
pub struct FoundTarget {
    pub start: usize,
    pub end: usize,
    pub indicator: String,
    pub op: Op,
    pub value: f64,
    pub unit: Option<String>,
    pub period: Option<Period>,
}

/// Comparators, folded, longest first where one begins another.
const COMPARATORS: &[(&str, Op)] = &[
    ("đạt và vượt", Op::Ge),
    ("đạt trên", Op::Gt),
    ("đạt dưới", Op::Lt),
    ("đạt ít nhất", Op::Ge),
    ("đạt tối thiểu", Op::Ge),
    ("đạt từ", Op::Ge),
    ("đạt", Op::Eq),
    ("không vượt quá", Op::Le),
    ("không quá", Op::Le),
    ("không dưới", Op::Ge),
    ("không thấp hơn", Op::Ge),
    ("không cao hơn", Op::Le),
    ("ít nhất", Op::Ge),
    ("tối thiểu", Op::Ge),
    ("tối đa", Op::Le),
    ("trên", Op::Gt),
    ("dưới", Op::Lt),
    ("xuống dưới", Op::Lt),
    ("từ", Op::Ge),
    ("bằng", Op::Eq),
];

/// Units after a number, folded.
const UNITS: &[&str] = &[
    "tỷ đồng",
    "triệu đồng",
    "nghìn đồng",
    "đồng",
    "ha",
    "km",
    "m2",
    "m3",
    "tấn",
    "người",
    "hộ",
    "xã",
    "lao động",
    "doanh nghiệp",
    "sản phẩm",
    "công trình",
    "dự án",
    "lượt",
    "cơ sở",
    "trường",
    "điểm",
    "thôn",
    "bản",
    "mô hình",
    "hợp tác xã",
    "tiêu chí",
    "học sinh",
    "giường bệnh",
    "bác sĩ",
    "lượt khách",
    "nhà",
];

/// Words that open the indicator clause and are not part of its name.
const LEAD_IN: &[&str] =
    &["đảm bảo", "bảo đảm", "phấn đấu", "để", "nhằm", "đồng thời", "trong đó", "và", "nâng", "giữ vững"];

fn comparator_words() -> &'static [&'static str] {
    static W: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    W.get_or_init(|| COMPARATORS.iter().map(|(w, _)| *w).collect())
}
crate::phrase_set!(comparator_set, comparator_words());

fn number(f: &str, pos: usize) -> Option<(f64, usize)> {
    let b = f.as_bytes();
    let mut i = pos;
    let mut s = String::new();
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            s.push(c as char);
            i += 1;
        } else if c == b'.'
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            && b.get(i + 4).is_none_or(|x| !x.is_ascii_digit())
            && b.get(i + 3).is_some_and(u8::is_ascii_digit)
        {
            // 1.000: a thousands separator.
            i += 1;
        } else if c == b',' && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            // 1,5: a decimal comma.
            s.push('.');
            i += 1;
        } else {
            break;
        }
    }
    if s.is_empty() {
        return None;
    }
    Some((s.parse().ok()?, i))
}

fn unit_at(f: &str, pos: usize) -> Option<(String, usize)> {
    if f[pos..].starts_with('%') {
        return Some(("%".into(), pos + 1));
    }
    let p = skip_spaces(f, pos);
    if f[p..].starts_with('%') {
        return Some(("%".into(), p + 1));
    }
    let u = UNITS.iter().filter(|u| phrase_at(f, p, u)).max_by_key(|u| u.len())?;
    Some(((*u).to_string(), p + u.len()))
}

fn period_in(f: &str) -> (Option<Period>, Option<(usize, usize)>) {
    for (w, p) in [
        ("hằng tháng", Period::Monthly),
        ("hàng tháng", Period::Monthly),
        ("hằng quý", Period::Quarterly),
        ("hàng quý", Period::Quarterly),
        ("hằng năm", Period::Yearly),
        ("hàng năm", Period::Yearly),
        ("mỗi tháng", Period::Monthly),
    ] {
        if let Some(i) = crate::text::find_phrase(f, w).first() {
            return (Some(p), Some((*i, i + w.len())));
        }
    }
    (None, None)
}

/// Every target in a block (`f` folded, `t` the text).
pub fn find(f: &str, t: &str) -> Vec<FoundTarget> {
    let mut out = Vec::new();
    let mut next_free = 0;
    for pos in crate::text::word_starts(f) {
        if pos < next_free {
            continue;
        }
        let Some(w) = comparator_set().longest_at(f, pos) else { continue };
        let Some(mut op) = COMPARATORS.iter().find(|(c, _)| *c == w).map(|(_, op)| *op) else { continue };
        let np = skip_spaces(f, pos + w.len());
        let Some((value, ne)) = number(f, np) else { continue };
        let Some((unit, mut end)) = unit_at(f, ne) else { continue };
        // "từ 95% trở lên"
        let after = skip_spaces(f, end);
        if phrase_at(f, after, "trở lên") {
            op = Op::Ge;
            end = after + "trở lên".len();
        } else if w == "từ" || w == "đạt từ" {
            // "từ 5% đến 10%" is a range, not a floor.
            if phrase_at(f, after, "đến") {
                continue;
            }
        }
        // The indicator: the clause before the comparator.
        let clause_start = f[..pos].rfind([',', ';', '.', ':', '(', '\n']).map_or(0, |i| i + 1);
        let mut ind_start = skip_spaces(f, clause_start);
        for li in LEAD_IN {
            if phrase_at(f, ind_start, li) {
                ind_start = skip_spaces(f, ind_start + li.len());
            }
        }
        let raw = &f[ind_start..pos];
        let (period, period_span) = period_in(raw);
        let mut indicator = t[ind_start..pos].to_string();
        if let Some((a, b)) = period_span {
            indicator = format!("{}{}", &t[ind_start..ind_start + a], &t[ind_start + b..pos]);
        }
        let indicator = crate::text::squash(&indicator);
        let start = if indicator.is_empty() { pos } else { ind_start };
        out.push(FoundTarget { start, end, indicator, op, value, unit: Some(unit), period });
        next_free = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;

    fn t(s: &str) -> Vec<FoundTarget> {
        find(&fold(s), s)
    }

    #[test]
    fn reads_comparators() {
        let got = t("đơn đông người, đảm bảo tỷ lệ giải quyết đơn thư hàng tháng đạt trên 90%. Tiếp tục");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].op, Op::Gt);
        assert_eq!(got[0].value, 90.0);
        assert_eq!(got[0].unit.as_deref(), Some("%"));
        assert_eq!(got[0].indicator, "tỷ lệ giải quyết đơn thư");
        assert_eq!(got[0].period, Some(Period::Monthly));
        assert_eq!(t("tỷ lệ hộ nghèo dưới 5%")[0].op, Op::Lt);
        assert_eq!(t("tỷ lệ tham gia ít nhất 80%")[0].op, Op::Ge);
        assert_eq!(t("nợ đọng không quá 5%")[0].op, Op::Le);
        assert_eq!(t("tỷ lệ từ 95% trở lên")[0].op, Op::Ge);
        assert_eq!(t("giải ngân đạt 100% kế hoạch")[0].op, Op::Eq);
        assert_eq!(t("thu ngân sách đạt 1.250,5 tỷ đồng")[0].value, 1250.5);
    }

    #[test]
    fn ignores_numbers_without_comparator_or_unit() {
        assert!(t("mở rộng lên 75ha trên địa bàn huyện").is_empty());
        assert!(t("trên 3 lần, từ 5% đến 10%").is_empty());
    }
}
