//! People (cán bộ) and their posts (chức vụ): who may lead a task in person
//! ("đồng chí Chủ tịch UBND huyện").

use crate::ids::{OrgId, PersonId, UnitId};
use serde::{Deserialize, Serialize};

/// A person in the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub org_id: OrgId,
    pub full_name: String,
    /// The unit the person works in.
    pub unit_id: Option<UnitId>,
    /// The post held, e.g. "Chủ tịch UBND huyện", "Phó Bí thư Huyện ủy".
    pub post: Option<String>,
    pub active: bool,
}
