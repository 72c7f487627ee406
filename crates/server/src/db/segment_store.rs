//! Saved segments: the paths callers know them by. They live in
//! [`super::segments`], with the one `FROM` clause and binder every segment
//! query shares; [`count`] here is [`super::segments::live_count`].

pub use super::segments::{
    bind_all, create, delete, get, history, install_ready_made, list, live_count as count,
    member_ids, record_all_sizes, record_size, size, update,
};
