//! Which parts of a directive give work, and to whom.
//!
//! A block gives work when it assigns it ("Giao X …", "Yêu cầu X …", "Đề nghị X …", "X chủ
//! trì …", "X có trách nhiệm …"), or when it is an item under a heading or an introducing
//! sentence that sets up tasks ("… triển khai thực hiện tốt các nhiệm vụ sau:") and reads as
//! an instruction ("Tiếp tục…", "Tập trung…"). Assessments, causes, praise, the opening
//! ("Ngày …, … họp …") and closing formulas ("… để các cơ quan, đơn vị triển khai thực
//! hiện./.") do not.

use crate::normalize::fold;
use crate::text::{phrase_at, skip_spaces, word_starts};
use crate::units::{display_name, mention_at, Directory, Mention, MentionKind};

/// Verbs that make an item an instruction when it starts with one.
const IMPERATIVES: &[&str] = &[
    "tiếp tục",
    "tập trung",
    "đẩy mạnh",
    "tăng cường",
    "triển khai",
    "hoàn thành",
    "hoàn thiện",
    "quan tâm",
    "rà soát",
    "xây dựng",
    "chỉ đạo",
    "phối hợp",
    "khẩn trương",
    "nâng cao",
    "thực hiện",
    "tổ chức",
    "kiểm tra",
    "chủ động",
    "đẩy nhanh",
    "làm tốt",
    "nghiên cứu",
    "tham mưu",
    "theo dõi",
    "đôn đốc",
    "bố trí",
    "chuẩn bị",
    "phát huy",
    "duy trì",
    "đảm bảo",
    "bảo đảm",
    "xử lý",
    "giải quyết",
    "ban hành",
    "sửa đổi",
    "bổ sung",
    "quyết liệt",
    "thường xuyên",
    "kịp thời",
    "chấn chỉnh",
    "tuyên truyền",
    "vận động",
    "huy động",
    "lãnh đạo",
    "đề xuất",
    "báo cáo",
    "phấn đấu",
    "siết chặt",
    "kiện toàn",
    "cải thiện",
    "đổi mới",
    "ưu tiên",
    "sắp xếp",
    "hướng dẫn",
    "thanh tra",
    "giám sát",
    "thu hút",
    "hỗ trợ",
    "phát triển",
    "quản lý",
    "nâng",
    "giữ vững",
    "chú trọng",
    "coi trọng",
    "khắc phục",
    "phòng ngừa",
    "phòng chống",
    "ngăn chặn",
    "tháo gỡ",
    "cập nhật",
    "công khai",
    "số hóa",
    "ứng dụng",
    "cung cấp",
    "tiếp nhận",
    "thẩm định",
    "phê duyệt",
    "trình",
    "lập",
    "tiếp thu",
    "chủ trì",
    "sớm",
    "khảo sát",
    "đánh giá",
    "tổng kết",
    "sơ kết",
    "tổng hợp",
    "xác định",
    "thống kê",
    "rà soát lại",
    "tích cực",
    "nghiêm túc",
    "kiên quyết",
    "dứt điểm",
    "bám sát",
    "đổi mới",
    "quán triệt",
    "cụ thể hóa",
    "xây dựng kế hoạch",
    "tạo điều kiện",
    "có giải pháp",
    "có kế hoạch",
    "yêu cầu",
    "giao",
    "đề nghị",
];

/// Verbs after a subject that make it the lead ("Sở Tài chính chủ trì …").
const SUBJECT_VERBS: &[&str] = &[
    "cụ thể hóa",
    "lãnh đạo",
    "tích cực",
    "nghiêm túc",
    "thường xuyên",
    "quán triệt",
    "tuyên truyền",
    "vận động",
    "hỗ trợ",
    "chủ trì",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "cần",
    "phải",
    "tiếp thu",
    "khẩn trương",
    "tập trung",
    "tiếp tục",
    "thực hiện",
    "triển khai",
    "tổ chức",
    "chỉ đạo",
    "tham mưu",
    "hoàn thành",
    "rà soát",
    "nghiên cứu",
    "xây dựng",
    "phối hợp",
    "đề xuất",
    "báo cáo",
    "theo dõi",
    "hướng dẫn",
    "kiểm tra",
    "đôn đốc",
    "chủ động",
    "sớm",
    "hoàn thiện",
    "bố trí",
    "quan tâm",
    "đẩy mạnh",
    "tăng cường",
    "tìm kiếm",
    "xem xét",
    "trình",
    "lập",
    "giám sát",
    "cân đối",
    "thẩm định",
    "ban hành",
    "căn cứ",
    "quyết liệt",
    "hằng tháng",
    "hàng tháng",
    "nâng cao",
    "đẩy nhanh",
    "làm tốt",
    "bảo đảm",
    "đảm bảo",
    "xử lý",
    "giải quyết",
    "phát huy",
    "duy trì",
    "kịp thời",
    "chuẩn bị",
];

