//! Names of bodies and posts: the built-in vocabulary of Vietnamese administrative and Party
//! bodies, a deployment's own directory, and the recogniser that finds a unit's name in a
//! sentence ("UBND huyện", "Ban Tổ chức Huyện ủy", "Sở Kế hoạch và Đầu tư", "Chủ tịch UBND
//! tỉnh", "các sở, ngành liên quan").

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use crate::normalize::fold;
use crate::text::{is_word_char, phrase_at, skip_spaces, squash, word_at};

/// What a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// A body: "UBND huyện", "Sở Tài chính".
    Body,
    /// A post or person: "Chủ tịch UBND huyện", "Huyện ủy viên".
    Post,
    /// A plural group: "các sở, ngành liên quan".
    Group,
}

/// A unit's name found in a block's text (offsets into the block's joined text).
#[derive(Debug, Clone)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub kind: MentionKind,
    /// For a post, the body inside it ("UBND huyện" in "Chủ tịch UBND huyện").
    pub body: Option<(usize, usize)>,
}

/// Abbreviations expanded when names are compared.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("ubnd", "ủy ban nhân dân"),
    ("hđnd", "hội đồng nhân dân"),
    ("btv", "ban thường vụ"),
    ("ubkt", "ủy ban kiểm tra"),
    ("ubmttq", "ủy ban mặt trận tổ quốc"),
    ("mttq", "mặt trận tổ quốc"),
    ("bch", "ban chấp hành"),
    ("vp", "văn phòng"),
    ("vpub", "văn phòng ủy ban nhân dân"),
    ("tw", "trung ương"),
    ("ttg", "thủ tướng"),
    ("bql", "ban quản lý"),
    ("bcđ", "ban chỉ đạo"),
    ("lđlđ", "liên đoàn lao động"),
    ("bhxh", "bảo hiểm xã hội"),
    ("ca", "công an"),
    ("kbnn", "kho bạc nhà nước"),
];

/// Heads of body names, folded. A head starts a mention; the name runs on from it.
const BODY_HEADS: &[&str] = &[
    "ubnd",
    "hđnd",
    "btv",
    "ubkt",
    "mttq",
    "ubmttq",
    "bch",
    "bql",
    "bcđ",
    "vpub",
    "vpcp",
    "lđlđ",
    "bhxh",
    "kbnn",
    "ủy ban nhân dân",
    "hội đồng nhân dân",
    "ban thường vụ",
    "ban chấp hành",
    "ủy ban kiểm tra",
    "ủy ban mặt trận tổ quốc",
    "mặt trận tổ quốc",
    "văn phòng",
    "ban tổ chức",
    "ban tuyên giáo",
    "ban dân vận",
    "ban nội chính",
    "ban kinh tế",
    "ban quản lý",
    "ban chỉ đạo",
    "ban chỉ huy",
    "ban",
    "sở",
    "bộ",
    "phòng",
    "công an",
    "bộ chỉ huy",
    "chi cục",
    "cục",
    "tổng cục",
    "trung tâm",
    "thanh tra",
    "kho bạc",
    "chi nhánh",
    "ngân hàng",
    "viện",
    "trường",
    "hội",
    "liên đoàn lao động",
    "đoàn thanh niên",
    "huyện đoàn",
    "tỉnh đoàn",
    "thành đoàn",
    "đảng ủy",
    "đảng đoàn",
    "ban cán sự đảng",
    "chi bộ",
    "huyện ủy",
    "tỉnh ủy",
    "thành ủy",
    "thị ủy",
    "quận ủy",
    "công ty",
    "tập đoàn",
    "tổng công ty",
    "đài",
    "báo",
    "bệnh viện",
    "bảo hiểm xã hội",
    "tòa án",
    "viện kiểm sát",
    "hải quan",
    "điện lực",
    "chính phủ",
    "quốc hội",
    "ủy ban",
    "hội đồng",
    "tổ công tác",
    "đoàn kiểm tra",
    "tổ giúp việc",
    "thường trực",
    "hạt kiểm lâm",
    "kiểm lâm",
    "bưu điện",
    "ủy ban thường vụ",
    "ban quản lý dự án",
    "ban bí thư",
    "bộ chính trị",
    "ubnd tỉnh",
    "ubnd huyện",
    "quân sự",
    "thuế",
    "cục thuế",
    "chi cục thuế",
    "kho bạc nhà nước",
    "bảo hiểm xã hội",
    "ban quản lý khu kinh tế",
];

