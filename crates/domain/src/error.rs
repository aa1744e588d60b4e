//! The domain's typed errors. Each has a stable machine code (`code()`, for the API and logs)
//! and a Vietnamese message (`message_vi()`, for the person at the screen) telling what to fix.

use crate::user::{Permission, Role};
use time::Date;

/// Every rule the domain can refuse.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DomainError {
    // --- directory ---
    #[error("unit name is empty")]
    UnitNameEmpty,
    #[error("unit {unit} names a parent {parent} that is not in the directory")]
    UnitParentMissing { unit: i64, parent: i64 },
    #[error("unit {unit} belongs to another organisation")]
    UnitOtherOrg { unit: i64 },
    #[error("the unit tree has a cycle through unit {unit}")]
    UnitCycle { unit: i64 },
    #[error("unit id {unit} appears twice")]
    UnitDuplicate { unit: i64 },
    #[error("unknown role `{0}`")]
    UnknownRole(String),

    // --- permissions ---
    #[error("role {role:?} may not {permission:?}")]
    NotPermitted { role: Role, permission: Permission },
    #[error("this task is outside the user's unit")]
    OutOfScope,

    // --- deadlines ---
    #[error("deadline kind `{0}` is unknown")]
    UnknownDeadlineKind(String),
    #[error("period `{0}` is unknown")]
    UnknownPeriod(String),
    #[error("a {kind} deadline needs a due date")]
    DeadlineDueMissing { kind: &'static str },
    #[error("a recurring deadline needs a period")]
    DeadlinePeriodMissing,
    #[error("a {kind} deadline has no due date")]
    DeadlineDueNotAllowed { kind: &'static str },
    #[error("deadline {due} is before the document date {document_date}")]
    DeadlineBeforeDocument { due: Date, document_date: Date },
    #[error("day {day} is not a valid day of a {period} period")]
    InvalidDayOfPeriod { day: u8, period: &'static str },
    #[error("horizon {horizon} is before the start {start}")]
    HorizonBeforeStart { start: Date, horizon: Date },
    #[error("a recurring task would have more than {max} occurrences")]
    TooManyOccurrences { max: usize },

    // --- tasks ---
    #[error("the task has no lead unit")]
    LeadMissing,
    #[error("lead unit `{name}` is not in the directory")]
    LeadUnresolved { name: String },
    #[error("coordinator `{name}` is not in the directory")]
    CoordinatorUnresolved { name: String },
    #[error("lead unit `{name}` matches several units")]
    LeadAmbiguous { name: String },
    #[error("the lead unit is also listed as a coordinator")]
    LeadIsCoordinator,
    #[error("a coordinator is listed twice")]
    DuplicateCoordinator,
    #[error("the task text is empty")]
    TaskTextEmpty,
    #[error("cannot {action} a task that is {state}")]
    InvalidTransition { action: &'static str, state: &'static str },
    #[error("a cancellation needs a reason")]
    CancelReasonEmpty,
    #[error("target operator `{0}` is unknown")]
    UnknownTargetOp(String),

    // --- progress ---
    #[error("percent {0} is outside 0..=100")]
    PercentOutOfRange(i64),
    #[error("the report's narrative is empty")]
    NarrativeEmpty,
    #[error("the report's narrative is longer than {max} characters")]
    NarrativeTooLong { max: usize },
    #[error("an attachment has no name")]
    AttachmentNameEmpty,
    #[error("attachment `{name}` is {size} bytes, more than {max}")]
    AttachmentTooLarge { name: String, size: u64, max: u64 },
    #[error("a completion report must say 100%")]
    CompletionNeedsFullPercent,
    #[error("the report date {reported_on} is in the future of {today}")]
    ReportInFuture { reported_on: Date, today: Date },

    // --- extensions ---
    #[error("the task has no deadline to extend")]
    ExtensionNoDeadline,
    #[error("requested deadline {requested} is not later than the current {current}")]
    ExtensionNotLater { requested: Date, current: Date },
    #[error("an extension request needs a reason")]
    ExtensionReasonEmpty,
    #[error("the extension request was already decided")]
    ExtensionAlreadyDecided,
    #[error("the decision date {decided_on} is before the request date {requested_on}")]
    ExtensionDecidedBeforeRequest { requested_on: Date, decided_on: Date },

    // --- drafts ---
    #[error("draft task {0} does not exist")]
    DraftTaskNotFound(u32),
    #[error("a split needs at least two parts")]
    SplitTooFew,
    #[error("a merge needs at least two tasks")]
    MergeTooFew,
    #[error("the draft was already confirmed")]
    DraftAlreadyConfirmed,
    #[error("the draft has {0} blocking problem(s)")]
    DraftNotConfirmable(usize),
}

impl DomainError {
    /// A stable machine code, e.g. `deadline.before_document`. Never renamed.
    pub fn code(&self) -> &'static str {
        use DomainError::*;
        match self {
            UnitNameEmpty => "unit.name_empty",
            UnitParentMissing { .. } => "unit.parent_missing",
            UnitOtherOrg { .. } => "unit.other_org",
            UnitCycle { .. } => "unit.cycle",
            UnitDuplicate { .. } => "unit.duplicate",
            UnknownRole(_) => "user.unknown_role",
            NotPermitted { .. } => "auth.not_permitted",
            OutOfScope => "auth.out_of_scope",
            UnknownDeadlineKind(_) => "deadline.unknown_kind",
            UnknownPeriod(_) => "deadline.unknown_period",
            DeadlineDueMissing { .. } => "deadline.due_missing",
            DeadlinePeriodMissing => "deadline.period_missing",
            DeadlineDueNotAllowed { .. } => "deadline.due_not_allowed",
            DeadlineBeforeDocument { .. } => "deadline.before_document",
            InvalidDayOfPeriod { .. } => "deadline.invalid_day_of_period",
            HorizonBeforeStart { .. } => "occurrence.horizon_before_start",
            TooManyOccurrences { .. } => "occurrence.too_many",
            LeadMissing => "task.lead_missing",
            LeadUnresolved { .. } => "task.lead_unresolved",
            LeadAmbiguous { .. } => "task.lead_ambiguous",
            CoordinatorUnresolved { .. } => "task.coordinator_unresolved",
            LeadIsCoordinator => "task.lead_is_coordinator",
            DuplicateCoordinator => "task.duplicate_coordinator",
            TaskTextEmpty => "task.text_empty",
            InvalidTransition { .. } => "task.invalid_transition",
            CancelReasonEmpty => "task.cancel_reason_empty",
            UnknownTargetOp(_) => "task.unknown_target_op",
            PercentOutOfRange(_) => "progress.percent_out_of_range",
            NarrativeEmpty => "progress.narrative_empty",
            NarrativeTooLong { .. } => "progress.narrative_too_long",
            AttachmentNameEmpty => "progress.attachment_name_empty",
            AttachmentTooLarge { .. } => "progress.attachment_too_large",
            CompletionNeedsFullPercent => "progress.completion_needs_100",
            ReportInFuture { .. } => "progress.in_future",
            ExtensionNoDeadline => "extension.no_deadline",
            ExtensionNotLater { .. } => "extension.not_later",
            ExtensionReasonEmpty => "extension.reason_empty",
            ExtensionAlreadyDecided => "extension.already_decided",
            ExtensionDecidedBeforeRequest { .. } => "extension.decided_before_request",
            DraftTaskNotFound(_) => "draft.task_not_found",
            SplitTooFew => "draft.split_too_few",
            MergeTooFew => "draft.merge_too_few",
            DraftAlreadyConfirmed => "draft.already_confirmed",
            DraftNotConfirmable(_) => "draft.not_confirmable",
        }
    }

    /// The message shown to a Vietnamese user: what is wrong and, where it helps, what to do.
    pub fn message_vi(&self) -> String {
        use crate::dates::vi;
        use DomainError::*;
        match self {
            UnitNameEmpty => "Tên đơn vị không được để trống.".into(),
            UnitParentMissing { .. } => "Đơn vị cấp trên không có trong danh mục.".into(),
            UnitOtherOrg { .. } => "Đơn vị thuộc tổ chức khác.".into(),
            UnitCycle { .. } => "Cây đơn vị bị lặp vòng: một đơn vị không thể là cấp trên của chính nó.".into(),
            UnitDuplicate { .. } => "Mã đơn vị bị trùng.".into(),
            UnknownRole(r) => format!("Vai trò \"{r}\" không hợp lệ."),
            NotPermitted { role, .. } => {
                format!("Tài khoản có vai trò {} không được phép thực hiện thao tác này.", role.label_vi())
            }
            OutOfScope => "Nhiệm vụ này không thuộc đơn vị của bạn.".into(),
            UnknownDeadlineKind(k) => format!("Loại thời hạn \"{k}\" không hợp lệ."),
            UnknownPeriod(p) => format!("Chu kỳ \"{p}\" không hợp lệ."),
            DeadlineDueMissing { .. } => "Thời hạn này cần có ngày hết hạn.".into(),
            DeadlinePeriodMissing => "Nhiệm vụ định kỳ cần có chu kỳ (hằng tuần, hằng tháng, hằng quý...).".into(),
            DeadlineDueNotAllowed { .. } => "Loại thời hạn này không có ngày hết hạn.".into(),
            DeadlineBeforeDocument { due, document_date } => {
                format!("Thời hạn {} sớm hơn ngày ban hành văn bản {}.", vi(*due), vi(*document_date))
            }
            InvalidDayOfPeriod { day, .. } => format!("Ngày {day} không hợp lệ trong chu kỳ."),
            HorizonBeforeStart { .. } => "Ngày kết thúc theo dõi sớm hơn ngày bắt đầu.".into(),
            TooManyOccurrences { max } => format!("Nhiệm vụ định kỳ vượt quá {max} kỳ."),
            LeadMissing => "Nhiệm vụ chưa có đơn vị chủ trì (mỗi nhiệm vụ phải có đúng 01 đơn vị chủ trì).".into(),
            LeadUnresolved { name } => format!(
                "Đơn vị chủ trì \"{name}\" không có trong danh mục đơn vị; hãy chọn đơn vị hoặc thêm vào danh mục."
            ),
            CoordinatorUnresolved { name } => {
                format!("Đơn vị phối hợp \"{name}\" không có trong danh mục; nếu cần, hãy chọn đơn vị tương ứng.")
            }
            LeadAmbiguous { name } => format!("Tên \"{name}\" khớp với nhiều đơn vị; hãy chọn một đơn vị chủ trì."),
            LeadIsCoordinator => "Đơn vị chủ trì không đồng thời là đơn vị phối hợp.".into(),
            DuplicateCoordinator => "Một đơn vị phối hợp bị ghi hai lần.".into(),
            TaskTextEmpty => "Nội dung nhiệm vụ không được để trống.".into(),
            InvalidTransition { action, state } => {
                format!("Không thể {} nhiệm vụ đang ở trạng thái {}.", action_vi(action), state_vi(state))
            }
            CancelReasonEmpty => "Hủy nhiệm vụ phải nêu lý do.".into(),
            UnknownTargetOp(op) => format!("Phép so sánh chỉ tiêu \"{op}\" không hợp lệ."),
            PercentOutOfRange(p) => format!("Tỷ lệ hoàn thành {p}% phải nằm trong khoảng 0–100%."),
            NarrativeEmpty => "Báo cáo tiến độ cần có nội dung.".into(),
            NarrativeTooLong { max } => format!("Nội dung báo cáo dài quá {max} ký tự."),
            AttachmentNameEmpty => "Tệp đính kèm chưa có tên.".into(),
            AttachmentTooLarge { name, max, .. } => {
                format!("Tệp \"{name}\" vượt quá dung lượng cho phép ({} MB).", max / (1024 * 1024))
            }
            CompletionNeedsFullPercent => "Báo cáo hoàn thành phải đạt 100%.".into(),
            ReportInFuture { reported_on, .. } => {
                format!("Ngày báo cáo {} chưa đến.", vi(*reported_on))
            }
            ExtensionNoDeadline => "Nhiệm vụ không có thời hạn nên không thể gia hạn.".into(),
            ExtensionNotLater { requested, current } => {
                format!("Thời hạn đề nghị {} phải muộn hơn thời hạn hiện tại {}.", vi(*requested), vi(*current))
            }
            ExtensionReasonEmpty => "Đề nghị gia hạn phải nêu lý do.".into(),
            ExtensionAlreadyDecided => "Đề nghị gia hạn này đã được xem xét.".into(),
            ExtensionDecidedBeforeRequest { .. } => "Ngày quyết định sớm hơn ngày đề nghị gia hạn.".into(),
            DraftTaskNotFound(k) => format!("Không tìm thấy nhiệm vụ dự thảo số {k}."),
            SplitTooFew => "Tách nhiệm vụ cần ít nhất hai phần.".into(),
            MergeTooFew => "Gộp nhiệm vụ cần ít nhất hai nhiệm vụ.".into(),
            DraftAlreadyConfirmed => "Văn bản này đã được xác nhận.".into(),
            DraftNotConfirmable(n) => format!("Còn {n} vấn đề cần xử lý trước khi xác nhận."),
        }
    }
}

fn action_vi(action: &str) -> &'static str {
    match action {
        "report_completion" => "báo cáo hoàn thành",
        "accept" => "công nhận hoàn thành",
        "send_back" => "trả lại",
        "cancel" => "hủy",
        "reopen" => "mở lại",
        _ => "thay đổi",
    }
}

fn state_vi(state: &str) -> &'static str {
    match state {
        "open" => "đang thực hiện",
        "completion_reported" => "chờ công nhận hoàn thành",
        "done" => "đã hoàn thành",
        "cancelled" => "đã hủy",
        _ => "khác",
    }
}

/// Shorthand for results of the domain's rules.
pub type Result<T> = std::result::Result<T, DomainError>;
