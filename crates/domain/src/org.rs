//! Organisations (tổ chức): a Party committee or a government office. One installation serves
//! several (a province and its districts); every record belongs to exactly one, and nothing is
//! shared across them.

use crate::ids::OrgId;
use serde::{Deserialize, Serialize};

/// An organisation using dondoc.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrgId,
    /// Full name, e.g. "Huyện ủy Sơn Động".
    pub name: String,
    /// Short code used in document symbols, e.g. "HU".
    pub code: Option<String>,
    /// Whether documents are written in the Party form (`Số 15-NQ/HU`, `T/M`) or the state
    /// form (`Số: 15/NQ-UBND`, `TM.`).
    pub party_form: bool,
}
