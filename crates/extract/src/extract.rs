//! From text to [`Extraction`]: normalise, split into paragraphs, read the header and the
//! closing, build the outline, decide which nodes are tasks, and fill each task's lead,
//! coordinators, deadline, targets and citations.

use std::collections::HashMap;

use crate::citation::{self, canonical_symbol, Cited};
use crate::deadline::{self, Context, Found};
use crate::header;
use crate::layout::{self, Block};
use crate::marker::{self, Style};
use crate::model::*;
use crate::normalize::{fold, normalize};
use crate::target;
use crate::tasks::{self, Lead, Reading};
use crate::text::squash;
use crate::units::Directory;

/// How to extract.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The deployment's own units, to recognise and report names as the directory has them.
    pub directory: Directory,
    /// Include the normalised text in the result (`text_normalised`).
    pub with_text: bool,
}

/// Extracts with the built-in vocabulary only.
pub fn extract(input: &str) -> Extraction {
    extract_with(input, &Options::default())
}

/// One node of the outline: a paragraph, or an inline item inside one.
#[derive(Debug)]
struct Node {
    block: usize,
    /// The node's own text, as a range of the block's joined text.
    start: usize,
    end: usize,
    marker: Option<marker::Marker>,
    /// The outline parent (an item, or an introducing paragraph).
    parent: Option<usize>,
    id: String,
    reading: Reading,
    is_task: bool,
    lead: Option<Lead>,
    /// The lead this node hands down to what is under it.
    hands_down: Option<Lead>,
    /// Tasks are announced under this node (heading or introducing sentence).
    task_context: bool,
    deadline: Option<Found>,
    /// Table row cells: (lead, coordinators, deadline) ranges of the block's text.
    table: Option<TableRow>,
}

#[derive(Debug, Clone, Copy)]
struct TableRow {
    lead: Option<(usize, usize)>,
    coordinators: Option<(usize, usize)>,
    deadline: Option<(usize, usize)>,
}

/// Extracts with options.
pub fn extract_with(input: &str, opts: &Options) -> Extraction {
    let doc = normalize(input);
    let lines = layout::lines(&doc);
    let blocks = layout::blocks(&doc, &lines);
    let head = header::read(&doc, &lines, &blocks);
    let closing = header::closing_start(&blocks, head.body_start);
    let body_start = if head.body_start >= closing { 0 } else { head.body_start };
    let (signer, mut recipients) = match blocks.get(closing) {
        Some(b) => header::read_closing(&doc, &lines[b.first_line..]),
        None => (None, Vec::new()),
    };
    if !head.addressees.is_empty() {
        let mut all = head.addressees.clone();
        all.append(&mut recipients);
        recipients = all;
    }
    let dir = &opts.directory;
    let mut warnings: Vec<Warning> = Vec::new();

    // Citations, block by block (the header's own symbol excluded).
    let own = head.symbol.as_deref().map(canonical_symbol);
    let mut cited: Vec<Vec<Cited>> = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        let in_scope = i < closing && (i >= body_start || i + 3 >= body_start);
        let mut c = if in_scope { citation::find(&b.fold, &b.text, dir) } else { Vec::new() };
        c.retain(|c| Some(canonical_symbol(&c.symbol)) != own);
        cited.push(c);
    }
    let references = collect_references(&blocks, &cited);

    let ctx = Context { reference: head.reference, all_strong: false };
    let mut nodes = build_outline(&blocks, body_start, closing, &mut warnings);
    let default_lead = session_counterpart(&blocks, body_start, head.title.as_deref(), dir);
    decide(&mut nodes, &blocks, dir, default_lead.as_ref());
    for n in nodes.iter_mut() {
        if n.is_task {
            n.deadline = node_deadline(n, &blocks[n.block], &cited[n.block], &ctx, &mut warnings);
        }
    }
    let tasks = emit(&nodes, &blocks, &cited, &mut warnings, dir);

    header_warnings(&head, signer.as_ref(), &mut warnings);
    let document = DocumentInfo {
        symbol: head.symbol.clone(),
        number: head.number.clone(),
        kind: head.kind.clone(),
        kind_name: head.kind_name.clone(),
        issuer: head.issuer.clone(),
        place: head.place.clone(),
        date: head.date,
        title: head.title.clone(),
        signer,
        recipients,
    };
    Extraction {
        schema: SCHEMA.to_string(),
        document,
        tasks,
        references,
        warnings: warnings.iter().map(|w| w.message.clone()).collect(),
        warning_details: warnings,
        text_normalised: opts.with_text.then_some(doc),
    }
}

