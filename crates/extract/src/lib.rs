//! dondoc-extract: reads a Vietnamese directive (Kết luận, Thông báo kết luận, Chỉ thị, Kế
//! hoạch, Công văn…) and proposes the tasks it assigns — who leads each, by when, with which
//! targets and cited documents — with every field's span in the normalised text.
//!
//! Pure: no I/O, no clock, no database. The output is the JSON contract
//! `dondoc.extract/1` (`spec/extraction-output.md`).
//!
//! ```
//! let x = dondoc_extract::extract("Giao Sở Tài chính chủ trì rà soát, báo cáo trước ngày 20/02/2025.");
//! assert_eq!(x.tasks[0].lead.as_deref(), Some("Sở Tài chính"));
//! assert_eq!(x.tasks[0].deadline.due.map(|d| d.to_string()).as_deref(), Some("2025-02-19"));
//! ```

pub mod citation;
pub mod date;
pub mod deadline;
mod extract;
pub mod header;
pub mod layout;
pub mod marker;
pub mod model;
pub mod normalize;
pub mod target;
pub mod tasks;
pub mod text;
pub mod units;

pub use date::Date;
pub use extract::{extract, extract_with, Options};
pub use model::*;
pub use units::Directory;
