//! Shared UI. Nothing here imports from `features` or `pages`.

pub mod badge;
pub mod chart;
pub mod data_table;
pub mod dialog;
pub mod icons;
pub mod lang_toggle;
pub mod money;
pub mod paged;
pub mod pagination;
pub mod states;