fn collect_references(blocks: &[Block], cited: &[Vec<Cited>]) -> Vec<Reference> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Reference> = Vec::new();
    for (b, cs) in blocks.iter().zip(cited) {
        for c in cs {
            let key = canonical_symbol(&c.symbol);
            let reference = Reference {
                symbol: c.symbol.clone(),
                kind: c.kind.clone(),
                number: Some(c.number.clone()),
                date: c.date,
                issuer: c.issuer.clone(),
                text: squash(&b.text[c.start..c.end]),
                start: b.doc_offset(c.start),
                end: b.doc_end(c.end),
            };
            match seen.get(&key) {
                // A later, fuller citation of the same document fills in what the first lacked.
                Some(&i) => {
                    let r = &mut out[i];
                    if r.date.is_none() && reference.date.is_some() {
                        r.date = reference.date;
                    }
                    if r.issuer.is_none() && reference.issuer.is_some() {
                        r.issuer = reference.issuer;
                    }
                }
                None => {
                    seen.insert(key, out.len());
                    out.push(reference);
                }
            }
        }
    }
    out
}

const CONTENT_HEADS: &[&str] =
    &["nội dung", "nhiệm vụ", "công việc", "tên nhiệm vụ", "nội dung công việc", "nội dung nhiệm vụ"];
const LEAD_HEADS: &[&str] = &[
    "chủ trì",
    "cơ quan chủ trì",
    "đơn vị chủ trì",
    "thực hiện",
    "đơn vị thực hiện",
    "cơ quan thực hiện",
    "cơ quan, đơn vị chủ trì",
    "đơn vị thực hiện chính",
    "trách nhiệm",
];
const COORD_HEADS: &[&str] = &["phối hợp", "cơ quan phối hợp", "đơn vị phối hợp"];
const DEADLINE_HEADS: &[&str] =
    &["thời hạn", "thời gian", "thời gian hoàn thành", "thời hạn hoàn thành", "tiến độ", "hoàn thành"];

/// Column positions of a task table's header row.
/// Where a task table keeps each field: content, lead, coordinators, deadline columns.
#[derive(Debug, Clone, Copy)]
struct Columns {
    content: usize,
    lead: Option<usize>,
    coordinators: Option<usize>,
    deadline: Option<usize>,
}

fn table_columns(b: &Block) -> Option<Columns> {
    let cells: Vec<String> = b.cells.iter().map(|&(s, e)| fold(&b.text[s..e])).collect();
    let find =
        |heads: &[&str]| cells.iter().position(|c| heads.iter().any(|h| c == h || c.starts_with(h) || c.contains(h)));
    let content = find(CONTENT_HEADS)?;
    let lead = find(LEAD_HEADS).filter(|&i| i != content);
    let coord = find(COORD_HEADS).filter(|&i| Some(i) != lead && i != content);
    let deadline = find(DEADLINE_HEADS).filter(|&i| i != content && Some(i) != lead);
    (lead.is_some() || deadline.is_some()).then_some(Columns { content, lead, coordinators: coord, deadline })
}