/// Words that assign work to the unit named right after them.
const TRIGGERS: &[&str] = &["giao cho", "giao", "yêu cầu", "đề nghị", "phân công", "chỉ đạo"];

/// Words before a trigger that make it something else ("nhiệm vụ được giao", "theo đề nghị").
const NOT_BEFORE_TRIGGER: &[&str] = &[
    "được",
    "đã",
    "bàn",
    "chuyển",
    "theo",
    "đáp ứng",
    "các",
    "những",
    "với",
    "có",
    "là",
    "mới",
    "vừa",
    "đúng",
    "tại",
    "của",
];

/// How a paragraph opens when it reports, judges or explains rather than instructs.
const ASSESSMENT_OPENERS: &[&str] = &[
    "tuy nhiên",
    "nguyên nhân",
    "bên cạnh",
    "nhìn chung",
    "kết quả",
    "qua ",
    "mặc dù",
    "năm qua",
    "thời gian qua",
    "trong thời gian qua",
    "những năm qua",
    "ban chấp hành đảng bộ",
    "ban thường vụ",
    "hội nghị",
    "sau khi nghe",
    "tham dự",
    "dự họp",
    "nhìn lại",
    "đạt được",
    "còn có",
    "hạn chế",
];

/// Openings and closings that are formulas, not tasks.
const FORMULAS: &[&str] = &[
    "ban hành kế hoạch",
    "ban hành nghị quyết",
    "ban hành chỉ thị",
    "ban hành quyết định",
    "ban hành kèm theo",
    "nội dung như sau",
    "ban hành chương trình",
    "ban hành thông báo",
    "chủ trì họp",
    "chủ trì cuộc họp",
    "chủ trì hội nghị",
    "kết luận như sau",
    "chỉ đạo như sau",
    "ý kiến như sau",
    "thống nhất kết luận",
    "kết luận và chỉ đạo như sau",
    "nay, thông báo",
    "thông báo để",
    "để các cơ quan",
    "biết, thực hiện",
    "biết và thực hiện",
    "thông báo ý kiến",
    "thông báo kết luận",
];

/// Words in a heading or introducing sentence that announce tasks below it.
const TASK_CONTEXT: &[&str] = &[
    "nhiệm vụ",
    "giải pháp",
    "tổ chức thực hiện",
    "phân công",
    "trách nhiệm",
    "chỉ đạo như sau",
    "kết luận như sau",
    "yêu cầu",
    "đề nghị",
    "như sau",
    "các nội dung sau",
    "sau:",
    "giao",
    "kiến nghị",
    "triển khai thực hiện",
];

crate::phrase_set!(imperative_set, IMPERATIVES);
crate::phrase_set!(subject_verb_set, SUBJECT_VERBS);
crate::phrase_set!(trigger_set, TRIGGERS);
crate::phrase_set!(formula_set, FORMULAS);

/// What a block says about work.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// The lead found in the first clause, and anywhere.
    pub first_lead: Option<Lead>,
    pub any_lead: Option<Lead>,
    pub coordinators: Vec<String>,
    pub imperative: bool,
    pub assessment: bool,
    /// "Về …" item: a topic label, not an instruction by itself.
    pub topic: bool,
    pub formula: bool,
    /// The block is only a unit's name (a heading "Sở Y tế:" under which tasks follow).
    pub unit_heading: Option<Lead>,
    /// Announces tasks below it.
    pub announces: bool,
    /// Ends with ':' (introduces what follows).
    pub introduces: bool,
}

/// A lead as found: the body, and a post leading in person.
#[derive(Debug, Clone, PartialEq)]
pub struct Lead {
    pub unit: String,
    pub person: Option<String>,
    /// Others named with the lead ("UBND huyện và các cấp, các ngành").
    pub others: Vec<String>,
}

fn name(t: &str, m: &Mention, dir: &Directory) -> String {
    let written = display_name(&t[m.start..m.end]);
    dir.resolve(&written).map_or(written, str::to_string)
}

