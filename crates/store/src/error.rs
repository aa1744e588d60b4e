//! The store's typed errors: database failures, domain rule refusals (passed through with
//! their codes), scope refusals, and drafts that cannot be confirmed yet.

use dondoc_domain::draft::DraftIssue;
use dondoc_domain::DomainError;

/// Everything a repository method can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A domain rule refused the change (includes `NotPermitted` and `OutOfScope`).
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// Not found — or not visible to this actor (the two are not told apart, so that a unit
    /// cannot probe for another unit's tasks).
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    #[error("the draft has {} blocking problem(s)", .0.len())]
    DraftNotConfirmable(Vec<DraftIssue>),
    #[error("unsupported database URL (expected sqlite:// or postgres://): {0}")]
    UnsupportedUrl(String),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("conflict: {0}")]
    Conflict(&'static str),
}

impl StoreError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Db(_) => "store.db",
            StoreError::Migrate(_) => "store.migrate",
            StoreError::Domain(e) => e.code(),
            StoreError::NotFound { .. } => "store.not_found",
            StoreError::DraftNotConfirmable(_) => "draft.not_confirmable",
            StoreError::UnsupportedUrl(_) => "store.unsupported_url",
            StoreError::Corrupt(_) => "store.corrupt",
            StoreError::Json(_) => "store.json",
            StoreError::Conflict(_) => "store.conflict",
        }
    }

    /// Message for the person at the screen.
    pub fn message_vi(&self) -> String {
        match self {
            StoreError::Domain(e) => e.message_vi(),
            StoreError::NotFound { .. } => "Không tìm thấy dữ liệu, hoặc bạn không có quyền xem.".into(),
            StoreError::DraftNotConfirmable(issues) => {
                format!("Còn {} vấn đề cần xử lý trước khi xác nhận.", issues.len())
            }
            StoreError::Conflict(_) => "Dữ liệu đã được người khác thay đổi; hãy tải lại trang.".into(),
            _ => "Lỗi hệ thống khi đọc hoặc ghi dữ liệu; hãy thử lại hoặc báo quản trị.".into(),
        }
    }

    pub(crate) fn not_found(entity: &'static str) -> Self {
        StoreError::NotFound { entity }
    }

    pub(crate) fn corrupt(what: impl Into<String>) -> Self {
        StoreError::Corrupt(what.into())
    }
}

/// Shorthand.
pub type Result<T> = std::result::Result<T, StoreError>;