fn build_outline(blocks: &[Block], body_start: usize, closing: usize, warnings: &mut Vec<Warning>) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::new();
    // (style, node) from outermost to innermost; intro paragraphs enter as `None` styles.
    let mut stack: Vec<(Option<Style>, usize)> = Vec::new();
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut unmarked_count: HashMap<Option<usize>, u32> = HashMap::new();
    let mut dash_count: HashMap<(Option<usize>, u8), u32> = HashMap::new();
    let mut last_value: HashMap<(Option<usize>, u8), (u32, String)> = HashMap::new();
    // The open task table's columns and its row count.
    let mut table: Option<(Columns, u32)> = None;
    let mut table_count = 0u32;

    let marked_ancestor_id = |nodes: &[Node], mut p: Option<usize>| -> Option<String> {
        while let Some(i) = p {
            if nodes[i].marker.is_some() {
                return Some(nodes[i].id.clone());
            }
            p = nodes[i].parent;
        }
        None
    };

    for bi in body_start..closing {
        let b = &blocks[bi];
        if b.is_table_row() {
            if let Some(cols) = table_columns(b) {
                table_count += 1;
                table = Some((cols, 0));
                continue;
            }
            if let Some((Columns { content, lead, coordinators: coord, deadline: dl }, ref mut row_no)) = table {
                let Some(&(cs, ce)) = b.cells.get(content) else { continue };
                if b.text[cs..ce].trim().is_empty()
                    || b.cells.iter().all(|&(s, e)| b.text[s..e].trim_matches(['-', ':', ' ']).is_empty())
                {
                    continue;
                }
                *row_no += 1;
                let row = TableRow {
                    lead: lead.and_then(|i| b.cells.get(i).copied()).filter(|(s, e)| e > s),
                    coordinators: coord.and_then(|i| b.cells.get(i).copied()).filter(|(s, e)| e > s),
                    deadline: dl.and_then(|i| b.cells.get(i).copied()).filter(|(s, e)| e > s),
                };
                let parent = stack.last().map(|&(_, n)| n);
                let base = marked_ancestor_id(&nodes, parent);
                let id =
                    unique(&mut ids, format!("{}B{table_count}.{row_no}", base.map(|b| b + ".").unwrap_or_default()));
                nodes.push(Node {
                    block: bi,
                    start: cs,
                    end: ce,
                    marker: None,
                    parent,
                    id,
                    reading: Reading::default(),
                    is_task: false,
                    lead: None,
                    hands_down: None,
                    task_context: false,
                    deadline: None,
                    table: Some(row),
                });
            }
            continue;
        }
        table = None;
        let mk = marker::parse(&b.text);
        let (parent, start) = match &mk {
            Some(m) => {
                // Siblings share a style; a new style nests under the current item.
                if let Some(pos) = stack.iter().position(|(s, _)| *s == Some(m.style)) {
                    stack.truncate(pos);
                } else if let Some(pos) = stack
                    .iter()
                    .position(|(s, _)| matches!((s, m.style), (Some(Style::Num(a)), Style::Num(b)) if *a >= b))
                {
                    stack.truncate(pos);
                }
                (stack.last().map(|&(_, n)| n), m.len)
            }
            None => (stack.last().map(|&(_, n)| n), 0),
        };
        let base = marked_ancestor_id(&nodes, parent);
        let id = match &mk {
            Some(m) => {
                let label = match m.style {
                    Style::Dash | Style::Plus | Style::Bullet => {
                        let k = dash_count.entry((parent, style_key(m.style))).or_insert(0);
                        *k += 1;
                        format!("{}{}", m.label, k)
                    }
                    _ => m.label.clone(),
                };
                match (&base, m.style) {
                    (Some(b), Style::Num(d)) if d >= 2 && label.starts_with(&format!("{b}.")) => label,
                    // "2.1." under "IV.2" reads "IV.2.1".
                    (Some(b), Style::Num(d))
                        if d >= 2
                            && label
                                .rsplit_once('.')
                                .is_some_and(|(head, _)| b.ends_with(&format!(".{head}")) || b == head) =>
                    {
                        format!("{b}.{}", label.rsplit_once('.').map_or("", |(_, last)| last))
                    }
                    (Some(b), _) => format!("{b}.{label}"),
                    (None, _) => label,
                }
            }
            None => {
                let k = unmarked_count.entry(parent).or_insert(if parent.is_some() { 1 } else { 0 });
                *k += 1;
                match &base {
                    Some(b) => format!("{b}.p{k}"),
                    None => format!("p{k}"),
                }
            }
        };
        if let Some(m) = &mk {
            if m.value > 0 {
                let key = (parent, style_key(m.style));
                if let Some((prev, prev_label)) = last_value.get(&key) {
                    if m.value == *prev {
                        warnings.push(Warning {
                            code: "duplicate_number".into(),
                            message: format!(
                                "Hai mục cùng được đánh số “{}” — kiểm tra lại thứ tự các mục.",
                                display_label(&m.label, m.style)
                            ),
                            task: Some(id.clone()),
                            start: Some(b.start()),
                            end: Some(b.start() + m.len),
                        });
                    } else if m.value > *prev + 1 {
                        warnings.push(Warning {
                            code: "skipped_number".into(),
                            message: format!(
                                "Sau mục “{}” là mục “{}”: có thể thiếu mục ở giữa.",
                                prev_label,
                                display_label(&m.label, m.style)
                            ),
                            task: Some(id.clone()),
                            start: Some(b.start()),
                            end: Some(b.start() + m.len),
                        });
                    }
                }
                last_value.insert(key, (m.value, display_label(&m.label, m.style)));
            }
        }
        let id = unique(&mut ids, id);
        let node_index = nodes.len();
        nodes.push(Node {
            block: bi,
            start,
            end: b.text.len(),
            marker: mk.clone(),
            parent,
            id: id.clone(),
            reading: Reading::default(),
            is_task: false,
            lead: None,
            hands_down: None,
            task_context: false,
            deadline: None,
            table: None,
        });
        if let Some(m) = &mk {
            stack.push((Some(m.style), node_index));
        }
        // Inline items "(5) Giao UBND huyện … các nhiệm vụ: (1) … (2) …".
        if let Some((intro_end, items)) = tasks::inline_items(&b.text, start) {
            nodes[node_index].end = intro_end;
            let inline_style = marker::parse(&b.text[intro_end..]).map(|m| m.style);
            for (k, (s, e)) in items.into_iter().enumerate() {
                let label = match inline_style {
                    Some(Style::Letter) => {
                        char::from_u32('a' as u32 + k as u32).map_or(format!("{}", k + 1), |c| c.to_string())
                    }
                    _ => format!("({})", k + 1),
                };
                let cid = unique(&mut ids, format!("{id}.{label}"));
                nodes.push(Node {
                    block: bi,
                    start: s,
                    end: e,
                    marker: None,
                    parent: Some(node_index),
                    id: cid,
                    reading: Reading::default(),
                    is_task: false,
                    lead: None,
                    hands_down: None,
                    task_context: false,
                    deadline: None,
                    table: None,
                });
            }
            continue;
        }
        // An unmarked paragraph ending in ':' introduces the items that follow.
        if mk.is_none() && b.text.trim_end().ends_with(':') {
            if let Some(next) = blocks.get(bi + 1).filter(|_| bi + 1 < closing) {
                if let Some(nm) = marker::parse(&next.text) {
                    if !stack.iter().any(|(s, _)| *s == Some(nm.style)) {
                        stack.push((None, node_index));
                    }
                }
            }
        }
    }
    nodes
}