fn lead_of(t: &str, m: &Mention, dir: &Directory) -> Lead {
    match (m.kind, m.body) {
        (MentionKind::Post, Some((s, e))) => {
            let body = display_name(&t[s..e]);
            let body = dir.resolve(&body).map_or(body, str::to_string);
            Lead { unit: body, person: Some(display_name(&t[m.start..m.end])), others: Vec::new() }
        }
        _ => Lead { unit: name(t, m, dir), person: None, others: Vec::new() },
    }
}

fn prev_word_is(f: &str, pos: usize, words: &[&str]) -> bool {
    let before = f[..pos].trim_end();
    words.iter().any(|w| {
        before.ends_with(w) && before[..before.len() - w.len()].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
    })
}

fn at_clause_start(f: &str, pos: usize, from: usize) -> bool {
    let before = f[from..pos].trim_end();
    if before.is_empty() || before.ends_with(['.', ';', ':', '(']) || before.ends_with("đồng thời") {
        return true;
    }
    // After a comma too ("căn cứ …, Văn phòng Trung ương Đảng và … cụ thể hoá"), unless the
    // clause is a list of partners ("phối hợp với A, B") or of owners ("của A, B").
    if let Some(rest) = before.strip_suffix(',') {
        let clause_start = rest.rfind(['.', ';', ':', '(']).map_or(0, |i| i + 1);
        let clause = &rest[clause_start..];
        return !["phối hợp", "với", "của", "cho", "và", "gồm", "như"]
            .iter()
            .any(|w| !crate::text::find_phrase(clause, w).is_empty());
    }
    false
}

/// After a lead mention: "chỉ đạo, Ban Tổ chức tham mưu" hands the work to the second body;
/// ", Chủ tịch UBND huyện" names the post leading in person; "và các cấp, các ngành" adds others.
fn refine(f: &str, t: &str, m: &Mention, dir: &Directory) -> Lead {
    let mut lead = lead_of(t, m, dir);
    let mut p = skip_spaces(f, m.end);
    // "X chỉ đạo, Y …", "X lãnh đạo Y …", "X lãnh đạo, chỉ đạo Y …": Y carries the work out.
    let directs = ["lãnh đạo, chỉ đạo", "lãnh đạo", "chỉ đạo"].into_iter().find(|w| phrase_at(f, p, w));
    if let Some(w) = directs {
        let q = skip_spaces(f, p + w.len());
        let q = if f[q..].starts_with(',') { skip_spaces(f, q + 1) } else { q };
        if let Some(m2) = mention_at(f, t, q, dir) {
            let after = skip_spaces(f, m2.end);
            if subject_verb_set().at(f, after) {
                let mut l2 = lead_of(t, &m2, dir);
                l2.others.push(lead.unit);
                return l2;
            }
        }
        return lead;
    }
    // Co-named bodies and posts: "UBND huyện, Chủ tịch UBND huyện", "UBND huyện và các cấp".
    for _ in 0..4 {
        let sep = if f[p..].starts_with(',') {
            Some(1)
        } else if phrase_at(f, p, "và") {
            Some("và".len())
        } else {
            None
        };
        let Some(n) = sep else { break };
        let q = skip_spaces(f, p + n);
        let Some(m2) = mention_at(f, t, q, dir) else { break };
        let other = lead_of(t, &m2, dir);
        if m2.kind == MentionKind::Post && lead.person.is_none() && other.unit == lead.unit {
            lead.person = other.person;
        } else {
            lead.others.push(other.person.unwrap_or(other.unit));
        }
        p = skip_spaces(f, m2.end);
    }
    lead
}