/// Heads of posts: a person leading in person.
const POST_HEADS: &[&str] = &[
    "chủ tịch",
    "phó chủ tịch",
    "giám đốc",
    "phó giám đốc",
    "thủ trưởng",
    "bí thư",
    "phó bí thư",
    "trưởng ban",
    "phó trưởng ban",
    "chánh văn phòng",
    "phó chánh văn phòng",
    "trưởng phòng",
    "thủ tướng",
    "phó thủ tướng",
    "bộ trưởng",
    "thứ trưởng",
    "tổng giám đốc",
    "người đứng đầu",
    "chỉ huy trưởng",
    "huyện ủy viên",
    "tỉnh ủy viên",
    "thành ủy viên",
    "cấp ủy viên",
    "ủy viên ban thường vụ",
    "ủy viên",
    "trưởng ban chỉ đạo",
    "chủ nhiệm",
    "chánh thanh tra",
    "trưởng công an",
];

/// Plural groups, usually lower case.
const GROUP_HEADS: &[&str] = &[
    "cấp ủy, tổ chức đảng, chính quyền, đoàn thể các cấp",
    "các cấp ủy, tổ chức đảng, chính quyền, đoàn thể các cấp",
    "cấp ủy, tổ chức đảng, chính quyền, mặt trận tổ quốc và các đoàn thể",
    "các cấp ủy, tổ chức đảng, chính quyền, mặt trận tổ quốc và các đoàn thể",
    "cấp ủy, chính quyền các cấp",
    "cấp ủy, chính quyền địa phương các cấp",
    "các chủ rừng",
    "chủ rừng",
    "các cấp, các ngành",
    "các cấp ủy, chính quyền",
    "các sở, ban, ngành",
    "các sở, ngành",
    "các cơ quan, đơn vị",
    "các ban, ngành, đoàn thể",
    "các ban, ngành",
    "các bộ, ngành",
    "các bộ, cơ quan",
    "các cơ quan",
    "các đơn vị",
    "các địa phương",
    "các xã, thị trấn",
    "các xã, phường, thị trấn",
    "các xã, phường",
    "các xã",
    "các phường",
    "các huyện, thành phố",
    "các huyện",
    "các ngành",
    "các cấp ủy",
    "các cấp",
    "cấp ủy",
    "ngành chức năng",
    "các ngành chức năng",
    "các cơ quan chức năng",
    "cơ quan chức năng",
    "các tổ chức chính trị - xã hội",
    "các đoàn thể",
    "các ban đảng",
    "các chi, đảng bộ",
    "các chi bộ",
    "các đảng bộ",
    "địa phương",
    "các cấp, các ngành, địa phương",
    "các cơ quan, đơn vị, địa phương",
    "các sở, ban, ngành, địa phương",
    "các chủ đầu tư",
    "chủ đầu tư",
    "các nhà đầu tư",
    "các doanh nghiệp",
    "các tổ chức, cá nhân",
    "các cấp ủy, tổ chức đảng",
    "các cấp ủy, tổ chức đảng, chính quyền",
    "cấp ủy, chính quyền",
    "các tổ chức đảng",
    "các cơ quan chuyên trách tham mưu, giúp việc",
    "các cơ quan chuyên môn",
    "các phòng, ban",
    "các bộ, cơ quan ngang bộ",
    "các bộ",
    "các chi bộ, đảng bộ cơ sở",
    "đảng bộ cơ sở",
    "các đảng bộ cơ sở",
];

