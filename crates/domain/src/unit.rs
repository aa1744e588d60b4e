//! The directory of units (đơn vị): a tree per organisation (Huyện ủy → ban; UBND huyện →
//! phòng; xã, thị trấn), each with aliases, and the resolution of a name written in a document
//! ("UBND huyện", "Uỷ ban nhân dân huyện") to a unit.
//!
//! Resolution goes exact name → exact alias → folded comparison. Folding ignores case,
//! spacing and punctuation, treats the old and new tone placement alike ("uỷ" = "ủy",
//! "hoà" = "hòa"), and expands the usual abbreviations (UBND, HĐND, BTV, UBKT, MTTQ, VP).
//! A name that matches nothing is reported as unknown — never silently created.

use crate::error::{DomainError, Result};
use crate::ids::{OrgId, UnitId};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;

/// A unit of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub org_id: OrgId,
    /// The unit above this one, `None` at the top.
    pub parent_id: Option<UnitId>,
    /// Official name, e.g. "Ủy ban nhân dân huyện".
    pub name: String,
    /// Other names it goes by, e.g. "UBND huyện".
    pub aliases: Vec<String>,
    pub active: bool,
}

/// The abbreviations expanded before folded comparison.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("BTV", "Ban Thường vụ"),
    ("UBKT", "Ủy ban Kiểm tra"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("VP", "Văn phòng"),
];

/// Vietnamese tone marks as combining characters (after NFD).
fn tone_digit(c: char) -> Option<char> {
    match c {
        '\u{0301}' => Some('1'), // sắc
        '\u{0300}' => Some('2'), // huyền
        '\u{0309}' => Some('3'), // hỏi
        '\u{0303}' => Some('4'), // ngã
        '\u{0323}' => Some('5'), // nặng
        _ => None,
    }
}

/// Folds one word: lower case, tone mark moved to the end as a digit (so its placement inside
/// the syllable no longer matters), other diacritics kept.
fn fold_word(word: &str) -> String {
    let mut base = String::new();
    let mut tone = None;
    for c in word.nfd() {
        if let Some(t) = tone_digit(c) {
            tone = Some(t);
        } else if c.is_alphanumeric() || is_combining_vowel_mark(c) {
            base.extend(c.to_lowercase());
        }
    }
    let mut out: String = base.nfc().collect();
    if let Some(t) = tone {
        out.push(t);
    }
    out
}

fn is_combining_vowel_mark(c: char) -> bool {
    // circumflex, breve, horn
    matches!(c, '\u{0302}' | '\u{0306}' | '\u{031B}')
}

/// The folded key of a name: words folded and abbreviations expanded, joined by single spaces.
/// Two names with the same key denote the same unit.
pub fn fold_name(name: &str) -> String {
    let abbr: HashMap<String, Vec<String>> = ABBREVIATIONS
        .iter()
        .map(|(a, full)| (fold_word(a), full.split_whitespace().map(fold_word).collect()))
        .collect();
    let mut out: Vec<String> = Vec::new();
    for raw in name.split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '\'')) {
        let w = fold_word(raw);
        if w.is_empty() {
            continue;
        }
        match abbr.get(&w) {
            Some(full) => out.extend(full.iter().cloned()),
            None => out.push(w),
        }
    }
    out.join(" ")
}

/// Trims and collapses whitespace, NFC: the form compared for an exact match.
pub fn clean_name(name: &str) -> String {
    let n: String = name.nfc().collect();
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How a name was matched to the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "match", rename_all = "snake_case")]
pub enum Resolution {
    /// Equal to a unit's official name.
    Exact { unit: UnitId },
    /// Equal to one of a unit's aliases.
    Alias { unit: UnitId },
    /// Equal after folding case, tone placement and abbreviations.
    Folded { unit: UnitId },
    /// Several units match; the office must choose.
    Ambiguous { candidates: Vec<UnitId> },
    /// Nothing matches; flagged for the office, never created.
    Unknown,
}

impl Resolution {
    /// The unit, when exactly one matched.
    pub fn unit(&self) -> Option<UnitId> {
        match self {
            Resolution::Exact { unit } | Resolution::Alias { unit } | Resolution::Folded { unit } => Some(*unit),
            _ => None,
        }
    }
}

