//! The one data table: a header row built from [`Column`]s, one `<tr>` per
//! row from a render function, optional sorting by header buttons (keyboard
//! reachable, announced with `aria-sort`) and an empty state. Rows are
//! rendered from a function of the row, so a windowed body can replace the
//! plain one without touching the callers.

use std::cmp::Ordering;

use leptos::prelude::*;

use super::states::EmptyState;
use crate::i18n::{T, use_i18n};

/// A column heading: a translated key, or a fixed text (a brand such as
/// "NPS", or a heading the data brings).
#[derive(Clone)]
pub enum Label {
    /// Translated with the current language.
    Key(T),
    /// Shown as it is.
    Text(String),
}

impl From<T> for Label {
    fn from(t: T) -> Self {
        Self::Key(t)
    }
}

impl From<&str> for Label {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<String> for Label {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

/// Orders two rows by one column.
pub type SortBy<V> = fn(&V, &V) -> Ordering;

/// One column of a [`DataTable`].
pub struct Column<V> {
    label: Label,
    num: bool,
    sort: Option<SortBy<V>>,
}

impl<V> Clone for Column<V> {
    fn clone(&self) -> Self {
        Self {
            label: self.label.clone(),
            num: self.num,
            sort: self.sort,
        }
    }
}

impl<V> Column<V> {
    /// A text column (left-aligned).
    pub fn text(label: impl Into<Label>) -> Self {
        Self {
            label: label.into(),
            num: false,
            sort: None,
        }
    }

    /// A number column (right-aligned, tabular figures).
    pub fn num(label: impl Into<Label>) -> Self {
        Self {
            num: true,
            ..Self::text(label)
        }
    }

    /// Sortable by `by`; the heading becomes a button.
    #[must_use]
    pub fn sorted(mut self, by: SortBy<V>) -> Self {
        self.sort = Some(by);
        self
    }

    /// `"num"` for number columns, for the cells of a hand-made row.
    pub fn class(&self) -> &'static str {
        if self.num { "num" } else { "" }
    }
}

/// Columns of a table whose first column is text and the rest numbers (the
/// dashboard tables, which also download as CSV with the same headings).
pub fn label_then_numbers<V>(header: &[String]) -> Vec<Column<V>> {
    header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if i == 0 {
                Column::text(h.clone())
            } else {
                Column::num(h.clone())
            }
        })
        .collect()
}

/// The rows in the order the sort state asks for: `(column, ascending)`.
/// Stable, so rows that tie keep the server's order.
pub fn sort_rows<V>(rows: &mut [V], columns: &[Column<V>], sort: Option<(usize, bool)>) {
    let Some((i, asc)) = sort else { return };
    let Some(by) = columns.get(i).and_then(|c| c.sort) else {
        return;
    };
    rows.sort_by(|a, b| if asc { by(a, b) } else { by(b, a) });
}

/// The next sort state after a click on column `i`: ascending first, then
/// descending, then back to the server's order.
pub fn next_sort(current: Option<(usize, bool)>, i: usize) -> Option<(usize, bool)> {
    match current {
        Some((c, true)) if c == i => Some((i, false)),
        Some((c, false)) if c == i => None,
        _ => Some((i, true)),
    }
}

fn aria_sort(current: Option<(usize, bool)>, i: usize) -> &'static str {
    match current {
        Some((c, true)) if c == i => "ascending",
        Some((c, false)) if c == i => "descending",
        _ => "none",
    }
}