/// Reads a block's text (`t`, folded `f`) from `from` (after its marker).
pub fn read(f: &str, t: &str, from: usize, dir: &Directory) -> Reading {
    let mut r = Reading::default();
    let body = &f[from..];
    // The first clause ends at the first ". ", "; ", " (" or ":" (one pass over the bytes).
    let bb = body.as_bytes();
    let first_end = (0..bb.len())
        .find(|&i| match bb[i] {
            b':' => true,
            b'.' | b';' => bb.get(i + 1) == Some(&b' '),
            b' ' => bb.get(i + 1) == Some(&b'('),
            _ => false,
        })
        .map_or(f.len(), |i| from + i + 1);
    r.topic = phrase_at(f, from, "về");
    // A formula stands in a short paragraph, or closes a long one ("Căn cứ …; UBND tỉnh ban
    // hành Kế hoạch …, nội dung như sau:").
    let tail_start = crate::text::floor_boundary(body, body.len().saturating_sub(260));
    let scan_from = if body.len() < 600 { 0 } else { tail_start };
    r.formula = word_starts(&body[scan_from..]).any(|i| formula_set().at(f, from + scan_from + i))
        || (phrase_at(f, from, "ngày")
            && body.get(..40).is_some_and(|h| h.contains(", "))
            && !TRIGGERS.iter().any(|w| body.contains(&format!("{w} "))));
    r.imperative = imperative_set().at(f, from);
    r.assessment = ASSESSMENT_OPENERS.iter().any(|w| f[from..].starts_with(w))
        || body.get(..crate::text::floor_boundary(body, 80)).is_some_and(|h| {
            h.contains("đánh giá:") || h.contains("nhất trí với báo cáo") || h.contains("cơ bản nhất trí")
        });
    r.introduces = t.trim_end().ends_with(':');
    r.announces = r.introduces && TASK_CONTEXT.iter().any(|w| body.contains(w));

    let ms = clause_mentions(f, t, from, dir);
    // A heading that is only a unit's name.
    if let Some(m) = ms.first() {
        if m.start == from {
            let rest = t[m.end..].trim();
            if rest.is_empty() || rest == ":" || rest == "." {
                r.unit_heading = Some(lead_of(t, m, dir));
            }
        }
    }
    // "2. Bộ Tài nguyên và Môi trường:", "8. Các sở, ban, ngành và các đơn vị khác có liên quan",
    // "1. Các Bộ: Công Thương, Xây dựng": a short heading that starts with a unit's name and has
    // no verb names who carries out the items under it.
    if r.unit_heading.is_none() && body.len() < 220 && !t.trim_end().ends_with(['.', ';']) {
        if let Some(m) = ms.first().filter(|m| m.start == from && (m.kind != MentionKind::Post || m.body.is_some())) {
            // A name that runs on in lower case ("Ban Quản lý các khu công nghệ cao và khu công
            // nghiệp") also counts when no verb or function word follows it.
            let rest = &f[m.end..];
            let plain_name = rest.split_whitespace().count() <= 12
                && !rest.contains(':')
                && !word_starts(rest).any(|i| crate::units::is_stop(rest, i) || imperative_set().at(rest, i));
            if only_names(f, t, m.end, dir) || plain_name {
                let whole = display_name(t[from..].trim_end().trim_end_matches([':', '.']));
                let whole = dir.resolve(&whole).map_or(whole, str::to_string);
                r.unit_heading = Some(Lead { unit: whole, person: None, others: Vec::new() });
            }
        }
    }
    // "Trách nhiệm (chung) của các cơ quan, đơn vị", "Đối với Sở Y tế:": a heading naming who
    // carries out what follows.
    if r.unit_heading.is_none() && body.len() < 160 {
        for pre in ["trách nhiệm chung của", "trách nhiệm của", "nhiệm vụ của", "đối với"] {
            if let Some(i) = crate::text::find_phrase(body, pre).first() {
                let q = skip_spaces(f, from + i + pre.len());
                if let Some(m) = ms.iter().find(|m| m.start == q) {
                    let rest = t[m.end..].trim();
                    if rest.is_empty() || rest == ":" || rest == "." {
                        r.unit_heading = Some(lead_of(t, m, dir));
                    }
                }
            }
        }
    }
    let mut found: Vec<(usize, Lead)> = Vec::new();
    for pos in word_starts(body).map(|i| from + i) {
        let Some(w) = trigger_set().longest_at(f, pos) else { continue };
        if prev_word_is(f, pos, NOT_BEFORE_TRIGGER) {
            continue;
        }
        let q = skip_spaces(f, pos + w.len());
        let q = if w != "giao cho" && phrase_at(f, q, "cho") { skip_spaces(f, q + "cho".len()) } else { q };
        if let Some(m) = ms.iter().find(|m| m.start == q).cloned().or_else(|| mention_at(f, t, q, dir)) {
            // "chỉ đạo X thực hiện …" or a heading "Chỉ đạo Sở Nông nghiệp và PTNT:" hands work
            // to X; "chỉ đạo X" alone ("sự lãnh đạo, chỉ đạo của …") does not.
            let after = skip_spaces(f, m.end);
            if w == "chỉ đạo" && !subject_verb_set().at(f, after) && !f[after..].starts_with(':') {
                continue;
            }
            found.push((pos, refine(f, t, &m, dir)));
        }
    }
    for m in &ms {
        if !at_clause_start(f, m.start, from) {
            continue;
        }
        let mut after = skip_spaces(f, m.end);
        // "UBND huyện và các cấp, các ngành, địa phương cần …": the verb follows the whole list.
        for _ in 0..6 {
            let sep = if f[after..].starts_with(',') {
                1
            } else if phrase_at(f, after, "và") {
                "và".len()
            } else {
                0
            };
            if sep == 0 {
                break;
            }
            let q = skip_spaces(f, after + sep);
            match mention_at(f, t, q, dir) {
                Some(m2) => after = skip_spaces(f, m2.end),
                None => break,
            }
        }
        // "UBND huyện (Phòng Tài chính) chủ trì"
        if f[after..].starts_with('(') {
            if let Some(close) = f[after..].find(')') {
                after = skip_spaces(f, after + close + 1);
            }
        }
        // "Ủy ban nhân dân tỉnh, chỉ đạo các cơ quan …": a comma before the verb.
        if f[after..].starts_with(',') {
            let q = skip_spaces(f, after + 1);
            if subject_verb_set().at(f, q) {
                after = q;
            }
        }
        let heading_colon = f[after..].starts_with(':') && m.start == from;
        if heading_colon || subject_verb_set().at(f, after) {
            if FORMULAS.iter().any(|w| phrase_at(f, after, w))
                || phrase_at(f, after, "chủ trì họp")
                || phrase_at(f, after, "chủ trì cuộc họp")
            {
                continue;
            }
            found.push((m.start, refine(f, t, m, dir)));
        }
    }
    found.sort_by_key(|(p, _)| *p);
    r.first_lead = found.iter().find(|(p, _)| *p < first_end).map(|(_, l)| l.clone());
    r.any_lead = found.first().map(|(_, l)| l.clone());
    r.coordinators = coordinators(f, t, &ms, dir);
    r
}