fn style_key(s: Style) -> u8 {
    match s {
        Style::Part(d) => d,
        Style::Roman => 10,
        Style::Num(d) => 10 + d,
        Style::NumParen => 20,
        Style::Letter => 21,
        Style::ParenNum => 22,
        Style::ParenLetter => 23,
        Style::Dash => 24,
        Style::Plus => 25,
        Style::Bullet => 26,
        Style::Ordinal => 27,
    }
}

fn display_label(label: &str, style: Style) -> String {
    match style {
        Style::Roman | Style::Num(_) => format!("{label}."),
        Style::Letter => format!("{label})"),
        _ => label.to_string(),
    }
}

fn unique(ids: &mut HashMap<String, u32>, id: String) -> String {
    let n = ids.entry(id.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        id
    } else {
        format!("{id}#{n}")
    }
}

/// Reads every node and decides which are tasks and who leads them.
fn decide(nodes: &mut [Node], blocks: &[Block], dir: &Directory, default_lead: Option<&Lead>) {
    for i in 0..nodes.len() {
        let b = &blocks[nodes[i].block];
        let (s, e) = (nodes[i].start, nodes[i].end);
        let parent = nodes[i].parent;
        let inherited = parent.and_then(|p| nodes[p].hands_down.clone());
        let in_context = parent.is_some_and(|p| nodes[p].task_context);

        if let Some(row) = nodes[i].table {
            let t = &b.text;
            let lead = row.lead.map(|(ls, le)| {
                let cell = &t[ls..le];
                let f = &b.fold;
                let l = tasks::read(f, t, ls, dir);
                l.unit_heading.or(l.first_lead).unwrap_or(Lead { unit: squash(cell), person: None, others: Vec::new() })
            });
            nodes[i].lead = lead.or(inherited);
            nodes[i].is_task = true;
            continue;
        }

        // Read the node's own text in isolation so offsets stay simple.
        let own = &b.text[..e];
        let fold_own = &b.fold[..e];
        let r = tasks::read(fold_own, own, s, dir);
        let mut is_task;
        let lead;
        if r.formula
            || (r.assessment && r.any_lead.is_none())
            || nodes[i].marker.is_none() && tasks::generic_exhortation(&b.text[s..e])
        {
            is_task = false;
            lead = None;
        } else if let Some(l) = r.first_lead.clone() {
            is_task = true;
            lead = Some(l);
        } else if r.unit_heading.is_some() {
            is_task = false;
            lead = None;
        } else {
            let instructs = r.imperative && !r.topic;
            let item = nodes[i].marker.is_some() || parent.is_some_and(|p| nodes[p].block == nodes[i].block);
            is_task = (in_context && (instructs || item && inherited.is_some() && !r.topic))
                || (r.any_lead.is_some() && !r.topic)
                || (r.topic && r.any_lead.is_some());
            lead = if inherited.is_some() && (in_context || item) { inherited.clone() } else { r.any_lead.clone() };
            if lead.is_none() && r.any_lead.is_none() && !in_context {
                is_task = false;
            }
        }
        let e_text = b.text[s..e].trim();
        // A heading in capitals ("II. TỔ CHỨC THỰC HIỆN") titles a section; it is no task.
        if e_text.is_empty() || crate::text::is_all_caps(e_text) {
            is_task = false;
        }
        // What this node passes to the nodes under it.
        let announces = r.announces || r.introduces;
        nodes[i].task_context = !heading_closes_context(&b.fold[s..e])
            && (announces
                || in_context && nodes[i].marker.is_some()
                || r.unit_heading.is_some()
                || heading_announces(&b.fold[s..e]));
        // A formula ("UBND tỉnh ban hành Kế hoạch … như sau:") hands nothing down: its subject
        // issues the document, it does not lead what follows.
        nodes[i].hands_down = if r.formula {
            None
        } else {
            r.unit_heading
                .clone()
                .or_else(|| if announces || is_task { lead.clone().or_else(|| r.any_lead.clone()) } else { None })
                .or_else(|| if nodes[i].marker.is_some() { inherited.clone() } else { None })
        };
        nodes[i].lead = lead;
        nodes[i].is_task = is_task;
        nodes[i].reading = r;
    }
    // An instruction with no lead of its own. In a notice on a working session with one body
    // ("… làm việc với lãnh đạo tỉnh Phú Thọ") that body leads it. In a plan that assigns its
    // work unit by unit ("V. TỔ CHỨC THỰC HIỆN / 1. Sở Công Thương …"), it is a general
    // solution or aim carried out through those assignments, not a task to track. Otherwise it
    // stays, without a lead, for the office to assign.
    let unit_headings = nodes.iter().filter(|n| n.reading.unit_heading.is_some()).count();
    let led = nodes.iter().filter(|n| n.is_task && n.lead.is_some()).count();
    for i in 0..nodes.len() {
        if !(nodes[i].is_task && nodes[i].lead.is_none() && nodes[i].table.is_none() && !has_lead_above(nodes, i)) {
            continue;
        }
        if let Some(l) = default_lead {
            nodes[i].lead = Some(l.clone());
        } else if led >= 3 && unit_headings >= 2 {
            nodes[i].is_task = false;
        }
    }
    // A task whose inline items are tasks keeps them as children; items inherit its lead.
    for i in 0..nodes.len() {
        if nodes[i].lead.is_none() && nodes[i].is_task {
            let mut p = nodes[i].parent;
            while let Some(pi) = p {
                if let Some(l) = nodes[pi].hands_down.clone() {
                    nodes[i].lead = Some(l);
                    break;
                }
                p = nodes[pi].parent;
            }
        }
    }
}

