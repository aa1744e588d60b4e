//! dondoc-domain: the entities and rules of dondoc — organisations, the unit directory, users
//! and roles, documents, tasks with exactly one lead (chủ trì), deadlines, occurrences of
//! recurring tasks, progress reports, extensions (gia hạn), status as of a date, statistics and
//! import drafts.
//!
//! Pure: no I/O, no async, no database, no clock. Every rule is a function of its inputs and a
//! date ("today" is always a parameter), so any rule can be tested at any date. Each rule lives
//! in the module named after it: status rules in [`status`], deadlines in [`deadline`], and so on.

pub mod dates;
pub mod deadline;
pub mod document;
pub mod draft;
pub mod error;
pub mod extension;
pub mod ids;
pub mod occurrence;
pub mod org;
pub mod person;
pub mod progress;
pub mod stats;
pub mod status;
pub mod task;
pub mod unit;
pub mod user;

pub use error::{DomainError, Result};
pub use ids::*;
