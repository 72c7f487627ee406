//! Customer search results and the customer 360 sections.

pub mod cards_panel;
pub mod header;
pub mod insight_panel;
pub mod model;
pub mod offers_panel;
pub mod points_section;
pub mod preferences_panel;
pub mod profile_panel;
pub mod results_table;
pub mod reveal_dialog;
pub mod sections;
pub mod spend_charts;
pub mod tabs;
pub mod transactions_table;

pub use cards_panel::CardsPanel;
pub use header::CustomerHeader;
pub use insight_panel::InsightPanel;
pub use offers_panel::OffersPanel;
pub use points_section::PointsSection;
pub use preferences_panel::{PreferencesSummary, SpendingPatterns};
pub use profile_panel::ProfilePanel;
pub use results_table::ResultsTable;
pub use reveal_dialog::RevealNationalId;
pub use sections::{
    InstallmentsSection, PaymentsSection, ServiceSection, StatementsSection, SurveysSection,
};
pub use spend_charts::SpendCharts;
pub use transactions_table::TransactionsTable;