/// The body a notice of a working session was held with: "Kết luận của Phó Thủ tướng … tại
/// buổi làm việc với lãnh đạo tỉnh Phú Thọ" → UBND tỉnh Phú Thọ; "… làm việc với Bộ Y tế" →
/// Bộ Y tế. Read from the opening paragraphs (in mixed case) or the title.
fn session_counterpart(blocks: &[Block], body_start: usize, title: Option<&str>, dir: &Directory) -> Option<Lead> {
    let opening = blocks.iter().skip(body_start).take(2).map(|b| (b.fold.as_str(), b.text.as_str()));
    let title_fold = title.map(fold);
    let candidates = opening.chain(title.zip(title_fold.as_deref()).map(|(t, f)| (f, t)));
    for (f, t) in candidates {
        for at in crate::text::find_phrase(f, "làm việc với") {
            let mut p = crate::text::skip_spaces(f, at + "làm việc với".len());
            for w in ["tập thể lãnh đạo", "lãnh đạo chủ chốt", "lãnh đạo", "ban thường vụ", "thường trực", "đại diện"]
            {
                if crate::text::phrase_at(f, p, w) {
                    p = crate::text::skip_spaces(f, p + w.len());
                    break;
                }
            }
            for level in ["tỉnh", "thành phố", "huyện", "quận", "thị xã"] {
                if crate::text::phrase_at(f, p, level) {
                    let name_start = crate::text::skip_spaces(f, p + level.len());
                    let mut end = name_start;
                    let mut q = name_start;
                    // The place name: capitalised words.
                    while crate::text::starts_upper(&t[q..]) && t[q..].chars().next().is_some_and(crate::text::is_upper)
                    {
                        let w = crate::text::word_at(t, q);
                        if w.is_empty() {
                            break;
                        }
                        end = q + w.len();
                        q = crate::text::skip_spaces(t, end);
                    }
                    if end > name_start && !crate::text::is_all_caps(&t[name_start..end]) {
                        let unit = format!("UBND {level} {}", &t[name_start..end]);
                        let unit = dir.resolve(&unit).map_or(unit, str::to_string);
                        return Some(Lead { unit, person: None, others: Vec::new() });
                    }
                }
            }
            if let Some(m) = crate::units::mention_at(f, t, p, dir) {
                let unit = crate::units::display_name(&t[m.start..m.end]);
                return Some(Lead {
                    unit: dir.resolve(&unit).map_or(unit.clone(), str::to_string),
                    person: None,
                    others: Vec::new(),
                });
            }
        }
    }
    None
}