/// Names that open a clause: at `from`, after ". ; : (", after a comma, after "đồng thời".
/// Only there can a name be a subject, and looking only there (not at every word) keeps the
/// reading of a long paragraph cheap.
fn clause_mentions(f: &str, t: &str, from: usize, dir: &Directory) -> Vec<Mention> {
    let mut starts = vec![from];
    for (i, &c) in f.as_bytes().iter().enumerate().skip(from) {
        if matches!(c, b'.' | b';' | b':' | b'(' | b',') {
            starts.push(i + 1);
        }
    }
    starts.extend(crate::text::find_phrase(&f[from..], "đồng thời").into_iter().map(|i| from + i + "đồng thời".len()));
    starts.sort_unstable();
    let mut out: Vec<Mention> = Vec::new();
    let mut next_free = from;
    for s in starts {
        let p = skip_spaces(f, s);
        if p < next_free || p >= f.len() {
            continue;
        }
        if let Some(m) = mention_at(f, t, p, dir) {
            next_free = m.end;
            out.push(m);
        }
    }
    out
}

/// Whether the text from `pos` to a colon (or the end) is only more unit names joined by
/// commas, semicolons and "và".
fn only_names(f: &str, t: &str, mut pos: usize, dir: &Directory) -> bool {
    loop {
        pos = skip_spaces(f, pos);
        let rest = f[pos..].trim_end();
        if rest.is_empty() || rest.starts_with(':') || rest == "." {
            return true;
        }
        if rest.starts_with([',', ';']) {
            pos += 1;
            continue;
        }
        if phrase_at(f, pos, "và") {
            pos += "và".len();
            continue;
        }
        // "(các Ban quản lý rừng …)": an explanation in brackets.
        if rest.starts_with('(') {
            match rest.find(')') {
                Some(close) => {
                    pos += close + 1;
                    continue;
                }
                None => return true,
            }
        }
        // "đặc khu Cồn Cỏ", "thành phố Huế": a place named after a list of bodies.
        if let Some(level) = crate::units::level_word_at(f, pos) {
            let mut q = skip_spaces(f, pos + level.len());
            let start = q;
            while crate::text::starts_upper(&t[q..]) && !crate::text::word_at(t, q).is_empty() {
                q = skip_spaces(t, q + crate::text::word_at(t, q).len());
            }
            if q > start {
                pos = q;
                continue;
            }
        }
        match mention_at(f, t, pos, dir) {
            Some(m) if m.end > pos => pos = m.end,
            _ => return false,
        }
    }
}