/// Names that follow "Sở", "Bộ", "Phòng", "Ban": taken whole, lower-case words included.
const FIELD_NAMES: &[&str] = &[
    "tài chính",
    "kế hoạch và đầu tư",
    "nội vụ",
    "tư pháp",
    "công thương",
    "xây dựng",
    "giao thông vận tải",
    "nông nghiệp và phát triển nông thôn",
    "nông nghiệp và môi trường",
    "tài nguyên và môi trường",
    "y tế",
    "giáo dục và đào tạo",
    "văn hóa, thể thao và du lịch",
    "văn hóa và thông tin",
    "văn hóa - thông tin",
    "văn hóa, khoa học và thông tin",
    "khoa học và công nghệ",
    "thông tin và truyền thông",
    "lao động - thương binh và xã hội",
    "lao động, thương binh và xã hội",
    "ngoại vụ",
    "dân tộc và tôn giáo",
    "tài chính - kế hoạch",
    "kinh tế và hạ tầng",
    "kinh tế, hạ tầng và đô thị",
    "kinh tế - hạ tầng",
    "quản lý đô thị",
    "dân tộc",
    "quốc phòng",
    "công an",
    "ngoại giao",
    "giao thông vận tải - xây dựng",
    "nông nghiệp",
    "giáo dục",
    "văn hóa - xã hội",
    "kinh tế",
    "tổ chức",
    "tuyên giáo",
    "dân vận",
    "nội chính",
    "xây dựng đảng",
    "tuyên giáo và dân vận",
    "chính sách, chiến lược",
    "dân tộc và tôn giáo",
    "nội vụ",
];

/// Words that end a name: verbs that follow a subject, and function words.
const STOP_WORDS: &[&str] = &[
    "thông qua",
    "là",
    "chủ trì",
    "phối hợp",
    "tiếp thu",
    "tiếp tục",
    "khẩn trương",
    "chỉ đạo",
    "tham mưu",
    "thực hiện",
    "triển khai",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "cần",
    "phải",
    "có",
    "của",
    "để",
    "theo",
    "trong",
    "tại",
    "với",
    "về",
    "cho",
    "đã",
    "sẽ",
    "đang",
    "được",
    "là",
    "nghiên cứu",
    "rà soát",
    "hoàn thành",
    "hoàn thiện",
    "tập trung",
    "báo cáo",
    "đề xuất",
    "tìm kiếm",
    "tăng cường",
    "hướng dẫn",
    "kiểm tra",
    "xem xét",
    "trình",
    "tổ chức",
    "xây dựng",
    "đẩy mạnh",
    "quan tâm",
    "bố trí",
    "chuẩn bị",
    "đôn đốc",
    "theo dõi",
    "phát huy",
    "nâng cao",
    "bám sát",
    "quyết liệt",
    "nghiêm túc",
    "chủ động",
    "thường xuyên",
    "kịp thời",
    "trực tiếp",
    "đồng thời",
    "nhằm",
    "khi",
    "thì",
    "mà",
    "đối với",
    "trên",
    "từ",
    "đến",
    "nhất trí",
    "thống nhất",
    "kết luận",
    "họp",
    "ban hành",
    "giao",
    "yêu cầu",
    "đề nghị",
    "đánh giá",
    "lãnh đạo",
    "tích cực",
    "hằng",
    "hàng",
    "năm",
    "tháng",
    "quý",
    "ngày",
    "liên quan",
    "có liên quan",
];

/// Words after a head that place it ("UBND huyện", "UBND các xã").
const LEVEL_WORDS: &[&str] = &[
    "khối các cơ quan",
    "khối các cơ quan và doanh nghiệp",
    "khối doanh nghiệp",
    "các cơ quan đảng",
    "đặc khu",
    "tỉnh",
    "huyện",
    "xã",
    "phường",
    "thị trấn",
    "thành phố",
    "quận",
    "thị xã",
    "trung ương",
    "khối",
    "các xã",
    "các phường",
    "các huyện",
    "các xã, thị trấn",
    "các xã, phường, thị trấn",
    "các phường, xã",
    "cấp huyện",
    "cấp xã",
    "cấp tỉnh",
    "nhà nước",
    "cơ sở",
    "các xã, phường",
    "các huyện, thành phố",
    "các huyện, thị xã, thành phố",
    "các tỉnh, thành phố trực thuộc trung ương",
    "các tỉnh và thành phố trực thuộc trung ương",
    "các tỉnh, thành phố",
    "các cấp",
];

struct Vocab {
    /// First folded word → (phrase, kind), longest first.
    heads: HashMap<&'static str, Vec<(&'static str, MentionKind)>, BuildHasherDefault<crate::text::Fnv>>,
    /// First bytes of every head word (and of the "đồng chí" prefix).
    first_bytes: [bool; 256],
}