fn has_lead_above(nodes: &[Node], i: usize) -> bool {
    let mut p = nodes[i].parent;
    while let Some(pi) = p {
        if nodes[pi].hands_down.is_some() {
            return true;
        }
        p = nodes[pi].parent;
    }
    false
}

/// Headings of sections that state aims, views, results or money, not work to track:
/// "I. MỤC ĐÍCH, YÊU CẦU", "1. Quan điểm chỉ đạo", "2. Mục tiêu năm 2026", "IV. VỐN ĐẦU TƯ".
fn heading_closes_context(f: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "mục đích",
        "yêu cầu",
        "quan điểm",
        "mục tiêu",
        "kết quả",
        "tình hình",
        "đánh giá",
        "căn cứ",
        "sự cần thiết",
        "bối cảnh",
        "vốn",
        "nguồn vốn",
        "kinh phí",
        "chỉ tiêu",
        "phạm vi",
        "đối tượng",
        "nội dung",
        "ưu điểm",
        "hạn chế",
        "nguyên nhân",
        "bài học",
    ];
    f.len() < 160 && !f.trim_end().ends_with(['.', ';']) && OPENINGS.iter().any(|w| crate::text::phrase_at(f, 0, w))
}

/// Headings that announce tasks beneath them ("II. NHIỆM VỤ, GIẢI PHÁP", "Tổ chức thực hiện").
fn heading_announces(f: &str) -> bool {
    f.len() < 200
        && ["nhiệm vụ", "giải pháp", "tổ chức thực hiện", "phân công", "trách nhiệm", "kiến nghị", "đề xuất"]
            .iter()
            .any(|w| f.contains(w))
}