/// "phối hợp (chặt chẽ) với A, B và C" → [A, B, C].
fn coordinators(f: &str, t: &str, ms: &[Mention], dir: &Directory) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for pos in crate::text::find_phrase(f, "phối hợp") {
        let mut p = skip_spaces(f, pos + "phối hợp".len());
        for w in ["chặt chẽ", "với"] {
            if phrase_at(f, p, w) {
                p = skip_spaces(f, p + w.len());
            }
        }
        // "các Sở: Tài chính, Kế hoạch và Đầu tư" — the list after a colon names Sở.
        while let Some(m) = ms.iter().find(|m| m.start == p).cloned().or_else(|| mention_at(f, t, p, dir)) {
            let n = name(t, &m, dir);
            if !out.contains(&n) {
                out.push(n);
            }
            let q = skip_spaces(f, m.end);
            let next = if f[q..].starts_with(',') {
                skip_spaces(f, q + 1)
            } else if phrase_at(f, q, "và") {
                skip_spaces(f, q + "và".len())
            } else {
                break;
            };
            p = next;
        }
    }
    out
}

/// Inline items "(1) … (2) …" or "a) … b) …" after a colon: (intro end, [(start, end)]).
pub fn inline_items(t: &str, from: usize) -> Option<(usize, Vec<(usize, usize)>)> {
    let colon = t[from..].find(':')? + from;
    for style in 0..2 {
        let mut starts = Vec::new();
        let mut search = colon;
        for k in 1u32..=30 {
            let label = if style == 0 {
                format!("({k})")
            } else {
                let c = char::from_u32('a' as u32 + k - 1).filter(|c| c.is_ascii_lowercase() && *c != 'đ');
                match c {
                    Some(c) => format!("{c})"),
                    None => break,
                }
            };
            let Some(i) = find_label(t, search, &label) else { break };
            starts.push((i, i + label.len()));
            search = i + label.len();
        }
        if starts.len() >= 2 {
            let mut items = Vec::new();
            for (n, &(_, body_start)) in starts.iter().enumerate() {
                let end = starts.get(n + 1).map_or(t.len(), |&(s, _)| s);
                let s = skip_spaces(t, body_start);
                let e = s + t[s..end].trim_end().len();
                items.push((s, e));
            }
            return Some((starts[0].0, items));
        }
    }
    None
}

fn find_label(t: &str, from: usize, label: &str) -> Option<usize> {
    let mut at = from;
    while let Some(i) = t[at..].find(label) {
        let pos = at + i;
        let before_ok = t[..pos].chars().next_back().is_none_or(|c| c.is_whitespace() || matches!(c, ':' | '.' | ';'));
        let after_ok = t[pos + label.len()..].starts_with(' ');
        if before_ok && after_ok {
            return Some(pos);
        }
        at = pos + label.len();
    }
    None
}