fn vocab() -> &'static Vocab {
    static V: OnceLock<Vocab> = OnceLock::new();
    V.get_or_init(|| {
        let mut heads: HashMap<&'static str, Vec<(&'static str, MentionKind)>, BuildHasherDefault<crate::text::Fnv>> =
            HashMap::default();
        let lists: [(&[&'static str], MentionKind); 3] =
            [(BODY_HEADS, MentionKind::Body), (POST_HEADS, MentionKind::Post), (GROUP_HEADS, MentionKind::Group)];
        for (list, kind) in lists {
            for p in list {
                let first = p.split(|c: char| !is_word_char(c)).next().unwrap_or(p);
                heads.entry(first).or_default().push((p, kind));
            }
        }
        for v in heads.values_mut() {
            v.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        }
        let mut first_bytes = [false; 256];
        for key in heads.keys().copied().chain(["đồng", "đ"]) {
            if let Some(&b) = key.as_bytes().first() {
                first_bytes[usize::from(b)] = true;
            }
        }
        Vocab { heads, first_bytes }
    })
}

/// A deployment's own units: canonical names and their aliases.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    entries: Vec<DirectoryEntry>,
}

#[derive(Debug, Clone)]
struct DirectoryEntry {
    name: String,
    keys: Vec<String>,
    folded: Vec<String>,
}

impl Directory {
    /// An empty directory: names are reported as written.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a unit with its aliases ("UBND huyện" with "Ủy ban nhân dân huyện").
    pub fn add(&mut self, name: &str, aliases: &[&str]) {
        let name = squash(name);
        if name.is_empty() {
            return;
        }
        let mut keys = vec![canonical_key(&name)];
        let mut folded = vec![fold(&name)];
        for a in aliases {
            let a = squash(a);
            if !a.is_empty() {
                keys.push(canonical_key(&a));
                folded.push(fold(&a));
            }
        }
        self.entries.push(DirectoryEntry { name, keys, folded });
    }

    /// Reads a directory file: one unit a line, `Name | alias | alias`, `#` comments; or a
    /// JSON array of `{"name": …, "aliases": […]}`.
    pub fn parse(text: &str) -> Result<Directory, String> {
        let mut dir = Directory::new();
        let trimmed = text.trim_start();
        if trimmed.starts_with('[') {
            let v: serde_json::Value = serde_json::from_str(trimmed).map_err(|e| format!("JSON không hợp lệ: {e}"))?;
            let arr = v.as_array().ok_or("cần một mảng JSON các đơn vị")?;
            for (i, item) in arr.iter().enumerate() {
                let name =
                    item.get("name").and_then(|n| n.as_str()).ok_or(format!("đơn vị thứ {} thiếu \"name\"", i + 1))?;
                let aliases: Vec<&str> = item
                    .get("aliases")
                    .and_then(|a| a.as_array())
                    .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                    .unwrap_or_default();
                dir.add(name, &aliases);
            }
            return Ok(dir);
        }
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut parts = line.split('|').map(str::trim);
            let name = parts.next().unwrap_or("");
            let aliases: Vec<&str> = parts.filter(|p| !p.is_empty()).collect();
            dir.add(name, &aliases);
        }
        Ok(dir)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The canonical name for a name as written, if the directory knows it.
    pub fn resolve(&self, written: &str) -> Option<&str> {
        let key = canonical_key(written);
        self.entries.iter().find(|e| e.keys.contains(&key)).map(|e| e.name.as_str())
    }

    /// The longest directory name (folded) at `pos` of folded text, as its byte length.
    fn longest_at(&self, f: &str, pos: usize) -> Option<usize> {
        self.entries.iter().flat_map(|e| e.folded.iter()).filter(|n| phrase_at(f, pos, n)).map(String::len).max()
    }
}