/// A table of `rows`, one `<tr>` each from `row`.
#[component]
pub fn DataTable<V, R, IV>(
    /// The headings, in order.
    columns: Vec<Column<V>>,
    /// The rows, in the server's order.
    rows: Vec<V>,
    /// Renders one row as a `<tr>`.
    row: R,
    /// Extra classes on the `<table>` (beside `data`).
    #[prop(optional)]
    class: &'static str,
    /// Said instead of the table when there are no rows; without it an empty
    /// table shows only its headings.
    #[prop(optional, into)]
    empty: Option<Signal<String>>,
) -> impl IntoView
where
    V: Clone + Send + Sync + 'static,
    R: Fn(V) -> IV + Copy + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let i18n = use_i18n();
    if rows.is_empty()
        && let Some(title) = empty
    {
        return view! { <EmptyState title=title/> }.into_any();
    }
    let sort = RwSignal::new(None::<(usize, bool)>);
    let rows = StoredValue::new(rows);
    let columns = StoredValue::new(columns);
    let heads = columns.with_value(|cs| {
        cs.iter()
            .enumerate()
            .map(|(i, c)| {
                let label = c.label.clone();
                let text = move || match &label {
                    Label::Key(t) => i18n.t(*t).to_owned(),
                    Label::Text(s) => s.clone(),
                };
                let class = c.num.then_some("num");
                if c.sort.is_some() {
                    view! {
                        <th scope="col" class=class aria-sort=move || aria_sort(sort.get(), i)>
                            <button type="button" class="th-sort" on:click=move |_| sort.update(|s| *s = next_sort(*s, i))>
                                {text}
                                <span class="th-arrow" aria-hidden="true">{move || match sort.get() {
                                    Some((c, true)) if c == i => "▲",
                                    Some((c, false)) if c == i => "▼",
                                    _ => "",
                                }}</span>
                            </button>
                        </th>
                    }
                    .into_any()
                } else {
                    view! { <th scope="col" class=class>{text}</th> }.into_any()
                }
            })
            .collect_view()
    });
    let body = move || {
        let mut r = rows.get_value();
        columns.with_value(|cs| sort_rows(&mut r, cs, sort.get()));
        r.into_iter().map(row).collect_view()
    };
    let class = if class.is_empty() {
        "data".to_owned()
    } else {
        format!("data {class}")
    };
    view! {
        <div class="table-wrap">
            <table class=class>
                <thead><tr>{heads}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Vec<Column<(i32, &'static str)>> {
        vec![
            Column::num(T::ColAmount).sorted(|a, b| a.0.cmp(&b.0)),
            Column::text("NPS"),
        ]
    }

    #[test]
    fn sorts_ascending_descending_and_keeps_ties_stable() {
        let rows = vec![(2, "b"), (1, "a"), (2, "c"), (0, "d")];
        let mut r = rows.clone();
        sort_rows(&mut r, &cols(), Some((0, true)));
        assert_eq!(r, vec![(0, "d"), (1, "a"), (2, "b"), (2, "c")]);
        let mut r = rows.clone();
        sort_rows(&mut r, &cols(), Some((0, false)));
        assert_eq!(r, vec![(2, "b"), (2, "c"), (1, "a"), (0, "d")]);
        let mut r = rows.clone();
        sort_rows(&mut r, &cols(), None);
        assert_eq!(r, rows);
    }

    #[test]
    fn an_unsortable_or_missing_column_leaves_the_order() {
        let rows = vec![(2, "b"), (1, "a")];
        let mut r = rows.clone();
        sort_rows(&mut r, &cols(), Some((1, true)));
        assert_eq!(r, rows);
        sort_rows(&mut r, &cols(), Some((9, true)));
        assert_eq!(r, rows);
    }

    #[test]
    fn a_click_cycles_ascending_descending_none() {
        assert_eq!(next_sort(None, 2), Some((2, true)));
        assert_eq!(next_sort(Some((2, true)), 2), Some((2, false)));
        assert_eq!(next_sort(Some((2, false)), 2), None);
        assert_eq!(next_sort(Some((1, false)), 2), Some((2, true)));
        assert_eq!(aria_sort(Some((2, false)), 2), "descending");
        assert_eq!(aria_sort(Some((1, false)), 2), "none");
    }

    #[test]
    fn number_columns_are_right_aligned() {
        let c = cols();
        assert_eq!(c[0].class(), "num");
        assert_eq!(c[1].class(), "");
        let h = label_then_numbers::<()>(&["a".into(), "b".into(), "c".into()]);
        assert_eq!(
            h.iter().map(Column::class).collect::<Vec<_>>(),
            ["", "num", "num"]
        );
    }
}
