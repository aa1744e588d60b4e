//! Directive documents (văn bản): header fields as read from the text, the original file and
//! the normalised text, and whether the import was confirmed. Also the normal form in which
//! document symbols ("604-KL/HU", "Số: 15/NQ-UBND") are compared.

use crate::ids::{DocumentId, OrgId};
use serde::{Deserialize, Serialize};
use time::Date;
use unicode_normalization::UnicodeNormalization;

/// Whether a document's tasks are still under review or live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentState {
    /// Imported, tasks proposed, not yet confirmed by the office: no live task exists.
    Draft,
    /// Confirmed: its tasks are live.
    Confirmed,
}

impl DocumentState {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentState::Draft => "draft",
            DocumentState::Confirmed => "confirmed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(DocumentState::Draft),
            "confirmed" => Some(DocumentState::Confirmed),
            _ => None,
        }
    }
}

/// Who signed a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    pub name: Option<String>,
    /// "T/M HUYỆN ỦY", "KT. CHỦ TỊCH".
    pub authority: Option<String>,
    /// "PHÓ BÍ THƯ".
    pub position: Option<String>,
}

/// The header fields of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentHeader {
    /// Number and symbol as written, e.g. "604-KL/HU".
    pub symbol: Option<String>,
    pub number: Option<String>,
    /// Type code: KL, TB, CT, NQ, KH, QĐ, CV, ...
    pub kind: Option<String>,
    /// "Kết luận".
    pub kind_name: Option<String>,
    pub issuer: Option<String>,
    pub place: Option<String>,
    /// Date of issue.
    pub date: Option<Date>,
    pub title: Option<String>,
    pub signer: Signer,
    pub recipients: Vec<String>,
}

/// A stored document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub org_id: OrgId,
    pub header: DocumentHeader,
    /// The uploaded file's name, e.g. "604-KL.docx".
    pub file_name: Option<String>,
    /// The normalised text (NFC) the tasks were extracted from.
    pub text: String,
    pub state: DocumentState,
}

/// The form in which symbols are compared: NFC, upper case, no spaces, no leading "Số"/"Số:",
/// dashes of any kind as '-'. "Số: 15/NQ-UBND" → "15/NQ-UBND".
pub fn normalise_symbol(symbol: &str) -> String {
    let s: String = symbol.nfc().collect::<String>().trim().to_string();
    let lower = s.to_lowercase();
    let rest = if lower.starts_with("số") {
        let cut = s.char_indices().nth(2).map(|(i, _)| i).unwrap_or(s.len());
        s[cut..].trim_start_matches([':', ' ', '.'])
    } else {
        s.as_str()
    };
    rest.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '–' | '—' | '‐' | '‑' => '-',
            c => c,
        })
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_compare_in_normal_form() {
        assert_eq!(normalise_symbol("Số 604-KL/HU"), "604-KL/HU");
        assert_eq!(normalise_symbol("Số: 15/NQ-UBND"), "15/NQ-UBND");
        assert_eq!(normalise_symbol(" 26 – CT/TU "), "26-CT/TU");
        assert_eq!(normalise_symbol("1360/ubnd-nn"), "1360/UBND-NN");
        assert_eq!(normalise_symbol("120-KL/TU"), normalise_symbol("120-kl/tu"));
    }
}