/// A unit name in comparable form: folded, abbreviations expanded, "đồng chí" dropped,
/// punctuation to spaces.
pub fn canonical_key(s: &str) -> String {
    let f = fold(s);
    let cleaned: String = f
        .chars()
        .map(|c| if matches!(c, '.' | ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”') { ' ' } else { c })
        .collect();
    let words: Vec<&str> = cleaned
        .split_whitespace()
        .map(|w| ABBREVIATIONS.iter().find(|(a, _)| *a == w).map_or(w, |(_, full)| full))
        .collect();
    let mut out = words.join(" ");
    for p in ["các đồng chí ", "đồng chí ", "các đ/c ", "đ/c "] {
        if let Some(rest) = out.strip_prefix(p) {
            out = rest.to_string();
        }
    }
    out
}

/// The name as it should be reported: white space folded, "các đồng chí"/"đồng chí" dropped.
pub fn display_name(s: &str) -> String {
    let s = squash(s.trim_matches(|c: char| c == ',' || c == ':' || c == ';' || c.is_whitespace()));
    for p in ["Các đồng chí ", "các đồng chí ", "Đồng chí ", "đồng chí ", "Các đ/c ", "các đ/c ", "Đ/c ", "đ/c "]
    {
        if let Some(rest) = s.strip_prefix(p) {
            return rest.to_string();
        }
    }
    s
}

fn is_upper_word(t: &str, pos: usize) -> bool {
    t.get(pos..).and_then(|r| r.chars().next()).is_some_and(crate::text::is_upper)
}

/// Heads too general to name a unit on their own: "Sở" needs "Tài chính" after it.
const NEEDS_NAME: &[&str] = &[
    "sở",
    "ban",
    "bộ",
    "phòng",
    "hội",
    "đài",
    "báo",
    "cục",
    "viện",
    "trường",
    "ủy ban",
    "hội đồng",
    "công ty",
    "trung tâm",
    "chi nhánh",
    "ngân hàng",
    "tập đoàn",
    "tổng công ty",
    "chi cục",
    "tổng cục",
    "đoàn kiểm tra",
    "tổ công tác",
    "bệnh viện",
    "quân sự",
    "kiểm lâm",
    "điện lực",
    "bưu điện",
    "hải quan",
];

/// Posts that are written in lower case mid-sentence.
const LOWER_POSTS: &[&str] = &[
    "thủ trưởng",
    "người đứng đầu",
    "huyện ủy viên",
    "tỉnh ủy viên",
    "thành ủy viên",
    "cấp ủy viên",
    "trưởng ban chỉ đạo",
];

fn head_at(f: &str, t: &str, pos: usize, dir: &Directory) -> Option<(usize, MentionKind)> {
    if let Some(len) = dir.longest_at(f, pos) {
        return Some((len, MentionKind::Body));
    }
    let first = word_at(f, pos);
    let cands = vocab().heads.get(first)?;
    let upper = is_upper_word(t, pos);
    cands
        .iter()
        .find(|&&(p, kind)| {
            phrase_at(f, pos, p)
                && match kind {
                    MentionKind::Group => true,
                    MentionKind::Body => upper,
                    MentionKind::Post => upper || LOWER_POSTS.contains(&p),
                }
        })
        .map(|&(p, kind)| (p.len(), kind))
        .or_else(|| {
            // "các văn phòng tỉnh ủy", "các sở": a plural of any kind of body.
            if first != "các" && first != "những" {
                return None;
            }
            let q = skip_spaces(f, pos + first.len());
            let w2 = word_at(f, q);
            let (p, _) = vocab().heads.get(w2)?.iter().find(|(p, k)| *k == MentionKind::Body && phrase_at(f, q, p))?;
            Some((q + p.len() - pos, MentionKind::Group))
        })
}

crate::phrase_set!(stop_set, STOP_WORDS);
crate::phrase_set!(field_set, FIELD_NAMES);
crate::phrase_set!(level_set, LEVEL_WORDS);

/// The administrative level word at `pos` ("tỉnh", "các xã, phường", "đặc khu"), if any.
pub fn level_word_at(f: &str, pos: usize) -> Option<&'static str> {
    level_set().longest_at(f, pos)
}
crate::phrase_set!(
    party_suffix_set,
    &["huyện ủy", "tỉnh ủy", "thành ủy", "thị ủy", "quận ủy", "đảng ủy", "trung ương"]
);
crate::phrase_set!(group_tail_set, GROUP_TAILS);

/// "các sở, ngành liên quan", "các Sở, ban, ngành thuộc tỉnh"
const GROUP_TAILS: &[&str] = &[
    "có liên quan",
    "liên quan",
    "thuộc tỉnh",
    "thuộc ủy ban nhân dân tỉnh",
    "thuộc ubnd tỉnh",
    "thuộc huyện",
    "thuộc ủy ban nhân dân huyện",
    "thuộc ubnd huyện",
    "trực thuộc",
    "trên địa bàn",
    "cấp huyện",
    "cấp xã",
    "cấp tỉnh",
    "khác có liên quan",
    "của tỉnh",
    "của huyện",
    "trực thuộc trung ương",
];

/// Whether a verb or function word that ends a name starts at `pos`.
#[inline]
pub fn is_stop(f: &str, pos: usize) -> bool {
    stop_set().at(f, pos)
}

/// A capitalised word at `pos` that may continue a name after "và", "-" or ",".
fn continues_name(f: &str, t: &str, pos: usize, dir: &Directory) -> bool {
    is_upper_word(t, pos) && head_at(f, t, pos, dir).is_none()
}

/// Extends a name from `end` (just after its head) over what belongs to it; returns the end.
fn tail(f: &str, t: &str, mut end: usize, kind: MentionKind, head: &str, head_upper: bool, dir: &Directory) -> usize {
    let takes_field = matches!(head, "sở" | "bộ" | "phòng" | "ban" | "cục" | "chi cục");
    // Whether the last word taken belongs to a capitalised word of the name ("Đầu tư"), and
    // whether its last syllable itself is capitalised ("Đầu").
    let mut cap_word = head_upper;
    let mut cap_syllable = false;
    loop {
        let pos = skip_spaces(t, end);
        let rest = &t[pos..];
        let Some(c) = rest.chars().next() else { return end };
        if c == '(' {
            // "Ban Thường vụ (BTV) Tỉnh ủy"
            match rest.find(')') {
                Some(close) if close <= 12 && close > 1 && rest[1..close].chars().all(char::is_uppercase) => {
                    end = pos + close + 1;
                    continue;
                }
                _ => return end,
            }
        }
        if takes_field {
            if let Some(n) = field_set().longest_at(f, pos).map(str::len) {
                end = pos + n;
                (cap_word, cap_syllable) = (true, false);
                continue;
            }
        }
        // "các văn phòng tỉnh uỷ, thành uỷ": more committees of the same kind.
        if rest.starts_with(',') {
            let nx = skip_spaces(t, pos + 1);
            if !is_upper_word(t, nx) && (cap_word || kind == MentionKind::Group) {
                if let Some(n) = party_suffix_set().longest_at(f, nx) {
                    end = nx + n.len();
                    continue;
                }
            }
        }
        if let Some(n) = party_suffix_set().longest_at(f, pos).map(str::len) {
            end = pos + n;
            (cap_word, cap_syllable) = (true, false);
            continue;
        }
        if let Some(n) = level_set().longest_at(f, pos).map(str::len) {
            end = pos + n;
            (cap_word, cap_syllable) = (false, false);
            continue;
        }
        if kind == MentionKind::Group {
            // "các sở, ngành liên quan", "các Sở, ban, ngành thuộc tỉnh"
            match group_tail_set().longest_at(f, pos) {
                Some(w) => {
                    end = pos + w.len();
                    continue;
                }
                None => return end,
            }
        }
        if matches!(c, '-' | '–' | ',') {
            // "Lao động - Thương binh", "Đầu tư, Xây dựng": a name goes on; a list does not.
            let nx = skip_spaces(t, pos + c.len_utf8());
            // "Văn phòng HĐND - UBND xã": two offices joined by a dash are one.
            let joined_office =
                c != ',' && word_at(t, nx).chars().count() >= 2 && word_at(t, nx).chars().all(|x| x.is_uppercase());
            if (c != ',' || cap_word) && (continues_name(f, t, nx, dir) || joined_office) && kind == MentionKind::Body {
                end = nx + word_at(t, nx).len();
                (cap_word, cap_syllable) = (true, true);
                continue;
            }
            return end;
        }
        if !is_word_char(c) {
            return end;
        }
        if phrase_at(f, pos, "và") {
            let nx = skip_spaces(t, pos + "và".len());
            if kind == MentionKind::Body && cap_word && continues_name(f, t, nx, dir) {
                end = nx + word_at(t, nx).len();
                (cap_word, cap_syllable) = (true, true);
                continue;
            }
            return end;
        }
        if is_upper_word(t, pos) {
            match head_at(f, t, pos, dir) {
                Some((_, MentionKind::Post)) => return end,
                // "Đảng ủy Hội đồng nhân dân tỉnh": a body's whole name inside this one.
                Some((len, MentionKind::Body)) => {
                    end = pos + len;
                    (cap_word, cap_syllable) = (true, false);
                    continue;
                }
                _ => {}
            }
            end = pos + word_at(t, pos).len();
            (cap_word, cap_syllable) = (true, true);
            continue;
        }
        if is_stop(f, pos) {
            return end;
        }
        if cap_syllable {
            // "Tài chính": the second syllable of a capitalised word.
            end = pos + word_at(t, pos).len();
            cap_syllable = false;
            continue;
        }
        if lower_run_ends_capitalised(f, t, pos, dir) {
            // A lower-case stretch inside a name that goes on in capitals ("Kinh doanh dịch
            // vụ Quảng Ngãi").
            end = pos + word_at(t, pos).len();
            (cap_word, cap_syllable) = (false, false);
            continue;
        }
        return end;
    }
}

fn lower_run_ends_capitalised(f: &str, t: &str, pos: usize, dir: &Directory) -> bool {
    let mut p = pos;
    for _ in 0..3 {
        if is_stop(f, p) {
            return false;
        }
        let w = word_at(t, p);
        if w.is_empty() || !t[p + w.len()..].starts_with(' ') {
            return false;
        }
        let nx = p + w.len() + 1;
        if is_upper_word(t, nx) {
            return continues_name(f, t, nx, dir);
        }
        p = nx;
    }
    false
}

/// The mention starting at `pos` of the block (`t` its text, `f` the folded text), if any.
pub fn mention_at(f: &str, t: &str, pos: usize, dir: &Directory) -> Option<Mention> {
    // Most words start no name: their first byte, or one lookup, decides.
    if dir.is_empty() && !f.as_bytes().get(pos).is_some_and(|&b| vocab().first_bytes[usize::from(b)]) {
        return None;
    }
    let w = word_at(f, pos);
    if dir.is_empty() && !vocab().heads.contains_key(w) && w != "đồng" && w != "đ" {
        return None;
    }
    let mut p = pos;
    // "các đồng chí Huyện ủy viên", "đồng chí Chủ tịch"
    for pre in ["các đồng chí", "đồng chí", "các đ/c", "đ/c"] {
        if phrase_at(f, p, pre) {
            let nx = skip_spaces(t, p + pre.len());
            if head_at(f, t, nx, dir).is_some() {
                p = nx;
            }
            break;
        }
    }
    let (len, kind) = head_at(f, t, p, dir)?;
    let head = &f[p..p + len];
    let head_end = p + len;
    let mut body = None;
    let end = if kind == MentionKind::Post {
        let nx = skip_spaces(t, head_end);
        match mention_at(f, t, nx, dir).filter(|m| m.kind != MentionKind::Post) {
            Some(inner) => {
                body = Some((inner.start, inner.end));
                inner.end
            }
            None => tail(f, t, head_end, kind, head, is_upper_word(t, p), dir),
        }
    } else {
        tail(f, t, head_end, kind, head, is_upper_word(t, p), dir)
    };
    if kind == MentionKind::Body && end == head_end && NEEDS_NAME.contains(&head) && dir.longest_at(f, p).is_none() {
        return None;
    }
    Some(Mention { start: pos, end, kind, body })
}

/// Every mention in a block, left to right, not overlapping.
pub fn mentions(f: &str, t: &str, dir: &Directory) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut next_free = 0;
    for pos in crate::text::word_starts(f) {
        if pos < next_free {
            continue;
        }
        if let Some(m) = mention_at(f, t, pos, dir) {
            next_free = m.end;
            out.push(m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(t: &str) -> Option<String> {
        let f = fold(t);
        mentions(&f, t, &Directory::new()).first().map(|m| t[m.start..m.end].to_string())
    }

    fn at0(t: &str) -> Option<String> {
        let f = fold(t);
        mention_at(&f, t, 0, &Directory::new()).map(|m| t[m.start..m.end].to_string())
    }

    #[test]
    fn reads_common_names() {
        assert_eq!(at0("UBND huyện bám sát").as_deref(), Some("UBND huyện"));
        assert_eq!(at0("Sở Tài chính chủ trì, phối hợp").as_deref(), Some("Sở Tài chính"));
        assert_eq!(at0("Sở Kế hoạch và Đầu tư và các cơ quan").as_deref(), Some("Sở Kế hoạch và Đầu tư"));
        assert_eq!(at0("Ban Tổ chức Huyện ủy tiếp tục tham mưu").as_deref(), Some("Ban Tổ chức Huyện ủy"));
        assert_eq!(at0("BTV Huyện ủy chỉ đạo").as_deref(), Some("BTV Huyện ủy"));
        assert_eq!(at0("UBKT Huyện ủy: Hoàn thiện").as_deref(), Some("UBKT Huyện ủy"));
        assert_eq!(at0("Văn phòng Huyện ủy tiếp tục").as_deref(), Some("Văn phòng Huyện ủy"));
        assert_eq!(at0("Ủy ban nhân dân phường Yên Bái chủ trì").as_deref(), Some("Ủy ban nhân dân phường Yên Bái"));
        assert_eq!(at0("Ban Thường vụ (BTV) Tỉnh ủy").as_deref(), Some("Ban Thường vụ (BTV) Tỉnh ủy"));
        assert_eq!(
            at0("Sở Lao động - Thương binh và Xã hội chủ trì").as_deref(),
            Some("Sở Lao động - Thương binh và Xã hội")
        );
        assert_eq!(
            at0("Công ty TNHH MTV Đầu tư, Xây dựng và Kinh doanh dịch vụ Quảng Ngãi tiếp thu").as_deref(),
            Some("Công ty TNHH MTV Đầu tư, Xây dựng và Kinh doanh dịch vụ Quảng Ngãi")
        );
        assert_eq!(at0("các sở, ngành liên quan và UBND").as_deref(), Some("các sở, ngành liên quan"));
        assert_eq!(at0("Thủ tướng Chính phủ đã").as_deref(), Some("Thủ tướng Chính phủ"));
        assert_eq!(
            at0("Ban Tuyên giáo và Dân vận Tỉnh ủy chỉ đạo").as_deref(),
            Some("Ban Tuyên giáo và Dân vận Tỉnh ủy")
        );
        assert_eq!(at0("Đảng ủy Hội đồng nhân dân tỉnh lãnh đạo").as_deref(), Some("Đảng ủy Hội đồng nhân dân tỉnh"));
        assert_eq!(at0("UBND huyện và Chủ tịch UBND huyện").as_deref(), Some("UBND huyện"));
        assert_eq!(at0("Các đồng chí Huyện ủy viên cần").as_deref(), Some("Các đồng chí Huyện ủy viên"));
    }

    #[test]
    fn posts_carry_their_body() {
        let t = "Chủ tịch UBND huyện chịu trách nhiệm";
        let f = fold(t);
        let m = mention_at(&f, t, 0, &Directory::new()).unwrap();
        assert_eq!(m.kind, MentionKind::Post);
        let (s, e) = m.body.unwrap();
        assert_eq!(&t[s..e], "UBND huyện");
        assert_eq!(&t[m.start..m.end], "Chủ tịch UBND huyện");
    }

    #[test]
    fn ignores_common_words() {
        assert_eq!(first("trên cơ sở đó, xác định việc"), None);
        assert_eq!(first("ban hành văn bản"), None);
        assert_eq!(first("chất lượng giáo dục được duy trì"), None);
    }

    #[test]
    fn directory_resolves_aliases() {
        let dir =
            Directory::parse("UBND huyện | Ủy ban nhân dân huyện\n# comment\nBan Tổ chức Huyện ủy | BTC Huyện uỷ")
                .unwrap();
        assert_eq!(dir.len(), 2);
        assert_eq!(dir.resolve("Ủy ban nhân dân huyện"), Some("UBND huyện"));
        assert_eq!(dir.resolve("BTC Huyện ủy"), Some("Ban Tổ chức Huyện ủy"));
        assert_eq!(dir.resolve("Sở Y tế"), None);
        let json = Directory::parse(r#"[{"name": "Sở Y tế", "aliases": ["SYT"]}]"#).unwrap();
        assert_eq!(json.resolve("syt"), Some("Sở Y tế"));
        assert!(Directory::parse("[{\"aliases\": []}]").is_err());
    }

    #[test]
    fn vocabulary_is_written_folded() {
        for list in [BODY_HEADS, POST_HEADS, GROUP_HEADS, FIELD_NAMES, STOP_WORDS, LEVEL_WORDS, NEEDS_NAME, LOWER_POSTS]
        {
            for p in list {
                assert_eq!(&fold(p), p);
            }
        }
    }

    #[test]
    fn keys_compare_like_the_scorer() {
        assert_eq!(canonical_key("UBND huyện"), canonical_key("Ủy ban nhân dân Huyện"));
        assert_eq!(canonical_key("Các đồng chí Huyện uỷ viên"), canonical_key("Huyện ủy viên"));
        assert_eq!(display_name("Các đồng chí Huyện ủy viên"), "Huyện ủy viên");
    }
}
