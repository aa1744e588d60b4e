//! The extraction result: exactly the JSON contract of `spec/extraction-output.md`
//! (`dondoc.extract/1`). Field names here are that contract; add fields, never rename.

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// Schema identifier written into every result.
pub const SCHEMA: &str = "dondoc.extract/1";

/// Everything read from one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub schema: String,
    pub document: DocumentInfo,
    pub tasks: Vec<Task>,
    pub references: Vec<Reference>,
    /// Plain sentences for the reviewer, in Vietnamese.
    pub warnings: Vec<String>,
    /// The same warnings with a machine code and the span they concern.
    #[serde(default)]
    pub warning_details: Vec<Warning>,
    /// The normalised text all offsets point into (only with `Options::with_text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_normalised: Option<String>,
}

/// The document's header and closing fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// Number and symbol as written ("604-KL/HU", "11/TB-UBND").
    pub symbol: Option<String>,
    pub number: Option<String>,
    /// Type code: KL, TB, CT, NQ, KH, QĐ, CV, BC, HD, CTr, TT, …
    pub kind: Option<String>,
    pub kind_name: Option<String>,
    pub issuer: Option<String>,
    pub place: Option<String>,
    pub date: Option<Date>,
    pub title: Option<String>,
    pub signer: Option<Signer>,
    pub recipients: Vec<String>,
}

/// The signature block: "T/M HUYỆN ỦY / PHÓ BÍ THƯ / Đỗ Văn Cẩm".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    pub name: Option<String>,
    /// "T/M HUYỆN ỦY", "KT. CHỦ TỊCH" — the capacity the signer signs in.
    pub authority: Option<String>,
    pub position: Option<String>,
}

/// One proposed task (nhiệm vụ).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Its place in the outline ("1.(4)"), unique within the document.
    pub id: String,
    /// The id of the task that groups this one.
    pub parent: Option<String>,
    /// The whole text, page breaks repaired, white space folded.
    pub text: String,
    /// Byte offsets into the normalised text.
    pub start: usize,
    pub end: usize,
    /// The one lead body (chủ trì).
    pub lead: Option<String>,
    /// A person or post who leads in person ("Chủ tịch UBND huyện").
    pub lead_person: Option<String>,
    /// Coordinating bodies (phối hợp).
    pub coordinators: Vec<String>,
    pub deadline: Deadline,
    pub targets: Vec<Target>,
    /// Symbols of the documents this task cites.
    pub references: Vec<String>,
}

/// How a deadline is expressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeadlineKind {
    Date,
    Month,
    Quarter,
    Half,
    Year,
    Recurring,
    Ongoing,
    None,
}

/// The period of a recurring task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Weekly,
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

/// A deadline (thời hạn) read from words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// The last day that counts as on time; null for recurring, ongoing and none.
    pub due: Option<Date>,
    pub period: Option<Period>,
    pub text: Option<String>,
    pub start: Option<usize>,
    pub end: Option<usize>,
}

impl Deadline {
    /// No deadline at all.
    pub fn none() -> Self {
        Deadline { kind: DeadlineKind::None, due: None, period: None, text: None, start: None, end: None }
    }
}

/// Comparison in a numeric target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "=")]
    Eq,
}

/// A numeric target (chỉ tiêu): "tỷ lệ giải quyết đơn thư … đạt trên 90%".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub indicator: String,
    pub op: Op,
    pub value: f64,
    pub unit: Option<String>,
    pub period: Option<Period>,
    pub text: String,
    #[serde(default)]
    pub start: usize,
    #[serde(default)]
    pub end: usize,
}

/// A document cited in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub symbol: String,
    pub kind: Option<String>,
    pub number: Option<String>,
    pub date: Option<Date>,
    pub issuer: Option<String>,
    pub text: String,
    #[serde(default)]
    pub start: usize,
    #[serde(default)]
    pub end: usize,
}

/// A warning with its machine code and, where it has one, its place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// duplicate_number, skipped_number, task_without_lead, deadline_before_document,
    /// unreadable_header, unreadable_date, blank_number
    pub code: String,
    pub message: String,
    pub task: Option<String>,
    pub start: Option<usize>,
    pub end: Option<usize>,
}