fn node_deadline(n: &Node, b: &Block, cited: &[Cited], ctx: &Context, warnings: &mut Vec<Warning>) -> Option<Found> {
    if let Some(row) = n.table {
        let (s, e) = row.deadline?;
        let cell_ctx = Context { all_strong: true, ..*ctx };
        let found = deadline::find(&b.fold[..e], &cell_ctx);
        let found: Vec<Found> = found.into_iter().filter(|f| f.start >= s).collect();
        return deadline::choose(&found).cloned();
    }
    let (s, e) = (n.start, n.end);
    let f = &b.fold[..e];
    let mut from = s;
    // A topic label ("Về tình hình … quý I/2024:") names a period reported on, not a deadline.
    if n.reading.topic {
        if let Some(c) = f[s..].find(':') {
            from = s + c + 1;
        }
    }
    let found: Vec<Found> = deadline::find(f, ctx)
        .into_iter()
        .filter(|d| d.start >= from)
        .filter(|d| !cited.iter().any(|c| d.start < c.end && c.start < d.end))
        .filter(|d| !is_vision(f, d))
        .collect();
    for d in &found {
        if d.before_document && d.explicit {
            warnings.push(Warning {
                code: "deadline_before_document".into(),
                message: format!(
                    "Thời hạn “{}” ở nhiệm vụ {} sớm hơn ngày ban hành văn bản.",
                    squash(&b.text[d.start..d.end]),
                    n.id
                ),
                task: Some(n.id.clone()),
                start: Some(b.doc_offset(d.start)),
                end: Some(b.doc_end(d.end)),
            });
        }
    }
    deadline::choose(&found).cloned()
}

/// "chiến lược … đến năm 2030, tầm nhìn đến năm 2045": the horizon of a strategy, not a
/// deadline.
fn is_vision(f: &str, d: &Found) -> bool {
    if d.kind != DeadlineKind::Year {
        return false;
    }
    let before = &f[crate::text::floor_boundary(f, d.start.saturating_sub(90))..d.start];
    let after = &f[d.end..crate::text::floor_boundary(f, d.end + 24)];
    ["tầm nhìn", "chiến lược", "quy hoạch", "định hướng", "giai đoạn", "thời kỳ"].iter().any(|w| before.contains(w))
        || after.contains("tầm nhìn")
}

