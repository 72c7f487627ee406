//! Administration: users (create, edit, disable, reset) and the audit log.

pub mod audit_filters;
pub mod audit_table;
pub mod model;
pub mod new_user_form;
pub mod one_time_password;
pub mod status_badges;
pub mod user_editor;
pub mod user_fields;
pub mod users_table;

pub use audit_filters::AuditFilters;
pub use audit_table::AuditTable;
pub use new_user_form::NewUserForm;
pub use user_editor::UserEditor;
pub use users_table::UsersTable;
