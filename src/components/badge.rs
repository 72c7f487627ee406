//! Status badges. Colour is never the only signal: the text says it too.

use leptos::prelude::*;

/// Badge colour, matching the semantic tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tone {
    /// Grey.
    #[default]
    Neutral,
    /// Green: good, low risk.
    Success,
    /// Amber: medium risk, attention.
    Warning,
    /// Red: high risk, problem.
    Danger,
    /// Blue: information.
    Info,
    /// Gold: platinum and diamond tiers only.
    Premium,
    /// Brand green.
    Brand,
}

impl Tone {
    /// CSS class.
    #[must_use]
    pub const fn class(self) -> &'static str {
        match self {
            Self::Neutral => "badge",
            Self::Success => "badge success",
            Self::Warning => "badge warning",
            Self::Danger => "badge danger",
            Self::Info => "badge info",
            Self::Premium => "badge premium",
            Self::Brand => "badge brand",
        }
    }
}

/// A small rounded label.
#[component]
pub fn Badge(
    /// Colour.
    #[prop(optional)]
    tone: Tone,
    /// Content.
    children: Children,
) -> impl IntoView {
    view! { <span class=tone.class()>{children()}</span> }
}