fn emit(
    nodes: &[Node],
    blocks: &[Block],
    cited: &[Vec<Cited>],
    warnings: &mut Vec<Warning>,
    dir: &Directory,
) -> Vec<Task> {
    let mut out = Vec::new();
    for n in nodes.iter().filter(|n| n.is_task) {
        let b = &blocks[n.block];
        let (s, e) = (n.start, n.end);
        // Block text is already one space between words.
        let text = b.text[s..e].trim().to_string();
        // The nearest task above this one groups it.
        let mut parent = None;
        let mut p = n.parent;
        while let Some(pi) = p {
            if nodes[pi].is_task {
                parent = Some(nodes[pi].id.clone());
                break;
            }
            p = nodes[pi].parent;
        }
        let deadline = match &n.deadline {
            Some(d) => Deadline {
                kind: d.kind,
                due: d.due,
                period: d.period,
                text: Some(squash(&b.text[d.start..d.end])),
                start: Some(b.doc_offset(d.start)),
                end: Some(b.doc_end(d.end)),
            },
            None => inherited_deadline(n, nodes, blocks).unwrap_or_else(Deadline::none),
        };
        // A target has a number; most paragraphs have none.
        let has_digit = b.text.as_bytes()[s..e].iter().any(u8::is_ascii_digit);
        let found_targets = if has_digit { target::find(&b.fold[..e], &b.text[..e]) } else { Vec::new() };
        let targets = found_targets
            .into_iter()
            .filter(|t| t.end > s && t.start >= s.saturating_sub(200))
            .map(|t| Target {
                indicator: t.indicator,
                op: t.op,
                value: t.value,
                unit: t.unit,
                period: t.period,
                text: squash(&b.text[t.start.max(s)..t.end]),
                start: b.doc_offset(t.start.max(s)),
                end: b.doc_end(t.end),
            })
            .collect();
        let mut references: Vec<String> = Vec::new();
        for c in &cited[n.block] {
            if c.symbol_start >= s && c.symbol_end <= e && !references.contains(&c.symbol) {
                references.push(c.symbol.clone());
            }
        }
        let (lead, lead_person) = match &n.lead {
            Some(l) => (Some(l.unit.clone()), l.person.clone()),
            None => (None, None),
        };
        let mut coordinators: Vec<String> = Vec::new();
        if let Some(row) = n.table {
            if let Some((cs, ce)) = row.coordinators {
                for part in b.text[cs..ce].split([',', ';']) {
                    let part = squash(part.trim_start_matches(['-', '+', ' ']));
                    if !part.is_empty() {
                        coordinators.push(dir.resolve(&part).map_or(part, str::to_string));
                    }
                }
            }
        } else {
            coordinators = n.reading.coordinators.clone();
        }
        if let Some(l) = &n.lead {
            for o in &l.others {
                if !coordinators.contains(o) && Some(o) != lead.as_ref() {
                    coordinators.push(o.clone());
                }
            }
        }
        coordinators.retain(|c| Some(c) != lead.as_ref());
        if lead.is_none() {
            warnings.push(Warning {
                code: "task_without_lead".into(),
                message: format!("Nhiệm vụ {} chưa xác định được cơ quan chủ trì.", n.id),
                task: Some(n.id.clone()),
                start: Some(b.doc_offset(s)),
                end: Some(b.doc_end(e)),
            });
        }
        out.push(Task {
            id: n.id.clone(),
            parent,
            text,
            start: b.doc_offset(s),
            end: b.doc_end(e),
            lead,
            lead_person,
            coordinators,
            deadline,
            targets,
            references,
        });
    }
    out
}

/// A task with no deadline of its own takes a firm one from the task that groups it.
fn inherited_deadline(n: &Node, nodes: &[Node], blocks: &[Block]) -> Option<Deadline> {
    let mut p = n.parent;
    while let Some(pi) = p {
        if let Some(d) =
            nodes[pi].deadline.as_ref().filter(|d| d.strength == deadline::Strength::Strong && d.due.is_some())
        {
            let b = &blocks[nodes[pi].block];
            return Some(Deadline {
                kind: d.kind,
                due: d.due,
                period: d.period,
                text: Some(squash(&b.text[d.start..d.end])),
                start: Some(b.doc_offset(d.start)),
                end: Some(b.doc_end(d.end)),
            });
        }
        p = nodes[pi].parent;
    }
    None
}

fn header_warnings(h: &header::Header, signer: Option<&Signer>, warnings: &mut Vec<Warning>) {
    let mut add = |code: &str, message: &str| {
        warnings.push(Warning { code: code.into(), message: message.into(), task: None, start: None, end: None });
    };
    if h.blank_number {
        add("blank_number", "Văn bản chưa có số (có thể là bản dự thảo).");
    } else if h.symbol.is_none() {
        add("unreadable_header", "Không đọc được số, ký hiệu của văn bản.");
    }
    if h.date.is_none() {
        add(
            "unreadable_date",
            "Không đọc được ngày ban hành; thời hạn không ghi năm được tính theo năm hiện hành của văn bản nếu có.",
        );
    }
    if signer.and_then(|s| s.name.as_ref()).is_none() {
        add("unreadable_signer", "Không đọc được người ký văn bản.");
    }
}