/// Whether a closing sentence is a generic exhortation ("… khẩn trương triển khai thực
/// hiện./."): an actor and generic verbs, no concrete work.
pub fn generic_exhortation(t: &str) -> bool {
    let trimmed = t.trim_end();
    if trimmed.len() > 400 {
        return false;
    }
    let f = fold(trimmed);
    const GENERIC: &[&str] = &[
        "khẩn trương",
        "nghiêm túc",
        "triển khai",
        "thực hiện",
        "tổ chức",
        "biết",
        "các",
        "có",
        "liên quan",
        "và",
        "yêu cầu",
        "đề nghị",
        "thủ trưởng",
        "chủ tịch",
        "ủy ban nhân dân",
        "sở",
        "ngành",
        "phường",
        "xã",
        "huyện",
        "tỉnh",
        "cơ quan",
        "đơn vị",
        "địa phương",
        "giám đốc",
        "ubnd",
        "để",
        "này",
        "văn bản",
        "theo",
        "quy định",
        "đúng",
        "hiệu quả",
        "kịp thời",
        "tổ chức đảng",
        "ban",
        "căn cứ",
        "ý kiến",
        "chỉ đạo",
        "nội dung",
        "trên",
        "ngành",
        "tốt",
        "thuộc",
        "trực",
        "cấp",
        "ủy",
        "đảng",
        "nhân",
        "dân",
        "ban",
        "hội",
        "đồng",
    ];
    static WORDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| GENERIC.iter().flat_map(|g| g.split(' ')).collect());
    let mut content = 0;
    for w in f.split(|c: char| !crate::text::is_word_char(c)).filter(|w| !w.is_empty()) {
        if !words.contains(w) {
            content += 1;
            if content > 3 {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(t: &str) -> Option<Lead> {
        let f = fold(t);
        let r = read(&f, t, 0, &Directory::new());
        r.first_lead.or(r.any_lead)
    }

    #[test]
    fn assignment_forms() {
        assert_eq!(lead("giao UBND huyện, Chủ tịch UBND huyện bám sát các nhiệm vụ").unwrap().unit, "UBND huyện");
        assert_eq!(
            lead("giao UBND huyện, Chủ tịch UBND huyện bám sát").unwrap().person.as_deref(),
            Some("Chủ tịch UBND huyện")
        );
        assert_eq!(
            lead("Giao BTV Huyện ủy chỉ đạo, Ban Tổ chức Huyện ủy tiếp tục tham mưu thực hiện").unwrap().unit,
            "Ban Tổ chức Huyện ủy"
        );
        assert_eq!(lead("Giao UBKT Huyện ủy: Hoàn thiện hồ sơ").unwrap().unit, "UBKT Huyện ủy");
        assert_eq!(lead("Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát").unwrap().unit, "Sở Tài chính");
        assert_eq!(
            lead("Trên cơ sở báo cáo của Công ty TNHH MTV, giao Sở Tài chính chủ trì, phối hợp").unwrap().unit,
            "Sở Tài chính"
        );
        let l = lead("Để phấn đấu đạt mục tiêu; UBND huyện và các cấp, các ngành, địa phương cần tiếp tục tập trung")
            .unwrap();
        assert_eq!(l.unit, "UBND huyện");
        assert_eq!(l.others, vec!["các cấp, các ngành, địa phương"]);
        assert_eq!(lead("Các đồng chí Huyện ủy viên cần tiếp tục hướng về cơ sở").unwrap().unit, "Huyện ủy viên");
        // The body that carries the work out leads; the one directing it is kept among the others.
        let l = lead("đề nghị UBND tỉnh chỉ đạo Sở Y tế khẩn trương").unwrap();
        assert_eq!((l.unit.as_str(), l.others.as_slice()), ("Sở Y tế", &["UBND tỉnh".to_string()][..]));
    }

    #[test]
    fn not_assignments() {
        assert!(lead("Tiếp tục bám sát nhiệm vụ trọng tâm được giao năm 2024").is_none());
        assert!(lead("theo đề nghị của Sở Công Thương tại Báo cáo").is_none());
        let t = "Ngày 03/01/2025, Phó Chủ tịch UBND tỉnh Võ Phiên chủ trì họp nghe báo cáo";
        let r = read(&fold(t), t, 0, &Directory::new());
        assert!(r.formula);
    }

    #[test]
    fn coordinators_after_phoi_hop() {
        let t =
            "Giao Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư và các cơ quan, đơn vị có liên quan rà soát";
        let r = read(&fold(t), t, 0, &Directory::new());
        assert_eq!(r.coordinators, vec!["Sở Kế hoạch và Đầu tư", "các cơ quan, đơn vị có liên quan"]);
    }

    #[test]
    fn inline_enumerations() {
        let t = "Giao UBND huyện khẩn trương hoàn thành các nhiệm vụ: (1) Tổ chức làm việc. (2) Hoàn thành việc ký kết. (3) Khẩn trương thực hiện.";
        let (intro_end, items) = inline_items(t, 0).unwrap();
        assert_eq!(&t[..intro_end], "Giao UBND huyện khẩn trương hoàn thành các nhiệm vụ: ");
        assert_eq!(items.len(), 3);
        assert_eq!(&t[items[1].0..items[1].1], "Hoàn thành việc ký kết.");
        assert!(inline_items("Không có: (1) một mục", 0).is_none());
    }

    #[test]
    fn closing_exhortations() {
        assert!(generic_exhortation("Ủy ban nhân dân tỉnh yêu cầu Thủ trưởng các sở, ngành và Chủ tịch Ủy ban nhân dân các phường có liên quan khẩn trương triển khai thực hiện./."));
        assert!(!generic_exhortation("Giao Sở Y tế hoàn thành báo cáo đánh giá dịch bệnh trước ngày 15/5./."));
    }
}