/// One organisation's units, checked to form a forest.
#[derive(Debug, Clone, Default)]
pub struct UnitDirectory {
    units: Vec<Unit>,
    by_id: HashMap<UnitId, usize>,
}

impl UnitDirectory {
    /// Builds the directory of `org`, refusing units of other organisations, unknown parents,
    /// duplicate ids, empty names and cycles.
    pub fn new(org: OrgId, units: Vec<Unit>) -> Result<Self> {
        let mut by_id = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            if u.org_id != org {
                return Err(DomainError::UnitOtherOrg { unit: u.id.0 });
            }
            if u.name.trim().is_empty() {
                return Err(DomainError::UnitNameEmpty);
            }
            if by_id.insert(u.id, i).is_some() {
                return Err(DomainError::UnitDuplicate { unit: u.id.0 });
            }
        }
        for u in &units {
            if let Some(p) = u.parent_id {
                if !by_id.contains_key(&p) {
                    return Err(DomainError::UnitParentMissing { unit: u.id.0, parent: p.0 });
                }
            }
        }
        let dir = UnitDirectory { units, by_id };
        for u in &dir.units {
            let mut seen = HashSet::new();
            let mut cur = Some(u.id);
            while let Some(c) = cur {
                if !seen.insert(c) {
                    return Err(DomainError::UnitCycle { unit: u.id.0 });
                }
                cur = dir.get(c).and_then(|x| x.parent_id);
            }
        }
        Ok(dir)
    }

    /// All units, in the order given.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// A unit by id.
    pub fn get(&self, id: UnitId) -> Option<&Unit> {
        self.by_id.get(&id).map(|&i| &self.units[i])
    }

    /// The units directly under `id`.
    pub fn children(&self, id: UnitId) -> Vec<&Unit> {
        self.units.iter().filter(|u| u.parent_id == Some(id)).collect()
    }

    /// The chain of units above `id`, nearest first.
    pub fn ancestors(&self, id: UnitId) -> Vec<UnitId> {
        let mut out = Vec::new();
        let mut cur = self.get(id).and_then(|u| u.parent_id);
        while let Some(c) = cur {
            out.push(c);
            cur = self.get(c).and_then(|u| u.parent_id);
        }
        out
    }

    /// `id` and every unit below it.
    pub fn subtree(&self, id: UnitId) -> Vec<UnitId> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            let cur = out[i];
            out.extend(self.children(cur).iter().map(|u| u.id));
            i += 1;
        }
        out
    }

    /// Resolves a name written in a document to one active unit.
    pub fn resolve(&self, name: &str) -> Resolution {
        let clean = clean_name(name);
        if clean.is_empty() {
            return Resolution::Unknown;
        }
        let active = || self.units.iter().filter(|u| u.active);
        let pick = |ids: Vec<UnitId>, f: fn(UnitId) -> Resolution| -> Option<Resolution> {
            let mut ids = ids;
            ids.sort();
            ids.dedup();
            match ids.len() {
                0 => None,
                1 => Some(f(ids[0])),
                _ => Some(Resolution::Ambiguous { candidates: ids }),
            }
        };
        let exact: Vec<UnitId> = active().filter(|u| clean_name(&u.name) == clean).map(|u| u.id).collect();
        if let Some(r) = pick(exact, |unit| Resolution::Exact { unit }) {
            return r;
        }
        let alias: Vec<UnitId> =
            active().filter(|u| u.aliases.iter().any(|a| clean_name(a) == clean)).map(|u| u.id).collect();
        if let Some(r) = pick(alias, |unit| Resolution::Alias { unit }) {
            return r;
        }
        let key = fold_name(&clean);
        let folded: Vec<UnitId> = active()
            .filter(|u| fold_name(&u.name) == key || u.aliases.iter().any(|a| fold_name(a) == key))
            .map(|u| u.id)
            .collect();
        pick(folded, |unit| Resolution::Folded { unit }).unwrap_or(Resolution::Unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(id: i64, parent: Option<i64>, name: &str, aliases: &[&str]) -> Unit {
        Unit {
            id: UnitId(id),
            org_id: OrgId(1),
            parent_id: parent.map(UnitId),
            name: name.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            active: true,
        }
    }

    fn dir() -> UnitDirectory {
        UnitDirectory::new(
            OrgId(1),
            vec![
                u(1, None, "Huyện ủy", &["HU"]),
                u(2, Some(1), "Ban Thường vụ Huyện ủy", &[]),
                u(3, Some(1), "Ủy ban Kiểm tra Huyện ủy", &[]),
                u(4, Some(1), "Văn phòng Huyện ủy", &[]),
                u(5, None, "Ủy ban nhân dân huyện", &["UBND huyện"]),
                u(6, Some(5), "Phòng Tài nguyên và Môi trường", &["Phòng TN&MT"]),
                u(7, None, "Hội đồng nhân dân huyện", &[]),
                u(8, None, "Ủy ban Mặt trận Tổ quốc Việt Nam huyện", &["Ủy ban MTTQ huyện"]),
            ],
        )
        .unwrap()
    }

    #[test]
    fn folding_ignores_case_tone_placement_and_abbreviations() {
        assert_eq!(fold_name("Uỷ ban nhân dân huyện"), fold_name("ỦY BAN NHÂN DÂN HUYỆN"));
        assert_eq!(fold_name("UBND huyện"), fold_name("Ủy ban nhân dân  huyện"));
        assert_eq!(fold_name("hoà"), fold_name("hòa"));
        assert_ne!(fold_name("hoà"), fold_name("hoa"));
        assert_eq!(fold_name("BTV Huyện ủy"), fold_name("Ban Thường vụ Huyện uỷ"));
        assert_eq!(fold_name("HĐND huyện"), fold_name("Hội đồng nhân dân huyện"));
        // decomposed input (NFD) folds like composed input
        let nfd: String = "Ủy ban".nfd().collect();
        assert_eq!(fold_name(&nfd), fold_name("Ủy ban"));
    }

    #[test]
    fn resolution_order() {
        let d = dir();
        assert_eq!(d.resolve("Huyện ủy"), Resolution::Exact { unit: UnitId(1) });
        assert_eq!(d.resolve(" UBND  huyện "), Resolution::Alias { unit: UnitId(5) });
        assert_eq!(d.resolve("Uỷ ban nhân dân huyện"), Resolution::Folded { unit: UnitId(5) });
        assert_eq!(d.resolve("BTV Huyện ủy"), Resolution::Folded { unit: UnitId(2) });
        assert_eq!(d.resolve("UBKT Huyện uỷ"), Resolution::Folded { unit: UnitId(3) });
        assert_eq!(d.resolve("VP Huyện ủy"), Resolution::Folded { unit: UnitId(4) });
        assert_eq!(d.resolve("HĐND huyện"), Resolution::Folded { unit: UnitId(7) });
        assert_eq!(d.resolve("Uỷ ban MTTQ huyện"), Resolution::Folded { unit: UnitId(8) });
        assert_eq!(d.resolve("ngành chức năng"), Resolution::Unknown);
        assert_eq!(d.resolve(""), Resolution::Unknown);
    }

    #[test]
    fn ambiguous_and_inactive() {
        let mut units = dir().units().to_vec();
        units.push(u(9, None, "Ủy ban nhân dân Huyện", &[]));
        let d = UnitDirectory::new(OrgId(1), units.clone()).unwrap();
        assert_eq!(d.resolve("UBND  Huyện"), Resolution::Ambiguous { candidates: vec![UnitId(5), UnitId(9)] });
        units.last_mut().unwrap().active = false;
        let d = UnitDirectory::new(OrgId(1), units).unwrap();
        assert_eq!(d.resolve("Ủy ban nhân dân Huyện").unit(), Some(UnitId(5)));
    }

    #[test]
    fn tree_checks() {
        let d = dir();
        assert_eq!(d.ancestors(UnitId(6)), vec![UnitId(5)]);
        assert_eq!(d.subtree(UnitId(1)).len(), 4);
        assert_eq!(d.children(UnitId(5)).len(), 1);
        let cyc = vec![u(1, Some(2), "A", &[]), u(2, Some(1), "B", &[])];
        assert_eq!(UnitDirectory::new(OrgId(1), cyc).unwrap_err().code(), "unit.cycle");
        let missing = vec![u(1, Some(9), "A", &[])];
        assert_eq!(UnitDirectory::new(OrgId(1), missing).unwrap_err().code(), "unit.parent_missing");
        let mut other = u(1, None, "A", &[]);
        other.org_id = OrgId(2);
        assert_eq!(UnitDirectory::new(OrgId(1), vec![other]).unwrap_err().code(), "unit.other_org");
    }
}
