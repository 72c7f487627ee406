//! The one place values are formatted for display, in zh and en: money,
//! counts and percentages, dates and times (always Asia/Shanghai), and the
//! tick formatters of chart axes.

pub mod date;
pub mod money;
pub mod number;

pub use date::{civil_from_days, format_date, format_datetime, month_label};
pub use money::{fmt_yuan, format_compact, format_fen, yuan_tick};
pub use number::{
    count_tick, fmt_count, fmt_pct, fmt_score, format_compact_count, format_int, format_pct,
    format_pp, format_signed_int, group_thousands, pct_text,
};
