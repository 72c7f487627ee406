//! Customer search results and the customer 360 sections.

pub mod cards_panel;
pub mod header;
pub mod model;
pub mod profile_panel;
pub mod results_table;
pub mod spend_charts;
pub mod transactions_table;

pub use cards_panel::CardsPanel;
pub use header::CustomerHeader;
pub use profile_panel::ProfilePanel;
pub use results_table::ResultsTable;
pub use spend_charts::SpendCharts;
pub use transactions_table::TransactionsTable;
