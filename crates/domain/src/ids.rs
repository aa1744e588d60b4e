//! Identifiers: one `i64` newtype per entity, so a unit id can never be passed where a task id
//! is expected. The numbers are the database's primary keys; the domain never invents them.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The raw number (the database key).
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                Self(v)
            }
        }

        impl From<$name> for i64 {
            fn from(v: $name) -> i64 {
                v.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    )*};
}

id_type!(
    /// An organisation (a Party committee or government office) — one installation serves several.
    OrgId,
    /// A unit (đơn vị) of an organisation's directory.
    UnitId,
    /// A person (cán bộ) in the directory.
    PersonId,
    /// A user account that can log in.
    UserId,
    /// A directive document (văn bản).
    DocumentId,
    /// A tracked task (nhiệm vụ); occurrences of recurring tasks have their own task ids.
    TaskId,
    /// A progress report (báo cáo tiến độ).
    ReportId,
    /// An extension request (đề nghị gia hạn).
    ExtensionId,
);
