//! Money on the wire: integer fen (1/100 yuan) plus an ISO 4217 currency code.

use serde::{Deserialize, Serialize};

/// An amount of money in the currency's minor unit (fen for CNY).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// Amount in minor units (fen). Negative for credits.
    pub fen: i64,
    /// ISO 4217 code, e.g. `CNY`.
    pub currency: String,
}

impl Money {
    /// Renminbi amount in fen.
    #[must_use]
    pub fn cny(fen: i64) -> Self {
        Self {
            fen,
            currency: "CNY".to_owned(),
        }
    }
}
